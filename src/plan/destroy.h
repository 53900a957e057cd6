/* destroy.h - `heiiki destroy NAME`: remove what heiiki created, nothing else.
 *
 * Walks the plan in reverse order.  Only actions the journal records as
 * created by heiiki are removed; adopted and given resources are listed and
 * left alone.  A resource still attached (HTTP 409 / "in use") is retried
 * with backoff while its user goes away (e.g. a workspace being deleted),
 * then reported.  Every removal is journaled ("deleted"), so an interrupted
 * destroy continues where it stopped. */
#ifndef PLAN_DESTROY_H
#define PLAN_DESTROY_H

#include "plan/apply.h"

/* What destroy would remove, in order (for the confirmation prompt). */
size_t hk_destroy_list(const struct hk_plan *p, const struct hk_journal *j, FILE *out);
hk_status hk_destroy_run(struct hk_engine *eng, struct hk_error *err);
/* Remove the post-deploy test cluster a stopped check left (journal
 * "verify.cluster"), before the workspace goes (destroy_cluster.c). */
hk_status hk_destroy_test_cluster(struct hk_engine *eng, struct hk_error *err);

#endif
