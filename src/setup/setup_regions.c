/* setup_regions.c - AWS region names (setup_regions.h). */
#include "setup/setup_regions.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

#define MAX_REGIONS 64

static struct {
  char region[32];
  char name[64];
} names[MAX_REGIONS];
static size_t n_names;
static bool loaded;

static hk_status name_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  (void)ctx;
  (void)lineno;
  (void)err;
  if(n < 2 || n_names >= MAX_REGIONS)
    return HK_OK;
  hk_strlcpy(names[n_names].region, c[0], sizeof(names[0].region));
  hk_strlcpy(names[n_names].name, c[1], sizeof(names[0].name));
  n_names++;
  return HK_OK;
}

static void load(void)
{
  struct hk_error err;

  if(loaded)
    return;
  loaded = true;
  n_names = 0;
  hk_error_clear(&err);
  if(hk_assets_load_tsv("regions/region-names.tsv", "region", NULL, 0, name_row, NULL, &err) !=
     HK_OK)
    n_names = 0;
}

const char *hk_region_name(const char *region)
{
  size_t i;

  load();
  for(i = 0; region && i < n_names; i++)
    if(strcmp(names[i].region, region) == 0)
      return names[i].name;
  return "";
}

const char *hk_region_name_shown(const char *region)
{
  const char *name = hk_region_name(region);

  /* the names are in the translation template (scripts/pot reads the table) */
  return name[0] ? _(name) : name;
}

/* text appears in name at a word start, any case */
static bool word_in(const char *name, const char *text)
{
  size_t n = strlen(text), i;
  const char *p;

  for(p = name; *p; p++) {
    if(p != name && isalnum((unsigned char)p[-1]))
      continue;
    for(i = 0; i < n && p[i] && tolower((unsigned char)p[i]) == tolower((unsigned char)text[i]); i++)
      ;
    if(i == n)
      return true;
  }
  return false;
}

const char *hk_region_by_name(const char *text)
{
  const char *found = NULL;
  size_t i;

  load();
  if(!text || strlen(text) < 3)
    return NULL;
  for(i = 0; i < n_names; i++) {
    if(!word_in(names[i].name, text))
      continue;
    if(found)
      return NULL;
    found = names[i].region;
  }
  return found;
}
