/* ui_script.c - parse the scripted-input key language. */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "ui_keymap.h"
#include "ui_script.h"

static const struct {
  const char *name;
  int key;
} named[] = {
  { "Tab", '\t' }, { "S-Tab", UI_KEYFN(KEY_BTAB) }, { "Enter", '\n' }, { "Esc", 27 },
  { "Space", ' ' }, { "BS", UI_KEYFN(KEY_BACKSPACE) }, { "Del", UI_KEYFN(KEY_DC) },
  { "Up", UI_KEYFN(KEY_UP) }, { "Down", UI_KEYFN(KEY_DOWN) }, { "Left", UI_KEYFN(KEY_LEFT) },
  { "Right", UI_KEYFN(KEY_RIGHT) }, { "Home", UI_KEYFN(KEY_HOME) }, { "End", UI_KEYFN(KEY_END) },
  { "PgUp", UI_KEYFN(KEY_PPAGE) }, { "PgDn", UI_KEYFN(KEY_NPAGE) }, { "lt", '<' },
  { "PasteStart", UI_KEY_PASTE_START }, { "PasteEnd", UI_KEY_PASTE_END },
};

static hk_status push(struct ui_script *s, const struct ui_script_step *st)
{
  if(s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 64;
    struct ui_script_step *p = realloc(s->steps, nc * sizeof(*p));

    if(!p)
      return HK_NOMEM;
    s->steps = p;
    s->cap = nc;
  }
  s->steps[s->n++] = *st;
  return HK_OK;
}

static hk_status parse_name(const char *name, struct ui_script_step *st, struct hk_error *err,
                            size_t at)
{
  size_t i;

  memset(st, 0, sizeof(*st));
  st->op = UI_SC_KEY;
  for(i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
    if(strcmp(name, named[i].name) == 0) {
      st->key = named[i].key;
      return HK_OK;
    }
  }
  if((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
    long n = 0;

    if(ui_parse_long(name + 1, &n) && n >= 1 && n <= 12) {
      st->key = UI_KEYFN(KEY_F((int)n));
      return HK_OK;
    }
  }
  if((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
    char c = name[2];

    if(c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if(c >= 'a' && c <= 'z') {
      st->key = c - 'a' + 1;
      return HK_OK;
    }
  }
  if(strcmp(name, "dump") == 0) {
    st->op = UI_SC_DUMP;
    return HK_OK;
  }
  if(strncmp(name, "dump:", 5) == 0 && name[5]) {
    st->op = UI_SC_DUMP;
    st->path = hk_strdup(name + 5);
    return st->path ? HK_OK : HK_NOMEM;
  }
  if(strncmp(name, "until:", 6) == 0 && name[6]) {
    st->op = UI_SC_UNTIL;
    st->path = hk_strdup(name + 6);
    return st->path ? HK_OK : HK_NOMEM;
  }
  if(strcmp(name, "wait") == 0) {
    st->op = UI_SC_WAIT;
    return HK_OK;
  }
  if(strncmp(name, "sleep:", 6) == 0) {
    long ms = -1;

    st->op = UI_SC_SLEEP;
    if(ui_parse_long(name + 6, &ms) && ms >= 0 && ms <= 600000) {
      st->a = (int)ms;
      return HK_OK;
    }
  }
  if(strncmp(name, "resize:", 7) == 0) {
    st->op = UI_SC_RESIZE;
    if(ui_parse_size(name + 7, &st->a, &st->b) && st->a > 0 && st->b > 0 && st->a <= 1000 &&
       st->b <= 1000)
      return HK_OK;
  }
  return hk_error_set(err, HK_INVALID,
                      _("Script: unknown key or directive <%s> at byte %zu; see ui/ui_script.h for the names."),
                      name, at);
}

bool ui_parse_long(const char *s, long *out)
{
  char *end = NULL;
  long v;

  if(!s || !*s || *s == '-' || *s == '+' || *s == ' ')
    return false;
  errno = 0;
  v = strtol(s, &end, 10);
  if(errno != 0 || !end || *end != '\0')
    return false;
  *out = v;
  return true;
}

bool ui_parse_size(const char *s, int *w, int *h)
{
  const char *x = strchr(s, 'x');
  char first[16];
  long a = 0, b = 0;
  size_t l;

  if(!x)
    return false;
  l = (size_t)(x - s);
  if(l == 0 || l >= sizeof(first))
    return false;
  memcpy(first, s, l);
  first[l] = '\0';
  if(!ui_parse_long(first, &a) || !ui_parse_long(x + 1, &b) || a > 100000 || b > 100000)
    return false;
  *w = (int)a;
  *h = (int)b;
  return true;
}

hk_status ui_script_parse(const char *text, struct ui_script *out, struct hk_error *err)
{
  const char *p = text;
  hk_status rc = HK_OK;
  mbstate_t mb;
  bool line_start = true;

  memset(out, 0, sizeof(*out));
  memset(&mb, 0, sizeof(mb));
  while(*p) {
    struct ui_script_step st;

    if(line_start && *p == '#') {
      const char *e = strchr(p, '\n');

      p = e ? e + 1 : p + strlen(p);
      continue;
    }
    line_start = false;
    if(*p == '\n' || *p == '\r') {
      line_start = *p == '\n';
      p++;
      continue;
    }
    if(*p == '<') {
      const char *e = strchr(p + 1, '>');
      char name[600];
      size_t l;

      if(!e || (size_t)(e - p - 1) >= sizeof(name) || e == p + 1) {
        rc = hk_error_set(err, HK_INVALID,
                          _("Script: '<' at byte %zu does not start a <Key>; write <lt> for a literal '<'."),
                          (size_t)(p - text));
        goto out;
      }
      l = (size_t)(e - p - 1);
      memcpy(name, p + 1, l);
      name[l] = '\0';
      rc = parse_name(name, &st, err, (size_t)(p - text));
      if(rc != HK_OK)
        goto out;
      p = e + 1;
    } else {
      wchar_t wc;
      size_t r = mbrtowc(&wc, p, strlen(p), &mb);

      memset(&st, 0, sizeof(st));
      st.op = UI_SC_KEY;
      if(r == (size_t)-1 || r == (size_t)-2 || r == 0) {
        st.key = (unsigned char)*p;
        r = 1;
        memset(&mb, 0, sizeof(mb));
      } else {
        st.key = (int)wc;
      }
      p += r;
    }
    rc = push(out, &st);
    if(rc != HK_OK)
      goto out;
  }
out:
  if(rc != HK_OK)
    ui_script_free(out);
  return rc;
}

hk_status ui_script_load(const char *path, struct ui_script *out, struct hk_error *err)
{
  struct hk_buf b;
  FILE *fp = fopen(path, "r");
  hk_status rc = HK_OK;
  char chunk[4096];
  size_t n;

  hk_buf_init(&b);
  b.max = 1024 * 1024;
  if(!fp)
    return hk_error_set(err, HK_IO, _("The script file %s cannot be read; check the path."), path);
  for(;;) {
    n = fread(chunk, 1, sizeof(chunk), fp);
    if(n == 0)
      break;
    rc = hk_buf_append(&b, chunk, n);
    if(rc != HK_OK) {
      hk_error_set(err, rc, _("The script file %s is too large (1 MiB at most)."), path);
      goto out;
    }
  }
  rc = ui_script_parse(b.data ? b.data : "", out, err);
out:
  fclose(fp);
  hk_buf_free(&b);
  return rc;
}

void ui_script_free(struct ui_script *s)
{
  size_t i;

  for(i = 0; i < s->n; i++)
    free(s->steps[i].path);
  free(s->steps);
  memset(s, 0, sizeof(*s));
}
