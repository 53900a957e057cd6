/* hk_buf.h - a growable byte buffer with a size cap, and safe string helpers. */
#ifndef HK_BUF_H
#define HK_BUF_H

#include <stddef.h>
#include "core/hk_status.h"

#define HK_BUF_DEFAULT_MAX (16u * 1024u * 1024u) /* 16 MiB: responses larger are refused */

struct hk_buf {
  char *data;    /* always NUL-terminated when non-NULL */
  size_t len;
  size_t cap;
  size_t max;    /* 0 = HK_BUF_DEFAULT_MAX */
};

void hk_buf_init(struct hk_buf *b);
void hk_buf_free(struct hk_buf *b);
void hk_buf_reset(struct hk_buf *b);                 /* len = 0, keeps memory */
hk_status hk_buf_append(struct hk_buf *b, const void *p, size_t n);
hk_status hk_buf_puts(struct hk_buf *b, const char *s);
hk_status hk_buf_printf(struct hk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Take ownership of the data (never NULL on HK_OK: "" for empty). */
char *hk_buf_steal(struct hk_buf *b);

/* Copy src into dst of size n, always terminating; returns strlen(src)
 * (>= n means truncated). */
size_t hk_strlcpy(char *dst, const char *src, size_t n);
/* strdup that returns NULL for NULL. */
char *hk_strdup(const char *s);
/* Allocate a formatted string; NULL on failure. */
char *hk_aprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Overwrite memory so a secret does not linger; safe for NULL. */
void hk_memzero(void *p, size_t n);
/* Free a secret string after wiping it. */
void hk_secret_free(char *s);

#endif
