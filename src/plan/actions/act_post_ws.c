/* act_post_ws.c - the workspace client for post-deploy actions, made once
 * (and handed on to the post-deploy checks, so they reuse its token).
 *
 * In a closed network the workspace host must be reached through the
 * front-end endpoint: the host is pinned (libcurl connect-to) to the address
 * the front end gave (--frontend-addr), else HEIIKI_FRONTEND_ADDR, else the
 * one post.client_access worked out.  TLS and the Host
 * header keep the real name. */
#include "plan/actions/actions.h"

#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "net/net_loop.h"
#include "plan/apply.h"
#include "plan/actions/act_dbx_obj.h"

static hk_status host_of(const char *url, char *host, size_t n)
{
  const char *p;
  size_t len;

  if(strncmp(url, "https://", 8) != 0)
    return HK_INVALID;
  p = url + 8;
  len = strcspn(p, "/:?#");
  if(!len || len >= n)
    return HK_INVALID;
  memcpy(host, p, len);
  host[len] = '\0';
  return HK_OK;
}

struct dbx_client *hk_run_ws(struct hk_run *run)
{
  struct hk_engine *eng = run->eng;
  const char *url = hk_run_dep(run, "dbx.workspace", "workspace_url");
  const char *addr = eng->frontend_addr;
  struct hk_error e = { .status = HK_OK };
  struct hk_error pe = { .status = HK_OK };
  char env_addr[128] = "";
  char host[256];
  int port = eng->frontend_port;

  if(eng->ws)
    return eng->ws;
  if(!hk_run_dbx(run))
    return NULL;
  if((!addr || !*addr) && getenv("HEIIKI_FRONTEND_ADDR") &&
     hk_frontend_addr_parse(getenv("HEIIKI_FRONTEND_ADDR"), env_addr, sizeof(env_addr), &port,
                            &pe) == HK_OK)
    addr = env_addr;
  if(!addr || !*addr)
    addr = hk_run_dep(run, "post.client_access", "address");
  if(!url[0] || host_of(url, host, sizeof(host)) != HK_OK) {
    hk_run_fail(run, HK_STATE, _("The workspace has no URL yet; run `heiiki resume %s` after "
                                 "it is provisioned."), hk_run_setup(run)->name);
    return NULL;
  }
  if(addr[0] && eng->loop &&
     hk_loop_pin(eng->loop, host, 443, addr,
                 port > 0 ? port : 443) != HK_OK) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return NULL;
  }
  hk_error_clear(&e);
  eng->ws = dbx_client_new_workspace(eng->dbx, url, &e);
  if(!eng->ws)
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
  return eng->ws;
}

void hk_engine_release_ws(struct hk_engine *eng)
{
  while(eng->ws && eng->loop && hk_loop_pending(eng->loop) > 0)
    hk_loop_poll(eng->loop, 250, -1, NULL);
  dbx_client_free(eng->ws);
  eng->ws = NULL;
}

hk_status hk_frontend_addr_parse(const char *in, char *addr, size_t n, int *port,
                                 struct hk_error *err)
{
  const char *colon;
  char *end = NULL;
  long p;

  *port = 443;
  if(!in || !*in)
    return hk_error_set(err, HK_INVALID, "%s", _("The front-end address is empty (IP or IP:PORT)."));
  colon = strrchr(in, ':');
  if(!colon || strchr(colon + 1, '.') || strchr(in, ':') != colon) {
    if(hk_strlcpy(addr, in, n) >= n)
      return hk_error_set(err, HK_INVALID, _("\"%s\" is too long."), in);
    return HK_OK;
  }
  p = strtol(colon + 1, &end, 10);
  if(!end || *end || p <= 0 || p > 65535)
    return hk_error_set(err, HK_INVALID, _("\"%s\" is not an address with a port (IP:PORT)."),
                        in);
  if((size_t)(colon - in) >= n)
    return hk_error_set(err, HK_INVALID, _("\"%s\" is too long."), in);
  memcpy(addr, in, (size_t)(colon - in));
  addr[colon - in] = '\0';
  *port = (int)p;
  return HK_OK;
}
