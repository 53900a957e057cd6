/* hk_i18n.h - gettext wrappers.  Every user-visible string goes through _(). */
#ifndef HK_I18N_H
#define HK_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
