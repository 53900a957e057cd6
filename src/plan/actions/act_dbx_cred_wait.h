/* act_dbx_cred_wait.h - credential and workspace create that wait out IAM propagation. */
#ifndef PLAN_ACT_DBX_CRED_WAIT_H
#define PLAN_ACT_DBX_CRED_WAIT_H

#include "plan/actions/act_dbx_obj.h"

/* POST d->coll (/credentials or /workspaces) with body (taken over); on
 * "Failed credential(s) validation checks" wait while the cross-account role
 * (role) grants the listed actions (see the .c file).  Records the object
 * like hk_dbx_obj_create and finishes the run. */
void hk_cred_create_wait(struct hk_run *run, const struct hk_dbx_obj *d, const char *role,
                         cJSON *body);
/* The wait cap: HEIIKI_CRED_WAIT_S seconds (0..3600), default 180 s. */
long hk_cred_wait_cap_ms(void);
/* Delay before attempt n+1: 1 s, 2 s, 4 s, 8 s, then 15 s. */
long hk_cred_wait_delay_ms(int attempt);

#endif
