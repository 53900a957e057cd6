/* policy_write.c - canonical printing, and writing a policy file safely. */
#include "policy/policy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

char *hk_policy_canonical(const char *json)
{
  cJSON *j;
  char *out;
  if(!json)
    return NULL;
  j = cJSON_Parse(json);
  if(!j)
    return NULL;
  out = cJSON_Print(j);
  cJSON_Delete(j);
  return out;
}

static hk_status write_all(int fd, const char *p, size_t n)
{
  while(n > 0) {
    ssize_t w = write(fd, p, n);
    if(w < 0) {
      if(errno == EINTR)
        continue;
      return HK_IO;
    }
    p += w;
    n -= (size_t)w;
  }
  return HK_OK;
}

hk_status hk_policy_write(const char *path, const char *json, struct hk_error *err)
{
  struct stat st;
  char *tmp = NULL;
  int fd = -1;
  hk_status rc = HK_OK;

  if(!path || !path[0] || !json)
    return hk_error_set(err, HK_INVALID, "%s", _("No file name was given for the policy."));
  if(lstat(path, &st) == 0) {
    if(S_ISLNK(st.st_mode))
      return hk_error_set(err, HK_IO, _("%s is a symbolic link; heiiki does not write policies "
                                        "through links. Give the real path."), path);
    if(!S_ISREG(st.st_mode))
      return hk_error_set(err, HK_IO, _("%s exists and is not a regular file; choose another "
                                        "name."), path);
  } else if(errno != ENOENT) {
    return hk_error_set(err, HK_IO, _("%s cannot be checked (%s)."), path, strerror(errno));
  }
  tmp = hk_aprintf("%s.tmp-XXXXXX", path);
  if(!tmp)
    return hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
  fd = mkstemp(tmp);    /* O_CREAT|O_EXCL, mode 0600 */
  if(fd < 0) {
    rc = hk_error_set(err, HK_IO, _("Cannot create a file next to %s (%s); check that the "
                                    "directory exists and is writable."), path, strerror(errno));
    goto out;
  }
  if(fchmod(fd, 0600) != 0 || write_all(fd, json, strlen(json)) != HK_OK ||
     write_all(fd, "\n", 1) != HK_OK || fsync(fd) != 0) {
    rc = hk_error_set(err, HK_IO, _("Cannot write %s (%s)."), tmp, strerror(errno));
    goto out;
  }
  if(close(fd) != 0) {
    fd = -1;
    rc = hk_error_set(err, HK_IO, _("Cannot write %s (%s)."), tmp, strerror(errno));
    goto out;
  }
  fd = -1;
  if(rename(tmp, path) != 0) {
    rc = hk_error_set(err, HK_IO, _("Cannot put the policy in place at %s (%s)."), path,
                      strerror(errno));
    goto out;
  }
out:
  if(fd >= 0)
    close(fd);
  if(rc != HK_OK && tmp)
    unlink(tmp);
  free(tmp);
  return rc;
}
