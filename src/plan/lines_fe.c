/* lines_fe.c - the headless front end: one timestamped line per event. */
#include "plan/plan_events.h"

#include <string.h>
#include <time.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "core/hk_clean.h"
#include "core/hk_text.h"

#define C_GREEN "\033[32m"
#define C_RED "\033[31m"
#define C_YELLOW "\033[33m"
#define C_OFF "\033[0m"

static long mono_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void stamp(char *out, size_t n)
{
  time_t t = time(NULL);
  struct tm tm;

  gmtime_r(&t, &tm);
  strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Text that may quote a server (status messages, results): no terminal
 * control, no secret (core/hk_clean.h). */
static const char *clean(char *buf, size_t n, const char *text)
{
  hk_strlcpy(buf, text ? text : "", n);
  hk_text_clean(buf, HK_TEXT_KEEP_NEWLINES);
  return buf;
}

static const char *paint(const struct hk_lines_fe *lf, const char *color)
{
  return lf->color ? color : "";
}

static void on_started(void *ud, const char *id, const char *title, const char *verb)
{
  struct hk_lines_fe *lf = ud;
  char ts[32];
  char w[64];
  char v[64];

  if(lf->quiet)
    return;
  stamp(ts, sizeof(ts));
  fprintf(lf->out, "%s  %s %-26s %s %s\n", ts, hk_text_pad(w, sizeof(w), _("start"), 6), id,
          hk_text_pad(v, sizeof(v), verb, 7), title);
  fflush(lf->out);
}

static void on_progress(void *ud, const char *id, const char *message, long elapsed_ms)
{
  struct hk_lines_fe *lf = ud;
  char ts[32];
  char w[64];
  char text[1024];
  long now = mono_ms();
  bool same = strcmp(lf->last_id, id) == 0 && strcmp(lf->last_msg, message) == 0;

  if(lf->quiet || (same && now - lf->last_ms < lf->min_progress_ms))
    return;
  hk_strlcpy(lf->last_id, id, sizeof(lf->last_id));
  hk_strlcpy(lf->last_msg, message, sizeof(lf->last_msg));
  lf->last_ms = now;
  stamp(ts, sizeof(ts));
  fprintf(lf->out, "%s  %s %-26s %5lds  %s\n", ts, hk_text_pad(w, sizeof(w), _("wait"), 6), id,
          elapsed_ms / 1000, clean(text, sizeof(text), message));
  fflush(lf->out);
}

static void on_done(void *ud, const char *id, hk_status result, const struct hk_error *err,
                    const char *summary, long elapsed_ms)
{
  struct hk_lines_fe *lf = ud;
  char ts[32];
  char w[64];
  char line[2048];
  char text[2048];

  stamp(ts, sizeof(ts));
  if(result == HK_OK) {
    fprintf(lf->out, "%s  %s %-26s %sok%s %5.1fs  %s\n", ts, hk_text_pad(w, sizeof(w), _("done"), 6), id,
            paint(lf, C_GREEN), paint(lf, C_OFF), elapsed_ms / 1000.0,
            clean(text, sizeof(text), summary));
  }
  else {
    hk_error_format(err, line, sizeof(line));
    fprintf(lf->out, "%s  %s %-26s %s%s%s %5.1fs  %s\n", ts,
            hk_text_pad(w, sizeof(w), result == HK_CANCELLED ? _("stop") : _("failed"), 6), id,
            paint(lf, result == HK_CANCELLED ? C_YELLOW : C_RED), hk_status_name(result),
            paint(lf, C_OFF), elapsed_ms / 1000.0, line);
    if(err && err->hint[0])
      fprintf(lf->out, "%s  %s %-26s %s\n", ts, hk_text_pad(w, sizeof(w), _("fix"), 6), id,
              clean(text, sizeof(text), err->hint));
  }
  fflush(lf->out);
}

static void on_log(void *ud, enum hk_log_level level, const char *message)
{
  struct hk_lines_fe *lf = ud;
  char ts[32];
  char w[64];
  const char *word = _("note");
  const char *color = "";
  char text[2048];

  if(level == HK_LOG_DEBUG || (lf->quiet && level == HK_LOG_INFO))
    return;
  if(level == HK_LOG_WARN) {
    word = _("warn");
    color = C_YELLOW;
  }
  else if(level == HK_LOG_ERROR) {
    word = _("error");
    color = C_RED;
  }
  stamp(ts, sizeof(ts));
  fprintf(lf->out, "%s  %s%s%s %s\n", ts, paint(lf, color), hk_text_pad(w, sizeof(w), word, 6),
          paint(lf, C_OFF), clean(text, sizeof(text), message));
  fflush(lf->out);
}

void hk_lines_fe_init(struct hk_lines_fe *lf, FILE *out, bool color)
{
  memset(lf, 0, sizeof(*lf));
  lf->out = out;
  lf->color = color;
  lf->min_progress_ms = 10000;
}

void hk_lines_fe_bind(struct hk_lines_fe *lf, struct hk_frontend *fe)
{
  memset(fe, 0, sizeof(*fe));
  fe->action_started = on_started;
  fe->action_progress = on_progress;
  fe->action_done = on_done;
  fe->log = on_log;
  fe->ud = lf;
}
