/* apply_run.c - what action hooks use while they run. */
#include "plan/apply.h"

#include <stdarg.h>
#include <stdio.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "net/net_loop.h"
#include "plan/net_resolve.h"

const struct hk_setup *hk_run_setup(const struct hk_run *run)
{
  struct hk_engine *eng = run->eng;

  if(!eng->resolved)
    return eng->setup;
  hk_net_resolve(eng->resolved, eng->setup, eng->journal);
  return eng->resolved;
}

const char *hk_run_dep(const struct hk_run *run, const char *action_id, const char *key)
{
  const struct hk_jaction *ja = hk_journal_find(run->eng->journal, action_id);
  return ja ? hk_kvmap_str(&ja->result, key) : "";
}

const char *hk_run_get(const struct hk_run *run, const char *key)
{
  return hk_kvmap_str(&run->ja->result, key);
}

hk_status hk_run_set(struct hk_run *run, const char *key, const char *value)
{
  return hk_kvmap_set(&run->ja->result, key, value);
}

hk_status hk_run_save(struct hk_run *run)
{
  if(run->eng->dry_lookup)
    return HK_OK;
  return hk_journal_save(run->eng->journal, NULL);
}

void hk_run_progress(struct hk_run *run, const char *fmt, ...)
{
  char msg[512];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  hk_fe_progress(run->eng->fe, run->action->id, msg, hk_now_ms() - run->started_ms);
}

void hk_run_found(struct hk_run *run)
{
  run->found = true;
}

bool hk_run_stopping(const struct hk_run *run)
{
  return run->eng->stop && *run->eng->stop;
}

void hk_run_finish(struct hk_run *run, hk_status st, const struct hk_error *err)
{
  if(!run || run->finished || !run->on_finish)
    return;
  run->finished = true;
  run->on_finish(run, st, err);
}

void hk_run_fail(struct hk_run *run, hk_status st, const char *fmt, ...)
{
  struct hk_error e = { .status = HK_OK };
  va_list ap;

  hk_error_clear(&e);
  e.status = st;
  va_start(ap, fmt);
  vsnprintf(e.message, sizeof(e.message), fmt, ap);
  va_end(ap);
  hk_run_finish(run, st, &e);
}
