/* test_core_text.c - server text made safe for a terminal and the state file (D10, D11). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/hk_status.h"
#include "core/hk_clean.h"

static void check(const char *in, int flags, const char *want)
{
  char buf[512];
  snprintf(buf, sizeof(buf), "%s", in);
  hk_text_sanitize(buf, flags);
  assert_string_equal(buf, want);
}

static void test_sanitize_strips_terminal_control(void **state)
{
  (void)state;
  check("plain text, ünïcode ✓", 0, "plain text, ünïcode ✓");
  check("a\x1b[2Jb", 0, "ab");                                   /* clear screen */
  check("a\x1b[31;1mred\x1b[0m", 0, "ared");                     /* colours */
  check("x\x1b]0;pwned title\x07y", 0, "xy");                    /* OSC title, BEL */
  check("x\x1b]52;c;ZWNobyBoaQ==\x1b\\y", 0, "xy");              /* OSC 52 clipboard, ST */
  check("x\x1bPdcs\x1b\\y", 0, "xy");                            /* DCS */
  check("x\x1b" "cy", 0, "xy");                                  /* RIS reset */
  check("x\xc2\x9b" "2Jy", 0, "xy");                             /* C1 CSI */
  check("x\xc2\x9d" "0;t\x07y", 0, "xy");                        /* C1 OSC */
  check("x\xc2\x85y", 0, "xy");                                  /* C1 NEL */
  check("x\x9b" "2Jy", 0, "x?2Jy");                              /* raw 8-bit CSI: invalid UTF-8 */
  check("a\x01\x07\x08\x7f" "b", 0, "ab");                       /* C0 and DEL */
  check("l1\r\nl2\tx", 0, "l1 l2 x");
  check("l1\r\nl2\tx", HK_TEXT_KEEP_NEWLINES, "l1\nl2\tx");
  check("\xff\xfe ok \xed\xa0\x80", 0, "?? ok ???");             /* invalid UTF-8, surrogate */
  check("trailing \x1b", 0, "trailing ");
  check("trailing \x1b[12", 0, "trailing ");
  check("trailing \x1b]0;never ended", 0, "trailing ");
}

static void test_redact_registered_and_bearer(void **state)
{
  char buf[256];
  (void)state;
  hk_redact_clear();
  hk_redact_add("S3cr3tClientSecretValue");
  hk_redact_add("abc");                                         /* too short: ignored */
  snprintf(buf, sizeof(buf), "secret=S3cr3tClientSecretValue; abc");
  hk_redact_text(buf);
  assert_string_equal(buf, "secret=***********************; abc");
  snprintf(buf, sizeof(buf), "echo: Authorization: Bearer eyJhbGciOi.J9x-_~+/= rest");
  hk_redact_text(buf);
  assert_string_equal(buf, "echo: Authorization: Bearer ******************** rest");
  snprintf(buf, sizeof(buf), "authorization: basic dXNlcjpwYXNz");
  hk_redact_text(buf);
  assert_string_equal(buf, "authorization: basic ************");
  /* ordinary words after Basic/Bearer stay readable */
  snprintf(buf, sizeof(buf), "Basic configuration is missing; the bearer token expired");
  hk_redact_text(buf);
  assert_string_equal(buf, "Basic configuration is missing; the bearer token expired");
  snprintf(buf, sizeof(buf), "Authorization: Basic abcdefghijkl");
  hk_redact_text(buf);
  assert_string_equal(buf, "Authorization: Basic ************");
  hk_redact_clear();
  snprintf(buf, sizeof(buf), "S3cr3tClientSecretValue");
  hk_redact_text(buf);
  assert_string_equal(buf, "S3cr3tClientSecretValue");
}

/* The chokepoint: everything hk_error_format writes is clean. */
static void test_error_format_cleans_server_text(void **state)
{
  struct hk_error e;
  char line[2400];
  (void)state;
  hk_redact_clear();
  hk_redact_add("LiveTokenValue0123456789");
  hk_error_clear(&e);
  hk_error_set(&e, HK_API, "The server said: %s", "\x1b]0;owned\x07hello\x1b[2J");
  snprintf(e.code, sizeof(e.code), "INVALID\x1b[31m");
  snprintf(e.api_message, sizeof(e.api_message), "bad header Authorization: Bearer LiveTokenValue0123456789 x");
  hk_error_format(&e, line, sizeof(line));
  assert_null(strchr(line, '\x1b'));
  assert_null(strchr(line, '\x07'));
  assert_null(strstr(line, "LiveTokenValue0123456789"));
  assert_string_equal(line, "The server said: hello [INVALID: bad header Authorization: Bearer "
                            "************************ x]");
  hk_redact_clear();
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sanitize_strips_terminal_control),
    cmocka_unit_test(test_redact_registered_and_bearer),
    cmocka_unit_test(test_error_format_cleans_server_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
