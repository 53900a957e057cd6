/* test_ui_widgets.c - the wizard's pure parts: text field editing, the
 * script key language, the keymap, picker results, wrapping, form blocking. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_text.h"
#include "ui.h"
#include "ui_script.h"

static void type(struct ui_field *f, const char *s)
{
  const char *why;

  for(; *s; s++)
    ui_field_key(f, (unsigned char)*s, &why);
}

static void test_field_edit(void **state)
{
  struct ui_field f;
  char out[64];
  const char *why = NULL;

  (void)state;
  ui_field_init(&f, 32);
  type(&f, "vpc-0abc");
  ui_field_get(&f, out, sizeof(out));
  assert_string_equal(out, "vpc-0abc");
  assert_int_equal(f.cur, 8);
  ui_field_key(&f, UI_KEYFN(KEY_HOME), &why);
  ui_field_key(&f, UI_KEYFN(KEY_DC), &why);
  ui_field_key(&f, UI_KEYFN(KEY_END), &why);
  ui_field_key(&f, UI_KEYFN(KEY_BACKSPACE), &why);
  ui_field_get(&f, out, sizeof(out));
  assert_string_equal(out, "pc-0ab");
  ui_field_key(&f, UI_KEYFN(KEY_LEFT), &why);
  assert_int_equal(ui_field_key(&f, 'X', &why), UI_FIELD_EDITED);
  ui_field_get(&f, out, sizeof(out));
  assert_string_equal(out, "pc-0aXb");
  ui_field_key(&f, 21, &why); /* Ctrl-U */
  ui_field_get(&f, out, sizeof(out));
  assert_string_equal(out, "");
  assert_true(f.changed);
}

static void test_field_refuses(void **state)
{
  struct ui_field f;
  const char *why = NULL;
  char out[16];
  int i;

  (void)state;
  ui_field_init(&f, 4);
  assert_int_equal(ui_field_key(&f, 0x01 + 1, &why), UI_FIELD_REFUSED); /* Ctrl-B */
  assert_true(strstr(why, "Control characters") != NULL);
  assert_int_equal(ui_field_key(&f, 0x1b5b, &why), UI_FIELD_EDITED);   /* a printable letter */
  for(i = 0; i < 3; i++)
    assert_int_equal(ui_field_key(&f, 'a', &why), UI_FIELD_EDITED);
  assert_int_equal(ui_field_key(&f, 'b', &why), UI_FIELD_REFUSED);
  assert_true(strstr(why, "full") != NULL);
  assert_int_equal(f.len, 4);
  /* keys the keymap owns are not the field's */
  assert_int_equal(ui_field_key(&f, '\t', &why), UI_FIELD_IGNORED);
  assert_int_equal(ui_field_key(&f, UI_KEYFN(KEY_F(10)), &why), UI_FIELD_IGNORED);
  ui_field_get(&f, out, sizeof(out));
  assert_int_equal(strlen(out) > 0, 1);
}

static void test_field_paste(void **state)
{
  struct ui_field f;
  const char *why;
  char out[64];

  (void)state;
  ui_field_init(&f, 64);
  ui_field_key(&f, UI_KEY_PASTE_START, &why);
  type(&f, "subnet-01\n\tsubnet-02\r\n");
  ui_field_key(&f, UI_KEY_PASTE_END, &why);
  ui_field_get(&f, out, sizeof(out));
  assert_string_equal(out, "subnet-01subnet-02");
  assert_false(f.pasting);
}

static void test_field_scroll(void **state)
{
  struct ui_field f;

  (void)state;
  ui_field_init(&f, 200);
  ui_field_set(&f, "arn:aws:iam::123456789012:role/a-very-long-cross-account-role-name");
  /* the cursor (at the end) stays in a 10-column box */
  assert_int_equal(ui_field_first_visible(&f, 10), f.len - 9);
  f.cur = 0;
  assert_int_equal(ui_field_first_visible(&f, 10), 0);
  f.cur = 15;
  assert_int_equal(ui_field_first_visible(&f, 10), 6);
}

static void test_field_utf8(void **state)
{
  struct ui_field f;
  char out[64];

  (void)state;
  ui_field_init(&f, 20);
  ui_field_set(&f, "\xe9\x96\x89\xe5\x9f\x9f-ws");
  assert_int_equal(f.len, 5);
  ui_field_get(&f, out, sizeof(out));
  assert_string_equal(out, "\xe9\x96\x89\xe5\x9f\x9f-ws");
  /* wide characters take two columns: the cursor after 5 chars needs 8 columns */
  assert_int_equal(ui_field_first_visible(&f, 8), 0);
  assert_int_equal(ui_field_first_visible(&f, 7), 1);
}

static void test_script_parse(void **state)
{
  struct ui_script s;
  struct hk_error err;

  (void)state;
  hk_error_clear(&err);
  assert_int_equal(ui_script_parse("# comment <Bad>\nab<Tab><S-Tab><F10>\n<C-l><lt><dump><dump:/tmp/x>"
                                   "<resize:70x20><sleep:5><wait><PasteStart><until:waiting for RUNNING>",
                                   &s, &err),
                   HK_OK);
  assert_int_equal(s.n, 14);
  assert_int_equal(s.steps[0].key, 'a');
  assert_int_equal(s.steps[2].key, '\t');
  assert_int_equal(s.steps[3].key, UI_KEYFN(KEY_BTAB));
  assert_int_equal(s.steps[4].key, UI_KEYFN(KEY_F(10)));
  assert_int_equal(s.steps[5].key, 12);
  assert_int_equal(s.steps[6].key, '<');
  assert_int_equal(s.steps[7].op, UI_SC_DUMP);
  assert_null(s.steps[7].path);
  assert_string_equal(s.steps[8].path, "/tmp/x");
  assert_int_equal(s.steps[9].op, UI_SC_RESIZE);
  assert_int_equal(s.steps[9].a, 70);
  assert_int_equal(s.steps[9].b, 20);
  assert_int_equal(s.steps[10].op, UI_SC_SLEEP);
  assert_int_equal(s.steps[11].op, UI_SC_WAIT);
  assert_int_equal(s.steps[12].key, UI_KEY_PASTE_START);
  assert_int_equal(s.steps[13].op, UI_SC_UNTIL);
  assert_string_equal(s.steps[13].path, "waiting for RUNNING");
  ui_script_free(&s);
}

static void test_script_errors(void **state)
{
  struct ui_script s;
  struct hk_error err;

  (void)state;
  hk_error_clear(&err);
  assert_int_equal(ui_script_parse("ab<Nope>", &s, &err), HK_INVALID);
  assert_true(strstr(err.message, "<Nope>") != NULL);
  assert_true(strstr(err.message, "byte 2") != NULL);
  assert_int_equal(ui_script_parse("a<b", &s, &err), HK_INVALID);
  assert_true(strstr(err.message, "<lt>") != NULL);
  assert_int_equal(ui_script_parse("<resize:0x10>", &s, &err), HK_INVALID);
  assert_int_equal(ui_script_parse("<>", &s, &err), HK_INVALID);
  assert_int_equal(ui_script_parse("<until:>", &s, &err), HK_INVALID);   /* no text */
  assert_int_equal(ui_script_parse("", &s, &err), HK_OK);
  assert_int_equal(s.n, 0);
  ui_script_free(&s);
}

static void test_keymap(void **state)
{
  char hints[256];
  const char *lines[32];
  size_t n, i, j;

  (void)state;
  assert_int_equal(ui_keymap_action(UI_KEYFN(KEY_F(1)), 1), UI_ACT_HELP);
  assert_int_equal(ui_keymap_action('?', 0), UI_ACT_HELP);
  assert_int_equal(ui_keymap_action('?', 1), UI_ACT_NONE); /* typed into a field */
  assert_int_equal(ui_keymap_action('q', 1), UI_ACT_NONE);
  assert_int_equal(ui_keymap_action('q', 0), UI_ACT_QUIT);
  assert_int_equal(ui_keymap_action(3, 1), UI_ACT_QUIT);
  assert_int_equal(ui_keymap_action(UI_KEYFN(KEY_F(10)), 1), UI_ACT_CONTINUE);
  assert_int_equal(ui_keymap_action(27, 1), UI_ACT_BACK);
  assert_int_equal(ui_keymap_action('x', 0), UI_ACT_NONE);
  ui_keymap_hints(hints, sizeof(hints), 200, 0, 0);
  assert_true(strstr(hints, "F1 Help") != NULL);
  assert_true(strstr(hints, "F10 Continue") != NULL);
  assert_true(strstr(hints, "q Quit") != NULL);
  /* typing in a field: q types a q, so the hint offers the key that quits there */
  ui_keymap_hints(hints, sizeof(hints), 200, 1, 0);
  assert_null(strstr(hints, "q Quit"));
  assert_true(strstr(hints, "^C Quit") != NULL);
  /* a screen with no way back does not offer Esc Back */
  ui_keymap_hints(hints, sizeof(hints), 200, 0, 1u << UI_ACT_BACK);
  assert_null(strstr(hints, "Esc Back"));
  assert_true(strstr(hints, "F10 Continue") != NULL);
  ui_keymap_hints(hints, sizeof(hints), 20, 0, 0);
  assert_true(strlen(hints) <= 20);
  assert_true(strstr(hints, "F1 Help") != NULL);
  n = ui_keymap_help_lines(lines, 32);
  assert_true(n >= 8);
  for(i = 0; i < n; i++)
    for(j = i + 1; j < n; j++)
      assert_string_not_equal(lines[i], lines[j]);
}

static void test_picker(void **state)
{
  struct ui_picker p = { .n = 0 };
  char out[256];

  (void)state;
  ui_picker_reset(&p, "Subnets", true, 0);
  ui_picker_add(&p, "subnet-a", "ap-northeast-1a");
  ui_picker_add(&p, "subnet-b", "ap-northeast-1c");
  ui_picker_add(&p, "subnet-c", "public")->disabled = true;
  ui_picker_mark(&p, "subnet-b, subnet-a");
  ui_picker_result(&p, out, sizeof(out));
  assert_string_equal(out, "subnet-a,subnet-b");
  ui_picker_reset(&p, "VPC", false, 0);
  ui_picker_add(&p, "vpc-1", "");
  ui_picker_add(&p, "vpc-2", "");
  ui_picker_mark(&p, "vpc-2");
  assert_int_equal(p.sel, 1);
  ui_picker_move(&p, 5);
  assert_int_equal(p.sel, 1);
  ui_picker_move(&p, -5);
  ui_picker_result(&p, out, sizeof(out));
  assert_string_equal(out, "vpc-1");
  ui_picker_free(&p);
}

/* An account with hundreds of roles: every one is kept, and typing narrows
 * the list by value or label, in any case. */
static void test_picker_filter(void **state)
{
  struct ui_picker p = { .n = 0 };
  char out[256], v[64];
  int i;

  (void)state;
  ui_picker_reset(&p, "Role", false, 0);
  for(i = 0; i < 700; i++) {
    snprintf(v, sizeof(v), "arn:aws:iam::123456789012:role/team-%03d", i);
    assert_non_null(ui_picker_add(&p, v, i == 512 ? "trusts Databricks" : ""));
  }
  assert_int_equal(p.n, 700);
  assert_int_equal(p.n_view, 700);
  ui_picker_move(&p, 650);
  assert_int_equal(p.sel, 650);
  /* "-51" matches team-510..519; the selection (650) is gone: the first */
  assert_true(ui_picker_filter_key(&p, '-'));
  assert_true(ui_picker_filter_key(&p, '5'));
  assert_true(ui_picker_filter_key(&p, '1'));
  assert_string_equal(p.filter, "-51");
  assert_int_equal(p.n_view, 10);
  assert_int_equal(p.sel, 0);
  ui_picker_move(&p, 1);
  ui_picker_result(&p, out, sizeof(out));
  assert_string_equal(out, "arn:aws:iam::123456789012:role/team-511");
  /* Backspace widens again and keeps the selected item selected */
  assert_true(ui_picker_filter_key(&p, 127));
  assert_int_equal(p.n_view, 100);        /* team-500..599 */
  assert_int_equal(p.sel, 11);
  ui_picker_result(&p, out, sizeof(out));
  assert_string_equal(out, "arn:aws:iam::123456789012:role/team-511");
  /* the label counts, in any case */
  while(p.filter[0])
    ui_picker_filter_key(&p, UI_KEYFN(KEY_BACKSPACE));
  assert_int_equal(p.n_view, 700);
  for(i = 0; "DATABRICKS"[i]; i++)
    ui_picker_filter_key(&p, "DATABRICKS"[i]);
  assert_int_equal(p.n_view, 1);
  ui_picker_result(&p, out, sizeof(out));
  assert_string_equal(out, "arn:aws:iam::123456789012:role/team-512");
  /* nothing matches: no selection, an empty result */
  ui_picker_filter_key(&p, 'x');
  assert_int_equal(p.n_view, 0);
  assert_null(ui_picker_current(&p));
  ui_picker_result(&p, out, sizeof(out));
  assert_string_equal(out, "");
  assert_false(ui_picker_filter_key(&p, UI_KEYFN(KEY_F(4))));
  ui_picker_free(&p);

  /* multi-select: Space types into the filter (names have spaces; Tab marks);
   * the filter matches the whole row; marks hidden by the filter still count */
  ui_picker_reset(&p, "Subnets", true, 0);
  ui_picker_add(&p, "subnet-b", "Private Subnet 02  ap-northeast-1c");
  ui_picker_add(&p, "subnet-a", "Private Subnet 01  ap-northeast-1a");
  ui_picker_sort(&p);
  assert_string_equal(p.items[0].value, "subnet-a");     /* by label: a stable order */
  ui_picker_mark(&p, "subnet-a");
  assert_true(ui_picker_filter_key(&p, 't'));
  assert_true(ui_picker_filter_key(&p, ' '));
  ui_picker_filter_key(&p, '0');
  ui_picker_filter_key(&p, '2');
  assert_string_equal(p.filter, "t 02");
  assert_int_equal(p.n_view, 1);
  ui_picker_current(&p)->marked = true;
  ui_picker_result(&p, out, sizeof(out));
  assert_string_equal(out, "subnet-a,subnet-b");

  /* beyond UI_PICK_MAX items are counted, not kept */
  ui_picker_reset(&p, "Buckets", false, 0);
  for(i = 0; i < UI_PICK_MAX + 3; i++) {
    snprintf(v, sizeof(v), "bucket-%d", i);
    ui_picker_add(&p, v, "");
  }
  assert_int_equal(p.n, UI_PICK_MAX);
  assert_int_equal(p.dropped, 3);
  ui_picker_free(&p);
}

struct lines {
  int n;
  char got[8][64];
};

static void collect(void *ud, const char *t, size_t len)
{
  struct lines *l = ud;

  if(l->n < 8) {
    memcpy(l->got[l->n], t, len < 63 ? len : 63);
    l->got[l->n][len < 63 ? len : 63] = '\0';
  }
  l->n++;
}

static void test_wrap(void **state)
{
  struct lines l;

  (void)state;
  memset(&l, 0, sizeof(l));
  assert_int_equal(ui_wrap("one two three four", 9, collect, &l), 3);
  assert_string_equal(l.got[0], "one two");
  assert_string_equal(l.got[1], "three");
  assert_string_equal(l.got[2], "four");
  memset(&l, 0, sizeof(l));
  assert_int_equal(ui_wrap("abcdefghij", 4, collect, &l), 3);
  assert_string_equal(l.got[2], "ij");
  assert_int_equal(ui_text_width("\xe9\x96\x89\xe5\x9f\x9f"), 4);
  assert_int_equal(ui_text_width("abc"), 3);
}

/* Japanese has no spaces between words: a line breaks between characters,
 * is filled to the width, and follows kinsoku (no line starts with 、。 or
 * ー, none ends with 「). */
static void test_wrap_japanese(void **state)
{
  struct lines l;
  int i;

  (void)state;
  memset(&l, 0, sizeof(l));
  assert_int_equal(ui_wrap("heiiki は、AWS 上の Databricks ワークスペースを閉域網でセットアップします。", 40,
                           collect, &l), 2);
  assert_string_equal(l.got[0], "heiiki は、AWS 上の Databricks ワークス");
  assert_string_equal(l.got[1], "ペースを閉域網でセットアップします。");
  memset(&l, 0, sizeof(l));
  assert_int_equal(ui_wrap("名前を付けます。「ワークスペース」を作成します。", 16, collect, &l), 4);
  assert_string_equal(l.got[0], "名前を付けます。");
  assert_string_equal(l.got[1], "「ワークスペー");     /* 」 may not start a line */
  assert_string_equal(l.got[2], "ス」を作成しま");     /* nor 。 */
  assert_string_equal(l.got[3], "す。");
  memset(&l, 0, sizeof(l));
  assert_int_equal(ui_wrap("アカウントコンソール、VPC\n\nサブネット", 10, collect, &l), 5);
  assert_string_equal(l.got[0], "アカウント");
  assert_string_equal(l.got[1], "コンソー");
  assert_string_equal(l.got[2], "ル、VPC");
  assert_string_equal(l.got[3], "");
  assert_string_equal(l.got[4], "サブネット");
  for(i = 0; i < 5; i++)
    assert_true(ui_text_width(l.got[i]) <= 10);
}

static void test_form_blocked(void **state)
{
  struct ui_form *f = calloc(1, sizeof(*f));
  char why[128];

  (void)state;
  assert_non_null(f);
  assert_false(ui_form_blocked(f, why, sizeof(why)));
  f->n_notes = 2;
  f->notes[0].state = UI_CK_WARN;
  hk_strlcpy(f->notes[0].text, "a warning", sizeof(f->notes[0].text));
  assert_false(ui_form_blocked(f, why, sizeof(why)));
  f->notes[1].state = UI_CK_FAIL;
  f->notes[1].blocking = true;
  hk_strlcpy(f->notes[1].text, "N3: the subnets share an AZ", sizeof(f->notes[1].text));
  assert_true(ui_form_blocked(f, why, sizeof(why)));
  assert_string_equal(why, "N3: the subnets share an AZ");
  free(f);
}

static void test_glyphs(void **state)
{
  (void)state;
  ui_glyphs_set_utf8(0);
  assert_string_equal(ui_glyph(UI_G_OK), "+");
  assert_string_equal(ui_glyph(UI_G_ELLIPSIS), "...");
  assert_string_equal(ui_spinner(1), "/");
  ui_glyphs_set_utf8(1);
  assert_string_equal(ui_glyph(UI_G_OK), "\xe2\x9c\x93");
  assert_int_equal(ui_color_mode_parse("never"), UI_COLOR_NEVER);
  assert_int_equal(ui_color_mode_parse("bogus"), -1);
}

/* --- drawing into curses windows (a terminal on /dev/null) --- */

static SCREEN *screen;

static int curses_up(void)
{
  FILE *out, *in;

  if(screen)
    return 0;
  out = fopen("/dev/null", "w");
  in = fopen("/dev/null", "r");
  screen = out && in ? newterm("xterm", out, in) : NULL;
  return screen ? 0 : -1;
}

/* Row y of w as UTF-8, line-drawing cells as '#'; *cols: the display cells
 * of the text up to each byte are what hk_text_width says. */
static void row_text(WINDOW *w, int y, char *out, size_t n)
{
  cchar_t cells[512];
  size_t used = 0;
  int x, cols = getmaxx(w);
  mbstate_t st;

  memset(&st, 0, sizeof(st));
  out[0] = '\0';
  if(mvwin_wchnstr(w, y, 0, cells, cols) == ERR)
    return;
  for(x = 0; x < cols; x++) {
    wchar_t wch[CCHARW_MAX + 1];
    attr_t attrs;
    short pair;
    char mb[16];
    size_t r;

    if(getcchar(&cells[x], wch, &attrs, &pair, NULL) == ERR || wch[0] == L'\0')
      break;
    if(attrs & A_ALTCHARSET)
      wch[0] = L'#';
    r = wcrtomb(mb, wch[0], &st);
    if(r == (size_t)-1 || used + r + 1 >= n)
      break;
    memcpy(out + used, mb, r);
    used += r;
  }
  out[used] = '\0';
}

/* The picker's header fits by display cells: a Japanese title (18 cells, 27
 * bytes) leaves room for the count, right-aligned against the border. */
static void test_picker_header_cells(void **state)
{
  struct ui_picker p = { .n = 0 };
  WINDOW *w;
  char row[1024];
  const char *at;

  (void)state;
  if(curses_up() != 0)
    skip();
  w = newwin(12, 50, 0, 0);
  assert_non_null(w);
  ui_picker_reset(&p, "ルートテーブル一覧", false, 0);
  p.loading = false;
  ui_picker_add(&p, "rtb-1", "本番用");
  ui_picker_add(&p, "rtb-2", "");
  ui_picker_add(&p, "rtb-3", "");
  ui_picker_draw(&p, w, 0);
  row_text(w, 0, row, sizeof(row));
  at = strstr(row, " 3: type to filter ");
  assert_non_null(at);
  /* it ends one cell before the corner */
  assert_int_equal(hk_text_width(row), 50);
  assert_string_equal(at + strlen(" 3: type to filter "), "##");
  assert_non_null(strstr(row, "ルートテーブル一覧"));
  /* the item rows: the label column starts at the same cell on every row */
  row_text(w, 1, row, sizeof(row));
  assert_non_null(strstr(row, "rtb-1"));
  assert_int_equal(hk_text_width(row), 50);
  delwin(w);
  ui_picker_free(&p);
}

static char *no_spaces(char *s)
{
  char *r = s, *w = s;

  for(; *r; r++)
    if(*r != ' ')
      *w++ = *r;
  *w = '\0';
  return s;
}

/* A label longer than the label column (Japanese ones reach 54 cells) wraps
 * in it, whole characters only, instead of losing its end. */
static void test_form_label_wraps(void **state)
{
  static const struct hk_field_def def = {
    .key = "sg", .kind = HK_FIELD_TEXT,
    .label = "バックエンド REST エンドポイントのセキュリティグループ",
    .help = "セキュリティグループの ID (sg-...)。", .picker = HK_PICK_NONE,
  };
  struct ui_form *f = calloc(1, sizeof(*f));
  WINDOW *w;
  char row[1024], joined[512] = "";
  int y;

  (void)state;
  assert_non_null(f);
  if(curses_up() != 0) {
    free(f);
    skip();
  }
  w = newwin(20, 78, 0, 0);
  assert_non_null(w);
  f->n = 1;
  f->it[0].def = &def;
  ui_field_init(&f->it[0].edit, 64);
  ui_field_set(&f->it[0].edit, "sg-0123");
  f->focus = 0;
  ui_form_draw(f, w, 0, 0, 78, 20, true, 0);
  for(y = 0; y < 4; y++) {
    char col[128];

    row_text(w, y, row, sizeof(row));
    assert_true(hk_text_width(row) <= 78);
    hk_text_fit(col, sizeof(col), row, 25);   /* the label column: 78 / 3 = 26, less a gap */
    while(strlen(col) > 0 && col[strlen(col) - 1] == ' ')
      col[strlen(col) - 1] = '\0';
    if(y > 0 && strncmp(col, "  ", 2) == 0)
      break;                                  /* the help, indented */
    snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s", y ? " " : "", col);
    if(y == 0) /* the box beside the first row */
      assert_non_null(strstr(row, "sg-0123"));
  }
  assert_true(y >= 3);     /* 54 cells: three rows of 25 */
  /* every character is there, in order ("...エンド" | "ポイントの...グ" | "ループ") */
  assert_string_equal(no_spaces(joined), "バックエンドRESTエンドポイントのセキュリティグループ");
  delwin(w);
  free(f);
}

/* The progress rows' columns are cells: a Japanese title is cut between
 * characters and the elapsed time lines up with an English row's. */
static void test_progress_columns_cells(void **state)
{
  struct ui_progress *p = calloc(1, sizeof(*p));
  WINDOW *w;
  char a[1024], b[1024];
  const char *ea, *eb;
  size_t i;

  (void)state;
  assert_non_null(p);
  if(curses_up() != 0) {
    free(p);
    skip();
  }
  w = newwin(4, 100, 0, 0);
  assert_non_null(w);
  ui_progress_reset(p);
  hk_strlcpy(ui_progress_row(p, "a")->title, "Credential configuration", sizeof(p->rows[0].title));
  hk_strlcpy(p->rows[0].verb, "create", sizeof(p->rows[0].verb));
  p->rows[0].state = UI_ACT_OK;
  p->rows[0].elapsed_ms = 1200;
  hk_strlcpy(ui_progress_row(p, "b")->title,
             "バックエンド REST エンドポイントのセキュリティグループのルール", sizeof(p->rows[0].title));
  hk_strlcpy(p->rows[1].verb, "作成", sizeof(p->rows[1].verb));
  p->rows[1].state = UI_ACT_OK;
  p->rows[1].elapsed_ms = 3400;
  ui_progress_draw(p, w, 0, 0, 100, 4, 0, 0);
  row_text(w, 0, a, sizeof(a));
  row_text(w, 1, b, sizeof(b));
  ea = strstr(a, "1.2s");
  eb = strstr(b, "3.4s");
  assert_non_null(ea);
  assert_non_null(eb);
  a[ea - a] = '\0';
  b[eb - b] = '\0';
  assert_int_equal(hk_text_width(a), hk_text_width(b));
  for(i = 0; b[i]; i++)                     /* no stray byte of a cut character */
    assert_true((unsigned char)b[i] != 0xEF || (unsigned char)b[i + 1] != 0xBF);
  assert_non_null(strstr(b, "バックエンド REST"));
  assert_null(strstr(b, "のルール"));       /* 100 columns: the title is cut ... */
  delwin(w);
  w = newwin(4, 120, 0, 0);
  assert_non_null(w);
  ui_progress_draw(p, w, 0, 0, 120, 4, 0, 0);
  row_text(w, 1, b, sizeof(b));
  assert_non_null(strstr(b, "のルール"));   /* ... 120: whole (62 cells) */
  row_text(w, 0, a, sizeof(a));
  ea = strstr(a, "1.2s");
  eb = strstr(b, "3.4s");
  assert_non_null(ea);
  assert_non_null(eb);
  a[ea - a] = '\0';
  b[eb - b] = '\0';
  assert_int_equal(hk_text_width(a), hk_text_width(b));
  delwin(w);
  free(p);
}

/* Findings in the wizard name its labels, not answers-file keys. */
static void test_keys_to_labels(void **state)
{
  char s[512];

  (void)state;
  snprintf(s, sizeof(s), "Choose another network configuration name (network.name).");
  ui_text_keys_to_labels(s, sizeof(s));
  assert_string_equal(s, "Choose another network configuration name (\"Network configuration name\").");
  snprintf(s, sizeof(s), "Set endpoints.workspace.create_in_subnets to subnet-0abc. See ec2.amazonaws.com.");
  ui_text_keys_to_labels(s, sizeof(s));
  assert_string_equal(s, "Set \"Workspace endpoint subnets\" to subnet-0abc. See ec2.amazonaws.com.");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_field_edit),   cmocka_unit_test(test_field_refuses),
    cmocka_unit_test(test_field_paste),  cmocka_unit_test(test_field_scroll),
    cmocka_unit_test(test_field_utf8),   cmocka_unit_test(test_script_parse),
    cmocka_unit_test(test_script_errors), cmocka_unit_test(test_keymap),
    cmocka_unit_test(test_picker),
    cmocka_unit_test(test_keys_to_labels),
    cmocka_unit_test(test_picker_filter),
    cmocka_unit_test(test_wrap),
    cmocka_unit_test(test_wrap_japanese),
    cmocka_unit_test(test_picker_header_cells),
    cmocka_unit_test(test_form_label_wraps),
    cmocka_unit_test(test_progress_columns_cells),
    cmocka_unit_test(test_form_blocked), cmocka_unit_test(test_glyphs),
  };

  if(!setlocale(LC_ALL, "C.UTF-8"))
    setlocale(LC_ALL, "C.utf8");
  {
    int rc = cmocka_run_group_tests(tests, NULL, NULL);

    if(screen) {
      endwin();
      delscreen(screen);
    }
    return rc;
  }
}
