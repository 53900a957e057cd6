/* setup_regions.h - AWS region names (assets/regions/region-names.tsv): the
 * region list shows "ap-northeast-1  Asia Pacific (Tokyo)", and a city typed
 * where a code belongs is answered with its code. */
#ifndef SETUP_REGIONS_H
#define SETUP_REGIONS_H

/* "Asia Pacific (Tokyo)", or "" when unknown. */
const char *hk_region_name_shown(const char *region);   /* the same, in the operator's language */
/* (English, as the table has it:) */
const char *hk_region_name(const char *region);
/* The region whose name contains text as a word, any case ("tokyo" ->
 * "ap-northeast-1"); NULL when none or several. */
const char *hk_region_by_name(const char *text);

#endif
