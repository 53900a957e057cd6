/* verify_journal.c - post-deploy check results as journal entries. */
#include "plan/verify_journal.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"

#define CLUSTER_ID "verify.cluster"

const char *hk_verify_outcome_key(enum hk_verify_outcome o)
{
  switch(o) {
  case HK_VO_PASS: return "pass";
  case HK_VO_FAIL: return "fail";
  case HK_VO_SKIPPED: return "skipped";
  case HK_VO_NOT_RUN: break;
  }
  return "not run";
}

void hk_verify_journal_record(struct hk_journal *j, const struct hk_verify_result *r)
{
  struct hk_error e = { .status = HK_OK };
  int c;

  for(c = 0; c < HK_VERIFY__COUNT; c++) {
    char id[48];
    struct hk_jaction *a;

    snprintf(id, sizeof(id), "verify.%s", hk_verify_key((enum hk_verify_check)c));
    a = hk_journal_get(j, id);
    if(!a)
      continue;
    hk_kvmap_clear(&a->result);
    hk_kvmap_set(&a->result, "outcome", hk_verify_outcome_key(r->outcome[c]));
    hk_kvmap_set(&a->result, "sentence", r->sentence[c]);
    if(r->fix[c][0])
      hk_kvmap_set(&a->result, "fix", r->fix[c]);
    hk_error_clear(&e);
    if(r->outcome[c] == HK_VO_FAIL)
      hk_journal_mark_failed(j, id, r->sentence[c], &e);
    else if(r->outcome[c] == HK_VO_PASS)
      hk_journal_mark_done(j, id, HK_ORIGIN_CREATED, &e);
    else
      hk_journal_mark(j, id, HK_JS_SKIPPED, &e);
  }
}

/* Saved before the create is sent: a kill, a hang-up or a lost reply can no
 * longer leave a cluster nobody knows about.  Removed: the record is cleared
 * ("skipped": nothing left to do). */
static void note_cluster(void *ud, const char *name, const char *cluster_id)
{
  struct hk_journal *j = ud;
  struct hk_jaction *a = hk_journal_get(j, CLUSTER_ID);
  struct hk_error e = { .status = HK_OK };

  if(!a)
    return;
  hk_error_clear(&e);
  hk_kvmap_clear(&a->result);
  if(!name) {
    hk_journal_mark(j, CLUSTER_ID, HK_JS_SKIPPED, &e);
    return;
  }
  hk_kvmap_set(&a->result, "cluster_name", name);
  if(cluster_id && cluster_id[0])
    hk_kvmap_set(&a->result, "cluster_id", cluster_id);
  if(a->state == HK_JS_INTENT)
    hk_journal_save(j, &e);
  else
    hk_journal_mark_intent(j, CLUSTER_ID, "", &e);
}

void hk_verify_journal_cluster(struct hk_verify_opts *o, struct hk_journal *j)
{
  const struct hk_jaction *a = hk_journal_find(j, CLUSTER_ID);

  o->cluster_note = note_cluster;
  o->cluster_ud = j;
  if(a && a->state == HK_JS_INTENT) {
    hk_strlcpy(o->leftover_cluster_name, hk_kvmap_str(&a->result, "cluster_name"),
               sizeof(o->leftover_cluster_name));
    hk_strlcpy(o->leftover_cluster_id, hk_kvmap_str(&a->result, "cluster_id"),
               sizeof(o->leftover_cluster_id));
  }
}
