/* ui_store.c - saved setups: the answers (INI, the same keys as
 * `heiiki apply --answers`) plus the wizard's place in a comment line, so a
 * saved setup is both resumable here and usable headless. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "plan/journal.h"
#include "setup/setup_json.h"
#include "ui.h"

#define UI_MARK "# heiiki-ui:"
#define UI_EXT ".answers"

static hk_status mkdir_p(const char *dir, struct hk_error *err)
{
  char tmp[512];
  size_t i, len = hk_strlcpy(tmp, dir, sizeof(tmp));

  if(len >= sizeof(tmp))
    return hk_error_set(err, HK_INVALID, _("The state directory path is too long."));
  for(i = 1; i <= len; i++) {
    if(tmp[i] == '/' || tmp[i] == '\0') {
      char c = tmp[i];

      tmp[i] = '\0';
      if(mkdir(tmp, 0700) != 0 && errno != EEXIST)
        return hk_error_set(err, HK_IO, _("The state directory %s cannot be created: %s."), tmp,
                            strerror(errno));
      tmp[i] = c;
    }
  }
  return HK_OK;
}

/* The directory entry of a renamed file is durable only once the directory is synced. */
static void sync_dir(const char *path)
{
  char dir[600];
  char *slash;
  int fd;

  hk_strlcpy(dir, path, sizeof(dir));
  slash = strrchr(dir, '/');
  if(!slash)
    return;
  *slash = '\0';
  fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY);
  if(fd < 0)
    return;
  (void)fsync(fd);
  close(fd);
}

hk_status ui_store_write_file(const char *path, const char *text, struct hk_error *err)
{
  char tmp[600];
  int fd;
  size_t len = strlen(text), off = 0;
  hk_status rc = HK_OK;
  struct stat st;

  if(lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
    return hk_error_set(err, HK_IO, _("%s is a symbolic link; heiiki does not write through links. "
                                      "Choose another path."), path);
  snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
  if(fd < 0)
    return hk_error_set(err, HK_IO, _("%s cannot be written: %s."), path, strerror(errno));
  while(off < len) {
    ssize_t w = write(fd, text + off, len - off);

    if(w < 0) {
      if(errno == EINTR)
        continue;
      rc = hk_error_set(err, HK_IO, _("%s cannot be written: %s."), path, strerror(errno));
      goto out;
    }
    off += (size_t)w;
  }
  if(fsync(fd) != 0) {
    rc = hk_error_set(err, HK_IO, _("%s cannot be written: %s."), path, strerror(errno));
    goto out;
  }
out:
  close(fd);
  if(rc == HK_OK && rename(tmp, path) != 0)
    rc = hk_error_set(err, HK_IO, _("%s cannot be written: %s."), path, strerror(errno));
  if(rc == HK_OK)
    sync_dir(path);
  if(rc != HK_OK)
    unlink(tmp);
  return rc;
}

static bool answers_path(const struct ui *ui, const char *name, char *out, size_t n)
{
  int w = snprintf(out, n, "%s/%s%s", ui->state_dir, name, UI_EXT);

  return w >= 0 && (size_t)w < n;
}

bool ui_store_taken(const struct ui *ui, const char *name)
{
  static const char *const exts[] = { UI_EXT, ".json" };
  char path[600];
  struct stat st;
  size_t i;

  if(!name[0] || strcmp(name, ui->owned) == 0)
    return false;
  for(i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
    int w = snprintf(path, sizeof(path), "%s/%s%s", ui->state_dir, name, exts[i]);

    if(w > 0 && (size_t)w < sizeof(path) && lstat(path, &st) == 0)
      return true;
  }
  return false;
}

hk_status ui_store_save(struct ui *ui, struct hk_error *err)
{
  struct hk_buf b;
  char path[600];
  hk_status rc;
  int step = -1, i;
  size_t f;

  /* never replace another setup's answers (a new setup given a taken name) */
  if(ui_store_taken(ui, ui->setup.name))
    return hk_error_set(err, HK_STATE, _("A setup named %s already exists, so its answers were "
                                         "not replaced. Open it from the start screen, or choose "
                                         "another setup name."), ui->setup.name);
  rc = mkdir_p(ui->state_dir, err);
  if(rc != HK_OK)
    return rc;
  hk_buf_init(&b);
  hk_buf_printf(&b, "# heiiki answers, written by the wizard; usable with heiiki apply --answers\n");
  hk_buf_printf(&b, UI_MARK " step=%s done=", ui_step(ui)->id);
  for(i = 0; i < ui->n_steps; i++) {
    if(ui->done[i])
      hk_buf_printf(&b, "%s,", ui->flow[i]->id);
  }
  hk_buf_puts(&b, "\n");
  for(f = 0; f < hk_n_fields; f++) {
    const struct hk_field_def *d = &hk_fields[f];
    char val[4096];

    if(hk_field_get(&ui->setup, d, val, sizeof(val)) != HK_OK || !val[0])
      continue;
    if((int)d->step != step) {
      step = (int)d->step;
      hk_buf_printf(&b, "\n[%s]\n", hk_step_key(d->step));
    }
    hk_buf_printf(&b, "%s = %s\n", d->key, val);
  }
  if(!answers_path(ui, ui->setup.name, path, sizeof(path))) {
    rc = hk_error_set(err, HK_INVALID, "%s", _("The state directory path is too long."));
    goto out;
  }
  if(!b.data) {
    rc = hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
    goto out;
  }
  rc = ui_store_write_file(path, b.data, err);
  if(rc == HK_OK)
    hk_strlcpy(ui->owned, ui->setup.name, sizeof(ui->owned));
out:
  hk_buf_free(&b);
  return rc;
}

static void trim(char *s)
{
  size_t l = strlen(s), i = 0;

  while(l > 0 && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r' || s[l - 1] == '\n'))
    s[--l] = '\0';
  while(s[i] == ' ' || s[i] == '\t')
    i++;
  if(i)
    memmove(s, s + i, l - i + 1);
}

/* One logical "key = value" line (or a [section] header) of a saved file. */
static void apply_line(char *line, char *section, size_t section_n, struct hk_setup *s,
                       int *n_answers)
{
  char *eq;

  trim(line);
  if(!line[0] || line[0] == '#' || line[0] == ';')
    return;
  if(line[0] == '[') {
    char *e = strchr(line, ']');

    if(e)
      *e = '\0';
    hk_strlcpy(section, line + 1, section_n);
    return;
  }
  eq = strchr(line, '=');
  if(!eq)
    return;
  *eq = '\0';
  trim(line);
  trim(eq + 1);
  (*n_answers)++;
  if(s) {
    char q[200];
    const struct hk_field_def *d = NULL;
    struct hk_error ferr;

    if(snprintf(q, sizeof(q), "%s.%s", section, line) < (int)sizeof(q))
      d = hk_field_find(q);
    if(d)
      hk_field_set(s, d, eq + 1, &ferr);
  }
}

/* Read one saved file: the answers into s (may be NULL), the wizard mark into mark.
 * A value may go on over indented lines (as the answers-file writer makes
 * long lists): they are joined to the line before. */
static hk_status read_saved(const char *path, struct hk_setup *s, char *mark, size_t mark_n,
                            int *n_answers, struct hk_error *err)
{
  FILE *fp = fopen(path, "r");
  char line[4200], section[64] = "";
  char logical[8400] = "";

  if(mark_n)
    mark[0] = '\0';
  *n_answers = 0;
  if(!fp)
    return hk_error_set(err, HK_IO, _("The saved setup %s cannot be read: %s."), path,
                        strerror(errno));
  while(fgets(line, sizeof(line), fp)) {
    if(strncmp(line, UI_MARK, strlen(UI_MARK)) == 0) {
      hk_strlcpy(mark, line + strlen(UI_MARK), mark_n);
      trim(mark);
      continue;
    }
    if((line[0] == ' ' || line[0] == '\t') && logical[0] && strchr(logical, '=')) {
      size_t l;

      trim(line);
      if(!line[0] || line[0] == '#' || line[0] == ';')
        continue;
      trim(logical);
      l = strlen(logical);
      snprintf(logical + l, sizeof(logical) - l, "%s%s",
               l && logical[l - 1] != ',' && logical[l - 1] != '=' ? "," : "", line);
      continue;
    }
    apply_line(logical, section, sizeof(section), s, n_answers);
    hk_strlcpy(logical, line, sizeof(logical));
  }
  apply_line(logical, section, sizeof(section), s, n_answers);
  fclose(fp);
  return HK_OK;
}

static void mark_value(const char *mark, const char *key, char *out, size_t n)
{
  char pat[32];
  const char *p;
  size_t l = 0;

  out[0] = '\0';
  snprintf(pat, sizeof(pat), "%s=", key);
  p = strstr(mark, pat);
  if(!p)
    return;
  p += strlen(pat);
  while(p[l] && p[l] != ' ')
    l++;
  if(l >= n)
    l = n - 1;
  memcpy(out, p, l);
  out[l] = '\0';
}

/* The state files: progress in the cloud for the saved setups, and the setups
 * started headless (`heiiki apply`), which have no saved answers, as entries
 * of their own: the wizard resumes whatever the CLI can. */
static void add_journals(struct ui *ui)
{
  struct hk_journal_info *info = NULL;
  struct hk_error err;
  size_t n = 0, i;
  int k;

  hk_error_clear(&err);
  if(hk_journal_list(ui->state_dir, &info, &n, &err) != HK_OK)
    return;
  for(i = 0; i < n; i++) {
    struct ui_saved *sv = NULL;
    char cloud[160];

    if(!info[i].readable)
      continue;
    if(info[i].total > 0)
      snprintf(cloud, sizeof(cloud), _("%zu of %zu actions done in the cloud (%s)"), info[i].done,
               info[i].total, info[i].phase);
    else
      snprintf(cloud, sizeof(cloud), _("nothing created yet (%s)"), info[i].phase);
    for(k = 0; k < ui->n_saved && !sv; k++)
      if(strcmp(ui->saved[k].name, info[i].name) == 0)
        sv = &ui->saved[k];
    if(sv) {
      size_t l = strlen(sv->progress);

      snprintf(sv->progress + l, sizeof(sv->progress) - l, "; %s", cloud);
      continue;
    }
    if(ui->n_saved >= UI_MAX_SAVED)
      continue;
    sv = &ui->saved[ui->n_saved++];
    memset(sv, 0, sizeof(*sv));
    hk_strlcpy(sv->name, info[i].name, sizeof(sv->name));
    sv->headless = true;
    snprintf(sv->progress, sizeof(sv->progress), _("started headless; %s"), cloud);
  }
  free(info);
}

hk_status ui_store_load_journal(struct ui *ui, const char *name, int *resume_at,
                                struct hk_error *err)
{
  struct hk_journal j;
  hk_status rc;
  int i, review = ui_flow_find("review"), summary = ui_flow_find("summary");

  memset(&j, 0, sizeof(j));
  rc = hk_journal_open(&j, ui->state_dir, name, err);
  if(rc != HK_OK) {
    if(rc == HK_NOT_FOUND)
      hk_journal_free(&j);
    return rc;
  }
  hk_setup_init(&ui->setup);
  rc = hk_setup_from_json_string(j.answers ? j.answers : "{}", &ui->setup, err);
  if(rc == HK_OK) {
    bool complete = strcmp(j.phase, "complete") == 0;

    hk_strlcpy(ui->owned, name, sizeof(ui->owned));
    /* the answers were given (headless): every answer step is done */
    for(i = 0; i < ui->n_steps && i < UI_MAX_STEPS; i++)
      ui->done[i] = i < review || (complete && i < summary);
    *resume_at = complete ? summary : review;
  }
  hk_journal_free(&j);
  return rc;
}

static int saved_cmp(const void *a, const void *b)
{
  return strcmp(((const struct ui_saved *)a)->name, ((const struct ui_saved *)b)->name);
}

int ui_store_list(struct ui *ui)
{
  DIR *d = opendir(ui->state_dir);
  struct dirent *de;

  ui->n_saved = 0;
  if(!d)
    return 0;
  for(;;) {
    struct ui_saved *sv;
    size_t l;
    char mark[512], step[64], done[400];
    int n_answers = 0, n_done = 0, i;
    struct hk_error err;

    de = readdir(d);
    if(!de)
      break;
    l = strlen(de->d_name);
    if(l <= strlen(UI_EXT) || strcmp(de->d_name + l - strlen(UI_EXT), UI_EXT) != 0 ||
       ui->n_saved >= UI_MAX_SAVED || l - strlen(UI_EXT) >= sizeof(sv->name))
      continue;
    sv = &ui->saved[ui->n_saved];
    memcpy(sv->name, de->d_name, l - strlen(UI_EXT));
    sv->name[l - strlen(UI_EXT)] = '\0';
    if(snprintf(sv->path, sizeof(sv->path), "%s/%s", ui->state_dir, de->d_name) >=
       (int)sizeof(sv->path))
      continue;
    if(read_saved(sv->path, NULL, mark, sizeof(mark), &n_answers, &err) != HK_OK)
      continue;
    mark_value(mark, "step", step, sizeof(step));
    mark_value(mark, "done", done, sizeof(done));
    for(i = 0; done[i]; i++) {
      if(done[i] == ',')
        n_done++;
    }
    i = ui_flow_find(step);
    snprintf(sv->progress, sizeof(sv->progress), _("%d of %d steps done, at: %s"), n_done,
             ui->n_steps, i >= 0 ? _(ui->flow[i]->title) : "-");
    ui->n_saved++;
  }
  closedir(d);
  add_journals(ui);
  /* by name: the same keys pick the same setup every time */
  qsort(ui->saved, (size_t)ui->n_saved, sizeof(ui->saved[0]), saved_cmp);
  return ui->n_saved;
}

hk_status ui_store_load(struct ui *ui, const char *path, int *resume_at, struct hk_error *err)
{
  char mark[512], step[64], done[400];
  int n_answers = 0, i;
  hk_status rc;

  hk_setup_init(&ui->setup);
  rc = read_saved(path, &ui->setup, mark, sizeof(mark), &n_answers, err);
  if(rc != HK_OK)
    return rc;
  hk_strlcpy(ui->owned, ui->setup.name, sizeof(ui->owned));
  mark_value(mark, "step", step, sizeof(step));
  done[0] = ',';
  mark_value(mark, "done", done + 1, sizeof(done) - 1);
  for(i = 0; i < ui->n_steps && i < UI_MAX_STEPS; i++) {
    char pat[64];

    snprintf(pat, sizeof(pat), ",%s,", ui->flow[i]->id);
    ui->done[i] = strstr(done, pat) != NULL;
  }
  i = ui_flow_find(step);
  *resume_at = i > 0 ? i : 1;
  return HK_OK;
}
