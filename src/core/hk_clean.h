/* hk_clean.h - text a server sent, made safe for a terminal and the state file.
 *
 * Two filters, applied together by hk_text_clean at the points where server
 * text leaves heiiki (hk_error_format, the pre-flight findings, the wizard):
 *  - hk_text_sanitize drops terminal control: ESC sequences (CSI such as
 *    ESC[2J, OSC such as the title or the OSC 52 clipboard, up to BEL or ST),
 *    C0 controls but newline and tab, DEL, C1 controls (U+0080..U+009F and
 *    the raw bytes 0x80..0x9F), and replaces invalid UTF-8 by '?';
 *  - hk_redact_text masks every secret registered with hk_redact_add (the
 *    AWS secret and session token, the client secret, each live OAuth token;
 *    the network loop registers each one it is given) and the credential after
 *    "Bearer " or "Basic ", so a server that echoes Authorization shows ***. */
#ifndef HK_CLEAN_H
#define HK_CLEAN_H

#include <stddef.h>

#define HK_TEXT_KEEP_NEWLINES 1   /* keep '\n' and '\t' (otherwise each becomes a space) */

/* In place; returns the new length. */
size_t hk_text_sanitize(char *s, int flags);

/* Remember a secret (copied; ignored when shorter than 4 bytes). */
void hk_redact_add(const char *secret);
/* Forget (and wipe) every registered secret. */
void hk_redact_clear(void);
/* Mask registered secrets and Bearer/Basic credentials in place with '*'. */
void hk_redact_text(char *s);

/* hk_redact_text, then hk_text_sanitize. */
size_t hk_text_clean(char *s, int flags);

#endif
