/* hk_i18n.h - gettext wrappers.  Every user-visible string goes through _(). */
#ifndef HK_I18N_H
#define HK_I18N_H

#include <libintl.h>
#include <stddef.h>
#include <stdio.h>

#define _(s) gettext(s)
#define N_(s) (s)

#define HK_TEXTDOMAIN "heiiki"

/* Set the locale from the environment and bind the "heiiki" domain, once per
 * process.  The catalogs are looked up in HEIIKI_LOCALEDIR, then next to the
 * executable (a build tree: build/heiiki finds build/locale), then in the
 * relocated install (<bin>/../share/locale), then HK_LOCALEDIR.  When the
 * requested locale (e.g. LANG=ja_JP.UTF-8) is not installed but heiiki has its
 * catalog, messages are shown under C.UTF-8 and one hint line goes to hint
 * (stderr; NULL: silent). */
void hk_i18n_init(FILE *hint);

/* The directory the domain was bound to ("" before hk_i18n_init). */
const char *hk_i18n_localedir(void);

/* The language part of a locale name: "ja_JP.UTF-8" -> "ja", "C" -> "".
 * Returns out. */
char *hk_i18n_lang(const char *locale, char *out, size_t n);

/* Does dir hold heiiki's catalog for lang (dir/lang/LC_MESSAGES/heiiki.mo),
 * or, with lang NULL, for any language? */
int hk_i18n_has_catalog(const char *dir, const char *lang);

#endif
