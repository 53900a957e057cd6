/* dbx_adopt.h - find an existing object so a re-run reuses it instead of
 * creating a twin (after any interruption, and after a create whose outcome
 * is unknown).  Pure functions over a list read with the *_list calls.
 *
 * SAME: an object matches what we want (reuse it).  DIFFERS: an object has
 * the name or the resources we want but different content: creating would
 * fail or make a twin; `why` says what differs.  NONE: create. */
#ifndef DBX_ADOPT_H
#define DBX_ADOPT_H

#include <stddef.h>
#include "dbx/dbx_credentials.h"
#include "dbx/dbx_metastores.h"
#include "dbx/dbx_networks.h"
#include "dbx/dbx_pas.h"
#include "dbx/dbx_storage.h"
#include "dbx/dbx_vpce.h"
#include "dbx/dbx_workspaces.h"

enum dbx_adopt_kind { DBX_ADOPT_NONE = 0, DBX_ADOPT_SAME, DBX_ADOPT_DIFFERS };

struct dbx_adopt {
  enum dbx_adopt_kind kind;
  size_t index;          /* into the list (not NONE) */
  char why[512];         /* DIFFERS: what differs */
};

/* By name; content: role ARN. */
void dbx_adopt_credentials(const struct dbx_credentials *list, size_t n,
                           const struct dbx_credentials *want, struct dbx_adopt *out);
/* By name; content: bucket (and role ARN when wanted). */
void dbx_adopt_storage(const struct dbx_storage *list, size_t n, const struct dbx_storage *want,
                       struct dbx_adopt *out);
/* By AWS endpoint id first (names can repeat), then by name. */
void dbx_adopt_vpce(const struct dbx_vpce *list, size_t n, const struct dbx_vpce *want,
                    struct dbx_adopt *out);
/* By content (VPC + same subnet set: a subnet can be in one network only),
 * then by name; content also: security groups and endpoint IDs.  A network
 * holding any wanted subnet is DIFFERS. */
void dbx_adopt_network(const struct dbx_network *list, size_t n, const struct dbx_network *want,
                       struct dbx_adopt *out);
/* By name; content: region, public access, level, allowed endpoints. */
void dbx_adopt_pas(const struct dbx_pas *list, size_t n, const struct dbx_pas *want,
                   struct dbx_adopt *out);
/* By name (deployment name when wanted); content: region and the object IDs. */
void dbx_adopt_workspace(const struct dbx_workspace *list, size_t n,
                         const struct dbx_workspace *want, struct dbx_adopt *out);
/* By region (one metastore per region); a different name is still SAME. */
void dbx_adopt_metastore(const struct dbx_metastore *list, size_t n, const char *region,
                         struct dbx_adopt *out);

#endif
