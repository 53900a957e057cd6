/* ui_theme.c - semantic colour pairs and the mono scheme. */
#include <stdlib.h>
#include <string.h>
#include "ui_theme.h"

static int colored;

static const attr_t mono_attrs[UI_ROLE__COUNT] = {
#define UI_X_MONO(name, fg, bg, mono) mono,
  UI_ROLE_TABLE(UI_X_MONO)
#undef UI_X_MONO
};

static const short role_fg[UI_ROLE__COUNT] = {
#define UI_X_FG(name, fg, bg, mono) fg,
  UI_ROLE_TABLE(UI_X_FG)
#undef UI_X_FG
};

static const short role_bg[UI_ROLE__COUNT] = {
#define UI_X_BG(name, fg, bg, mono) bg,
  UI_ROLE_TABLE(UI_X_BG)
#undef UI_X_BG
};

int ui_color_mode_parse(const char *s)
{
  if(!s)
    return -1;
  if(strcmp(s, "auto") == 0)
    return UI_COLOR_AUTO;
  if(strcmp(s, "never") == 0 || strcmp(s, "no") == 0 || strcmp(s, "none") == 0)
    return UI_COLOR_NEVER;
  if(strcmp(s, "always") == 0 || strcmp(s, "yes") == 0)
    return UI_COLOR_ALWAYS;
  return -1;
}

void ui_theme_init(enum ui_color_mode mode)
{
  const char *nc = getenv("NO_COLOR");
  int want = 1;
  int i;

  colored = 0;
  if(mode == UI_COLOR_NEVER)
    want = 0;
  else if(mode == UI_COLOR_AUTO && nc && nc[0])
    want = 0;
  if(!want || !has_colors())
    return;
  if(start_color() == ERR)
    return;
  use_default_colors();
  for(i = 1; i < UI_ROLE__COUNT; i++)
    init_pair((short)i, role_fg[i], role_bg[i]);
  colored = 1;
}

int ui_theme_colored(void)
{
  return colored;
}

attr_t ui_attr(enum ui_role role)
{
  if(role < 0 || role >= UI_ROLE__COUNT)
    return A_NORMAL;
  if(!colored)
    return mono_attrs[role];
  if(role == UI_ROLE_NORMAL)
    return A_NORMAL;
  if(role == UI_ROLE_OK || role == UI_ROLE_WARN || role == UI_ROLE_ERROR ||
     role == UI_ROLE_HEADING)
    return (attr_t)COLOR_PAIR(role) | A_BOLD;
  return (attr_t)COLOR_PAIR(role);
}
