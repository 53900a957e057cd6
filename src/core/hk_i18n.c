/* hk_i18n.c - locale set-up and finding the message catalogs without any
 * environment variable: from the build tree, a relocated install or PREFIX.
 *
 * glibc's gettext ignores LANGUAGE while LC_MESSAGES is "C" or "POSIX"
 * (intl/dcigettext.c, guess_category_value), but honours it under C.UTF-8;
 * and a setlocale(LC_ALL, "") that fails (locale not installed) leaves "C".
 * So a missing ja_JP.UTF-8 falls back to C.UTF-8 with LANGUAGE=ja. */
#include "core/hk_i18n.h"

#include <dirent.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hk_buf.h"

#ifndef HK_LOCALEDIR
#define HK_LOCALEDIR "/usr/local/share/locale"
#endif

static char bound_dir[4096];

const char *hk_i18n_localedir(void)
{
  return bound_dir;
}

char *hk_i18n_lang(const char *locale, char *out, size_t n)
{
  size_t i = 0;

  if(n == 0)
    return out;
  out[0] = '\0';
  if(!locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0 ||
     strncmp(locale, "C.", 2) == 0)
    return out;
  while(locale[i] && locale[i] != '_' && locale[i] != '.' && locale[i] != '@' &&
        locale[i] != ':' && i + 1 < n) {
    out[i] = locale[i];
    i++;
  }
  out[i] = '\0';
  return out;
}

static int is_file(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int hk_i18n_has_catalog(const char *dir, const char *lang)
{
  char p[4400];
  DIR *d;
  struct dirent *de;
  int found = 0;

  if(!dir || !dir[0])
    return 0;
  if(lang) {
    if(!lang[0] || (size_t)snprintf(p, sizeof(p), "%s/%s/LC_MESSAGES/" HK_TEXTDOMAIN ".mo", dir, lang) >= sizeof(p))
      return 0;
    return is_file(p);
  }
  d = opendir(dir);
  if(!d)
    return 0;
  while(!found && (de = readdir(d)) != NULL)
    if(de->d_name[0] != '.')
      found = hk_i18n_has_catalog(dir, de->d_name);
  closedir(d);
  return found;
}

/* build/heiiki -> build/locale; <prefix>/bin/heiiki -> <prefix>/share/locale */
static int dir_near_exe(char *out, size_t n)
{
  char exe[4096];
  char *slash;
  ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

  if(len <= 0)
    return 0;
  exe[len] = '\0';
  slash = strrchr(exe, '/');
  if(!slash)
    return 0;
  *slash = '\0';
  if((size_t)snprintf(out, n, "%s/locale", exe) < n && hk_i18n_has_catalog(out, NULL))
    return 1;
  if((size_t)snprintf(out, n, "%s/../share/locale", exe) < n && hk_i18n_has_catalog(out, NULL))
    return 1;
  return 0;
}

static void pick_dir(void)
{
  const char *env = getenv("HEIIKI_LOCALEDIR");

  if(env && env[0])
    hk_strlcpy(bound_dir, env, sizeof(bound_dir));
  else if(!dir_near_exe(bound_dir, sizeof(bound_dir)))
    hk_strlcpy(bound_dir, HK_LOCALEDIR, sizeof(bound_dir));
}

/* the locale the environment asks messages in, as setlocale reads it */
static const char *wanted_locale(void)
{
  static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
  size_t i;

  for(i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
    const char *v = getenv(vars[i]);
    if(v && v[0])
      return v;
  }
  return NULL;
}

static int use_c_utf8(void)
{
  return setlocale(LC_ALL, "C.UTF-8") != NULL || setlocale(LC_ALL, "C.utf8") != NULL;
}

void hk_i18n_init(FILE *hint)
{
  static int done;
  const char *got;
  const char *want = wanted_locale();
  const char *language = getenv("LANGUAGE");
  const char *msgs;
  const char *lang = NULL;
  char lang_env[32];
  char lang_want[32];

  if(done)
    return;
  done = 1;
  got = setlocale(LC_ALL, "");
  pick_dir();
  bindtextdomain(HK_TEXTDOMAIN, bound_dir);
  textdomain(HK_TEXTDOMAIN);
  hk_i18n_lang(language, lang_env, sizeof(lang_env));
  hk_i18n_lang(want, lang_want, sizeof(lang_want));
  /* the language asked for: LANGUAGE first (as gettext reads it), then the locale's */
  if(lang_env[0] && hk_i18n_has_catalog(bound_dir, lang_env))
    lang = lang_env;
  else if(lang_want[0] && hk_i18n_has_catalog(bound_dir, lang_want) && !(language && language[0]))
    lang = lang_want;             /* (a LANGUAGE without a catalog, e.g. en, means English) */
  if(!got && want && lang_want[0] && lang) {
    /* asked for, say, ja_JP.UTF-8 (or en_US.UTF-8 with LANGUAGE=ja), which this
     * machine does not have: setlocale left "C", where gettext translates nothing */
    if(use_c_utf8()) {
      if(!language || !language[0])
        setenv("LANGUAGE", lang, 1);
      if(hint)
        fprintf(hint, _("heiiki: the locale %s is not installed, so heiiki shows its messages under "
                        "C.UTF-8; install it (sudo locale-gen %s) or run with LANG=C.UTF-8 "
                        "LANGUAGE=%s.\n"), want, want, lang);
    }
    else if(hint) {
      /* no UTF-8 locale at all: Japanese cannot be shown, so this stays English */
      fprintf(hint, _("heiiki: the locale %s is not installed and neither is C.UTF-8, so messages "
                      "stay in English; install it (sudo locale-gen %s).\n"), want, want);
    }
    return;
  }
  /* LANGUAGE=ja under LANG=C (or no LANG at all): glibc ignores LANGUAGE; the hint
   * stays English, as it must under C */
  msgs = setlocale(LC_MESSAGES, NULL);
  if(hint && msgs && (strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0) && lang == lang_env &&
     lang && strcmp(lang, "en") != 0)
    fprintf(hint, _("heiiki: LANGUAGE=%s is ignored under the C locale; run with LANG=C.UTF-8 "
                    "LANGUAGE=%s (or an installed %s locale) for the translated messages.\n"),
            language, lang, lang);
}
