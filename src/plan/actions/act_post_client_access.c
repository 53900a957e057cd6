/* act_post_client_access.c - the front-end address and the hosts-file line.
 *
 * The workspace host must resolve, on client machines, to the workspace
 * endpoint's address: its network interfaces' private IPs (VPN / Direct
 * Connect), or their public IPs when the operator chose an Elastic IP
 * route.  With a hosts-file path in the answers the line is written in a
 * marked block (verify_hosts.c); otherwise it is only reported. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_ec2.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "net/net_loop.h"
#include "plan/actions/act_aws_util.h"
#include "verify/verify_hosts.h"

#define ENI_TRIES 30

struct access {
  struct hk_run *run;
  int tries;
};

static void describe_endpoint(void *ud);

static void done(struct access *a, hk_status st, const struct hk_error *err)
{
  struct hk_run *run = a->run;

  free(a);
  hk_run_finish(run, st, err);
}

static void write_hosts(struct access *a)
{
  const struct hk_setup *s = hk_run_setup(a->run);
  const char *lines[1];
  char backup[4096] = "";
  struct hk_error e = { .status = HK_OK };

  if(!s->client.hosts_file[0]) {
    done(a, HK_OK, NULL);
    return;
  }
  lines[0] = hk_run_get(a->run, "hosts_line");
  if(hk_hosts_write(s->client.hosts_file, s->name, lines, 1, backup, sizeof(backup), &e) != HK_OK) {
    done(a, e.status, &e);
    return;
  }
  hk_run_set(a->run, "hosts_file", s->client.hosts_file);
  done(a, HK_OK, NULL);
}

static void on_enis(struct aws_eni *v, size_t n, const struct hk_error *err, void *ud)
{
  struct access *a = ud;
  const struct hk_setup *s = hk_run_setup(a->run);
  const char *host = hk_run_dep(a->run, "dbx.workspace", "workspace_host");
  const char *addr = "";
  char line[512];
  size_t i;

  for(i = 0; err->status == HK_OK && i < n && !addr[0]; i++)
    addr = s->client.frontend == HK_FE_ELASTIC_IP ? v[i].public_ip : v[i].private_ip;
  if(err->status == HK_OK && addr[0]) {
    hk_run_set(a->run, "address", addr);
    hk_hosts_line(addr, host, line, sizeof(line));
    hk_run_set(a->run, "hosts_line", line);
  }
  aws_enis_free(v, n);
  if(err->status != HK_OK) {
    done(a, err->status, err);
    return;
  }
  if(!hk_run_get(a->run, "address")[0]) {
    hk_run_fail(a->run, HK_STATE,
                s->client.frontend == HK_FE_ELASTIC_IP
                  ? _("The workspace endpoint's interfaces have no public IP. AWS manages "
                      "an endpoint's interfaces itself and refuses Elastic IPs on them; reach "
                      "the endpoint over VPN or Direct Connect (client.frontend = private_ip), "
                      "or put a public load balancer with its private IPs as targets in front.")
                  : _("The workspace endpoint's interfaces have no private IP."));
    free(a);
    return;
  }
  write_hosts(a);
}

static void retry_later(struct access *a)
{
  if(++a->tries >= ENI_TRIES || hk_run_stopping(a->run)) {
    hk_run_fail(a->run, HK_TIMEOUT,
                _("The workspace endpoint has no network interfaces yet; run `heiiki resume %s` "
                  "once it is available."), hk_run_setup(a->run)->name);
    free(a);
    return;
  }
  hk_run_progress(a->run, "%s", _("waiting for the endpoint's network interfaces"));
  if(hk_loop_timer(a->run->eng->loop, 2000, describe_endpoint, a) != HK_OK)
    done(a, HK_NOMEM, NULL);
}

static void on_endpoint(struct aws_vpc_endpoint *v, size_t n, const struct hk_error *err,
                        void *ud)
{
  struct access *a = ud;
  const char **ids = NULL;
  size_t i, k = 0;
  hk_status st = HK_OK;

  if(err->status == HK_OK && n > 0 && v[0].n_eni_ids > 0) {
    ids = calloc(v[0].n_eni_ids, sizeof(*ids));
    for(i = 0; ids && i < v[0].n_eni_ids; i++)
      ids[k++] = v[0].eni_ids[i];
    if(ids)
      st = aws_ec2_describe_network_interfaces(a->run->eng->aws, ids, k, NULL, 0, on_enis, a);
  }
  free(ids);
  if(err->status != HK_OK) {
    aws_vpc_endpoints_free(v, n);
    done(a, err->status, err);
    return;
  }
  if(k == 0)
    retry_later(a);
  else if(st != HK_OK)
    done(a, st, NULL);
  aws_vpc_endpoints_free(v, n);
}

static void describe_endpoint(void *ud)
{
  struct access *a = ud;
  const char *ids[1];

  ids[0] = hk_run_dep(a->run, "aws.vpce.workspace", "vpce_id");
  if(aws_ec2_describe_vpc_endpoints(a->run->eng->aws, ids, 1, NULL, 0, on_endpoint, a) != HK_OK)
    done(a, HK_NET, NULL);
}

static void create(struct hk_run *run)
{
  struct access *a;

  if(!hk_run_aws(run))
    return;
  a = calloc(1, sizeof(*a));
  if(!a) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  a->run = run;
  describe_endpoint(a);
}

static void remove_(struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  struct hk_error e = { .status = HK_OK };
  const char *path = hk_run_get(run, "hosts_file");
  hk_status st = HK_OK;

  if(path[0])
    st = hk_hosts_remove(path, s->name, &e);
  hk_run_finish(run, st, st == HK_OK ? NULL : &e);
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  hk_act_note(a, s->client.hosts_file[0] ? _("work out the front-end address and write the "
                                             "hosts line")
                                         : _("work out the front-end address and the hosts line"));
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "hosts_line", NULL };

const struct hk_action_ops hk_act_post_client_access = {
  "post.client_access", decide, NULL, create, remove_, NULL, keys,
};
