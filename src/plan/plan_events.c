/* plan_events.c - NULL-tolerant calls into a front end. */
#include "plan/plan_events.h"

#include <stdarg.h>
#include <stdio.h>

void hk_fe_started(const struct hk_frontend *fe, const char *id, const char *title,
                   const char *verb)
{
  if(fe && fe->action_started)
    fe->action_started(fe->ud, id, title ? title : "", verb ? verb : "");
}

void hk_fe_progress(const struct hk_frontend *fe, const char *id, const char *message,
                    long elapsed_ms)
{
  if(fe && fe->action_progress)
    fe->action_progress(fe->ud, id, message ? message : "", elapsed_ms);
}

void hk_fe_done(const struct hk_frontend *fe, const char *id, hk_status result,
                const struct hk_error *err, const char *summary, long elapsed_ms)
{
  if(fe && fe->action_done)
    fe->action_done(fe->ud, id, result, err, summary ? summary : "", elapsed_ms);
}

void hk_fe_log(const struct hk_frontend *fe, enum hk_log_level level, const char *fmt, ...)
{
  char msg[1024];
  va_list ap;

  if(!fe || !fe->log)
    return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  fe->log(fe->ud, level, msg);
}
