/* plan_print.c - `heiiki plan`: the plan as text or JSON. */
#include "plan/plan.h"

#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "core/hk_i18n.h"
#include "core/hk_text.h"
#include "plan/journal.h"

/* The text shows words in the operator's language; the JSON keeps the keys. */
static const char *state_of(const struct hk_journal *j, const char *id)
{
  const struct hk_jaction *ja = hk_journal_find(j, id);

  switch(ja ? ja->state : HK_JS_PENDING) {
  case HK_JS_PENDING: return _("pending");
  case HK_JS_INTENT: return _("intent");
  case HK_JS_DONE: return _("done");
  case HK_JS_FAILED: return _("failed");
  case HK_JS_SKIPPED: return _("skipped");
  case HK_JS_DELETED: return _("deleted");
  case HK_JS__COUNT: break;
  }
  return hk_jstate_key(ja->state);
}

static const char *decision_label(enum hk_decision d)
{
  switch(d) {
  case HK_DEC_CREATE: return _("create");
  case HK_DEC_ADOPT: return _("adopt");
  case HK_DEC_KEEP: return _("keep");
  case HK_DEC_SKIP: return _("skip");
  case HK_DEC__COUNT: break;
  }
  return hk_decision_key(d);
}

static const char *decision_color(enum hk_decision d, bool color)
{
  if(!color)
    return "";
  switch(d) {
  case HK_DEC_CREATE: return "\033[32m";
  case HK_DEC_ADOPT: return "\033[36m";
  case HK_DEC_KEEP: return "\033[34m";
  case HK_DEC_SKIP: return "\033[2m";
  case HK_DEC__COUNT: break;
  }
  return "";
}

static void print_action(const struct hk_action *a, const struct hk_setup *s,
                         const struct hk_journal *j, FILE *out, bool color)
{
  char what[1024] = "", col[64];

  /* the decision column in display cells: a translated word is wider than its bytes */
  fprintf(out, "  %s%s%s %-24s %s", decision_color(a->decision, color),
          hk_text_pad(col, sizeof(col), decision_label(a->decision), 7), color ? "\033[0m" : "",
          a->id, _(a->title));
  if(j)
    fprintf(out, "  [%s]", state_of(j, a->id));
  fputc('\n', out);
  if(a->decision == HK_DEC_CREATE && a->ops->describe)
    a->ops->describe(a, s, what, sizeof(what));
  if(what[0])
    fprintf(out, "          %s\n", what);
  else if(a->note[0])
    fprintf(out, "          %s\n", a->note);
}

static void print_policies(const struct hk_plan *p, const struct hk_setup *s, FILE *out)
{
  struct hk_plan_policy pol[HK_PLAN_POLICIES_MAX];
  char line[1024];
  size_t i, n = hk_plan_policies(p, s, pol, HK_PLAN_POLICIES_MAX);

  if(!n)
    return;
  fprintf(out, "\n%s\n", _("Policies heiiki puts (read them before you commit)"));
  for(i = 0; i < n; i++) {
    fprintf(out, "\n  %s\n  %s\n", pol[i].title, pol[i].note);
    if(pol[i].document) {
      fprintf(out, "%s\n", pol[i].document);
    } else {
      hk_error_format(&pol[i].err, line, sizeof(line));
      fprintf(out, "  %s\n", line);
    }
  }
  hk_plan_policies_free(pol, n);
}

static void print_text(const struct hk_plan *p, const struct hk_setup *s,
                       const struct hk_journal *j, FILE *out, bool color)
{
  int ph;
  size_t i, left = hk_plan_creates_left(p, j), all = hk_plan_count(p, HK_DEC_CREATE);

  /* on a resume, "to create" is what is left: done (created or adopted) is not */
  fprintf(out, _("Plan for setup \"%s\" in %s: %zu to create, %zu to adopt, %zu given, "
                 "%zu skipped.\n"),
          s->name, s->region, left, hk_plan_count(p, HK_DEC_ADOPT),
          hk_plan_count(p, HK_DEC_KEEP), hk_plan_count(p, HK_DEC_SKIP));
  if(left < all)
    fprintf(out, _("%zu of the plan's %zu creates are done already (an earlier run); each is "
                   "re-read before it is relied on.\n"), all - left, all);
  for(ph = 0; ph < HK_PHASE__COUNT; ph++) {
    fprintf(out, "\n%s\n", hk_phase_title((enum hk_phase)ph));
    for(i = 0; i < p->n; i++)
      if(p->actions[i].phase == (enum hk_phase)ph)
        print_action(&p->actions[i], s, j, out, color);
  }
  print_policies(p, s, out);
  fprintf(out, "\n%s\n", _("Nothing has been changed. `heiiki apply` carries this plan out."));
}

static cJSON *action_json(const struct hk_action *a, const struct hk_setup *s,
                          const struct hk_journal *j)
{
  cJSON *o = cJSON_CreateObject();
  cJSON *deps = cJSON_CreateArray();
  char what[1024] = "";
  size_t d;

  if(!o || !deps) {
    cJSON_Delete(o);
    cJSON_Delete(deps);
    return NULL;
  }
  cJSON_AddStringToObject(o, "id", a->id);
  cJSON_AddStringToObject(o, "title", a->title);
  cJSON_AddStringToObject(o, "phase", hk_phase_key(a->phase));
  cJSON_AddStringToObject(o, "decision", hk_decision_key(a->decision));
  if(a->decision == HK_DEC_CREATE && a->ops->describe)
    a->ops->describe(a, s, what, sizeof(what));
  cJSON_AddStringToObject(o, "note", what[0] ? what : a->note);
  for(d = 0; d < a->n_deps; d++)
    cJSON_AddItemToArray(deps, cJSON_CreateString(a->deps[d]));
  cJSON_AddItemToObject(o, "depends_on", deps);
  if(j)
    cJSON_AddStringToObject(o, "state", state_of(j, a->id));
  return o;
}

static void policies_json(const struct hk_plan *p, const struct hk_setup *s, cJSON *root)
{
  struct hk_plan_policy pol[HK_PLAN_POLICIES_MAX];
  cJSON *arr = cJSON_AddArrayToObject(root, "policies");
  char line[1024];
  size_t i, n = hk_plan_policies(p, s, pol, HK_PLAN_POLICIES_MAX);

  for(i = 0; arr && i < n; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON *doc = pol[i].document ? cJSON_Parse(pol[i].document) : NULL;

    if(!o) {
      cJSON_Delete(doc);
      break;
    }
    cJSON_AddStringToObject(o, "action", pol[i].action);
    cJSON_AddStringToObject(o, "title", pol[i].title);
    cJSON_AddStringToObject(o, "note", pol[i].note);
    if(doc) {
      cJSON_AddItemToObject(o, "document", doc);
    } else {
      hk_error_format(&pol[i].err, line, sizeof(line));
      cJSON_AddStringToObject(o, "error", line);
    }
    cJSON_AddItemToArray(arr, o);
  }
  hk_plan_policies_free(pol, n);
}

static hk_status print_json(const struct hk_plan *p, const struct hk_setup *s,
                            const struct hk_journal *j, FILE *out)
{
  cJSON *root = cJSON_CreateObject();
  cJSON *arr = cJSON_CreateArray();
  char *text;
  size_t i;

  if(!root || !arr) {
    cJSON_Delete(root);
    cJSON_Delete(arr);
    return HK_NOMEM;
  }
  cJSON_AddStringToObject(root, "name", s->name);
  cJSON_AddStringToObject(root, "region", s->region);
  cJSON_AddItemToObject(root, "actions", arr);
  for(i = 0; i < p->n; i++)
    cJSON_AddItemToArray(arr, action_json(&p->actions[i], s, j));
  policies_json(p, s, root);
  text = cJSON_Print(root);
  cJSON_Delete(root);
  if(!text)
    return HK_NOMEM;
  fprintf(out, "%s\n", text);
  free(text);
  return HK_OK;
}

hk_status hk_plan_print(const struct hk_plan *p, const struct hk_setup *s,
                        const struct hk_journal *j, FILE *out, bool json, bool color)
{
  if(json)
    return print_json(p, s, j, out);
  print_text(p, s, j, out, color);
  return HK_OK;
}
