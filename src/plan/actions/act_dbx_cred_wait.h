/* act_dbx_cred_wait.h - credential create that waits out IAM propagation. */
#ifndef PLAN_ACT_DBX_CRED_WAIT_H
#define PLAN_ACT_DBX_CRED_WAIT_H

#include "plan/actions/act_dbx_obj.h"

/* POST /credentials with body (taken over); on "Failed credential validation
 * checks" wait while the role's policy grants the listed actions (see the
 * .c file).  Sets id_key and "name" and finishes the run. */
void hk_cred_create_wait(struct hk_run *run, cJSON *body, const char *id_key);
/* The wait cap: HEIIKI_CRED_WAIT_S seconds (0..3600), default 180 s. */
long hk_cred_wait_cap_ms(void);
/* Delay before attempt n+1: 1 s, 2 s, 4 s, 8 s, then 15 s. */
long hk_cred_wait_delay_ms(int attempt);

#endif
