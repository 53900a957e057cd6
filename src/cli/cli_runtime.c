/* cli_runtime.c - answers, journal, loop, trace and clients for a command. */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "aws/aws_client.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/apply.h"
#include "dbx/dbx_client.h"
#include "net/net_ca.h"
#include "net/net_loop.h"
#include "setup/setup_answers.h"
#include "setup/setup_json.h"

hk_status hk_cli_load_answers(const char *path, struct hk_setup *s)
{
  struct hk_diags d;
  struct hk_buf out;
  hk_status st;

  hk_setup_init(s);
  hk_diags_init(&d);
  hk_buf_init(&out);
  st = hk_setup_read_ini(path, s, &d);
  if(st == HK_OK)
    st = hk_setup_check_complete(s, path, &d);
  if(st != HK_OK) {
    hk_diags_format(&d, &out);
    fprintf(stderr, "%s", out.data ? out.data : "");
    if(!d.n)
      fprintf(stderr, _("heiiki: cannot read the answers file %s.\n"), path);
    st = HK_CONFIG;
  }
  hk_buf_free(&out);
  hk_diags_free(&d);
  return st;
}

/* --trace FILE holds every request heiiki makes, so it is heiiki's own file,
 * mode 0600 (heiiki(1)): a new file is created 0600 (O_EXCL); an existing
 * one must be a regular file of the user's, and is emptied and set to 0600;
 * a symbolic link, a FIFO (which would block) or another user's file is
 * refused. */
static hk_status trace_refuse(const char *path, const struct stat *sb, struct hk_error *err)
{
  hk_status st;

  if(S_ISLNK(sb->st_mode))
    st = hk_error_set(err, HK_IO, _("The trace file %s is a symbolic link; heiiki writes its "
                                    "trace only into a file of its own."), path);
  else if(!S_ISREG(sb->st_mode))
    st = hk_error_set(err, HK_IO, _("The trace file %s is not a regular file; heiiki writes its "
                                    "trace only into a file of its own."), path);
  else
    st = hk_error_set(err, HK_IO, _("The trace file %s belongs to user %ld, not to you; heiiki "
                                    "writes its trace only into a file of its own."),
                      path, (long)sb->st_uid);
  hk_error_hint(err, _("Give --trace the name of a new file."));
  return st;
}

static bool trace_ours(const struct stat *sb)
{
  return S_ISREG(sb->st_mode) && sb->st_uid == geteuid();
}

/* An existing trace file: checked before it is opened (a FIFO would block)
 * and again on what was opened (it may have been swapped in between). */
static int reopen_trace(const char *path, struct hk_error *err)
{
  struct stat sb;
  int fd;

  if(lstat(path, &sb) != 0) {
    hk_error_set(err, HK_IO, _("Cannot write the trace file %s: %s."), path, strerror(errno));
    return -1;
  }
  if(!trace_ours(&sb)) {
    trace_refuse(path, &sb, err);
    return -1;
  }
  fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if(fd < 0) {
    hk_error_set(err, HK_IO, _("Cannot write the trace file %s: %s."), path, strerror(errno));
    return -1;
  }
  if(fstat(fd, &sb) != 0 || !trace_ours(&sb)) {
    trace_refuse(path, &sb, err);
    close(fd);
    return -1;
  }
  if(fchmod(fd, 0600) != 0 || ftruncate(fd, 0) != 0) {
    hk_error_set(err, HK_IO, _("Cannot write the trace file %s: %s."), path, strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

static FILE *open_trace(const char *path, struct hk_error *err)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  FILE *f;

  if(fd < 0 && errno == EEXIST)
    fd = reopen_trace(path, err);
  else if(fd < 0)
    hk_error_set(err, HK_IO, _("Cannot write the trace file %s: %s."), path, strerror(errno));
  if(fd < 0)
    return NULL;
  f = fdopen(fd, "w");
  if(!f) {
    close(fd);
    hk_error_set(err, HK_IO, _("Cannot write the trace file %s."), path);
  }
  return f;
}

static hk_status open_dbx(struct hk_cli_rt *rt, const struct hk_setup *s, struct hk_error *err)
{
  hk_status st;

  dbx_config_init(&rt->dcfg);
  if(s->account_id[0])
    hk_strlcpy(rt->dcfg.account_id, s->account_id, sizeof(rt->dcfg.account_id));
  st = dbx_config_resolve(&rt->dcfg, NULL, NULL, err);
  if(st == HK_OK)
    st = dbx_config_validate(&rt->dcfg, err);
  if(st != HK_OK)
    return st;
  if(rt->dcfg.client_secret)
    hk_loop_add_secret(rt->loop, rt->dcfg.client_secret);
  if(rt->dcfg.token)
    hk_loop_add_secret(rt->loop, rt->dcfg.token);
  rt->dbx = dbx_client_new(rt->loop, &rt->dcfg, NULL, err);
  return rt->dbx ? HK_OK : (err && err->status != HK_OK ? err->status : HK_CONFIG);
}

static hk_status open_aws(struct hk_cli_rt *rt, const struct hk_setup *s, struct hk_error *err)
{
  struct aws_client_opts ao;

  memset(&ao, 0, sizeof(ao));
  ao.region = s->region[0] ? s->region : NULL;
  rt->aws = aws_client_new(rt->loop, &ao, err);
  return rt->aws ? HK_OK : (err && err->status != HK_OK ? err->status : HK_CONFIG);
}

hk_status hk_cli_rt_open(struct hk_cli *cli, const struct hk_setup *s, struct hk_cli_rt *rt,
                         struct hk_error *err)
{
  struct hk_loop_opts lo;
  const char *aws_secret = getenv("AWS_SECRET_ACCESS_KEY");
  const char *aws_token = getenv("AWS_SESSION_TOKEN");

  memset(rt, 0, sizeof(*rt));
  memset(&lo, 0, sizeof(lo));
  if(cli->trace_path) {
    rt->trace = open_trace(cli->trace_path, err);
    if(!rt->trace)
      return HK_IO;
  }
  lo.ca_bundle = hk_ca_bundle(cli->ca_bundle);
  lo.trace = rt->trace;
  rt->loop = hk_loop_new(&lo);
  if(!rt->loop)
    return hk_error_set(err, HK_NOMEM, _("Cannot start the network loop."));
  if(aws_secret && *aws_secret)
    hk_loop_add_secret(rt->loop, aws_secret);
  if(aws_token && *aws_token)
    hk_loop_add_secret(rt->loop, aws_token);
  if(open_aws(rt, s, err) != HK_OK)
    return err && err->status != HK_OK ? err->status : HK_CONFIG;
  return open_dbx(rt, s, err);
}

void hk_cli_rt_guard(const struct hk_cli_rt *rt, struct hk_journal *j)
{
  hk_journal_guard(j, getenv("AWS_SECRET_ACCESS_KEY"));
  hk_journal_guard(j, getenv("AWS_SESSION_TOKEN"));
  hk_journal_guard(j, getenv("DATABRICKS_CLIENT_SECRET"));
  hk_journal_guard(j, getenv("DATABRICKS_TOKEN"));
  hk_journal_guard(j, rt->dcfg.client_secret);
  hk_journal_guard(j, rt->dcfg.token);
}

void hk_cli_rt_close(struct hk_cli_rt *rt)
{
  if(rt->dbx)
    dbx_client_free(rt->dbx);
  if(rt->aws)
    aws_client_free(rt->aws);
  if(rt->loop)
    hk_loop_free(rt->loop);
  dbx_config_free(&rt->dcfg);
  if(rt->trace)
    fclose(rt->trace);
  memset(rt, 0, sizeof(*rt));
}
