/* ui_glyphs.c - UTF-8 glyphs with an ASCII fallback. */
#include <langinfo.h>
#include <string.h>
#include <strings.h>
#include "ui_glyphs.h"

static int utf8;

static const char *const utf8_set[UI_G__COUNT] = {
#define UI_X_U(e, u, a) u,
  UI_GLYPH_TABLE(UI_X_U)
#undef UI_X_U
};

static const char *const ascii_set[UI_G__COUNT] = {
#define UI_X_A(e, u, a) a,
  UI_GLYPH_TABLE(UI_X_A)
#undef UI_X_A
};

static const char *const spin_utf8[] = {
  "\u280b", "\u2819", "\u2839", "\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807", "\u280f"
};
static const char *const spin_ascii[] = { "|", "/", "-", "\\" };

void ui_glyphs_init(void)
{
  const char *cs = nl_langinfo(CODESET);

  utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

void ui_glyphs_set_utf8(int on)
{
  utf8 = on ? 1 : 0;
}

int ui_glyphs_utf8(void)
{
  return utf8;
}

const char *ui_glyph(enum ui_glyph g)
{
  if(g < 0 || g >= UI_G__COUNT)
    return "?";
  return utf8 ? utf8_set[g] : ascii_set[g];
}

const char *ui_spinner(unsigned tick)
{
  if(utf8)
    return spin_utf8[tick % (sizeof(spin_utf8) / sizeof(spin_utf8[0]))];
  return spin_ascii[tick % (sizeof(spin_ascii) / sizeof(spin_ascii[0]))];
}
