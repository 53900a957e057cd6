/* net_ca.h - which CA bundle verifies TLS. */
#ifndef NET_CA_H
#define NET_CA_H

/* The first that is set and not empty: the --ca-bundle option, HEIIKI_CA_BUNDLE,
 * AWS_CA_BUNDLE (as the AWS SDKs and CLI read it; heiiki has one network
 * loop, so the bundle verifies the Databricks side too).  NULL: the system
 * default.  Used by the headless commands and by the wizard's live checks. */
const char *hk_ca_bundle(const char *option);

#endif
