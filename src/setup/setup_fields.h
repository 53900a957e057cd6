/* setup_fields.h - the field table: each answer described once.
 *
 * Used by the wizard (forms, help, pickers), the answers file (INI key =
 * "<section>.<key>" where section is the step key), and the state file. */
#ifndef SETUP_FIELDS_H
#define SETUP_FIELDS_H

#include "setup/setup_model.h"

enum hk_field_kind {
  HK_FIELD_TEXT,       /* free text, validated */
  HK_FIELD_BOOL,       /* "true"/"false" (also yes/no, on/off, 1/0) */
  HK_FIELD_ENUM,       /* one of enum_values */
  HK_FIELD_LIST        /* comma-separated list of IDs */
};

/* What live list can feed a field (the UI shows a picker). */
enum hk_picker {
  HK_PICK_NONE, HK_PICK_REGION, HK_PICK_ROLE, HK_PICK_BUCKET, HK_PICK_VPC,
  HK_PICK_SUBNET, HK_PICK_SG, HK_PICK_VPCE, HK_PICK_ROUTE_TABLE, HK_PICK_METASTORE
};

/* Syntax validator: HK_OK, or HK_INVALID with a sentence in err. */
typedef hk_status (*hk_validate_fn)(const char *value, struct hk_error *err);

struct hk_field_def {
  const char *key;            /* INI key within the step's section, e.g. "vpc_id" */
  enum hk_step step;
  enum hk_field_kind kind;
  const char *label;          /* short label (gettext N_()) */
  const char *help;           /* one or two sentences shown under the field */
  hk_validate_fn validate;    /* NULL = any text */
  const char *const *enum_values; /* HK_FIELD_ENUM: NULL-terminated */
  enum hk_picker picker;
  bool required;
  bool immutable;             /* cannot be changed after the workspace exists */
};

extern const struct hk_field_def hk_fields[];
extern const size_t hk_n_fields;

/* Look up by "section.key" (e.g. "network.vpc_id"); NULL if unknown. */
const struct hk_field_def *hk_field_find(const char *qualified_key);
/* Read a field as text into out (lists comma-separated, bools "true"/"false"). */
hk_status hk_field_get(const struct hk_setup *s, const struct hk_field_def *f, char *out, size_t n);
/* Validate then set; on HK_INVALID the setup is unchanged and err says why. */
hk_status hk_field_set(struct hk_setup *s, const struct hk_field_def *f, const char *value,
                       struct hk_error *err);
/* Whether a field applies given other answers (e.g. role_name only when CREATE). */
bool hk_field_active(const struct hk_setup *s, const struct hk_field_def *f);

/* Additions (backward compatible). */
/* "section.key" of a field, e.g. "endpoints.relay.vpce_id". */
const char *hk_field_qualified(const struct hk_field_def *f, char *out, size_t n);
/* Position in hk_fields[] (console order). */
size_t hk_field_index(const struct hk_field_def *f);
/* LIST: most items allowed; others 1. */
int hk_field_max_items(const struct hk_field_def *f);
/* When the field applies, as a phrase for comments ("when mode = create"); "" = always. */
const char *hk_field_condition(const struct hk_field_def *f);
/* Parse a boolean answer (true/false, yes/no, on/off, 1/0; any case). */
bool hk_parse_bool(const char *v, bool *out);
/* Partition from its key ("aws", "aws-us-gov", "aws-us-gov-dod"). */
bool hk_partition_from_key(const char *key, enum hk_partition *out);

#endif
