/* journal.h - the state file: one per setup, write-ahead, atomic, never a secret.
 *
 * $XDG_STATE_HOME/heiiki/<name>.json (default ~/.local/state/heiiki/;
 * --state-dir or HEIIKI_STATE_DIR override), mode 0600, JSON:
 *
 *   { "heiiki_state": 1, "name": "tokyo", "phase": "applying",
 *     "created_at": "...", "updated_at": "...",
 *     "answers": { ...the setup, as the setup model serialises it... },
 *     "actions": [ { "id": "aws.vpce.relay", "state": "done", "origin": "created",
 *                    "client_token": "hk-3f2a...", "intent_at": "...", "done_at": "...",
 *                    "result": { "vpce_id": "vpce-0abc..." } }, ... ] }
 *
 * Write-ahead: mark_intent() is saved before a create call, mark_done()
 * right after it.  Every save writes a temp file in the same directory,
 * fsyncs it, renames it over the old one and fsyncs the directory, so a
 * crash leaves either the old or the new file, never a half-written one.
 * A damaged file or one from a newer heiiki is refused with a sentence and
 * left untouched. */
#ifndef PLAN_JOURNAL_H
#define PLAN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"
#include "plan/kvmap.h"

#define HK_JOURNAL_VERSION 1
#define HK_JOURNAL_MAX_BYTES (8u * 1024u * 1024u)
#define HK_JOURNAL_MAX_ACTIONS 256
#define HK_JOURNAL_NAME_MAX 64
#define HK_JOURNAL_GUARDS 8

/* X(ENUM, key) */
#define HK_JSTATE_TABLE(X) \
  X(PENDING, "pending")    \
  X(INTENT, "intent")      \
  X(DONE, "done")          \
  X(FAILED, "failed")      \
  X(SKIPPED, "skipped")    \
  X(DELETED, "deleted")

enum hk_jstate {
#define HK_X_JS(e, key) HK_JS_##e,
  HK_JSTATE_TABLE(HK_X_JS)
#undef HK_X_JS
  HK_JS__COUNT
};

/* Who owns a resource: only CREATED ones are ever deleted by `destroy`. */
#define HK_ORIGIN_TABLE(X) \
  X(NONE, "none")          \
  X(CREATED, "created")    \
  X(ADOPTED, "adopted")    \
  X(KEPT, "kept")

enum hk_origin {
#define HK_X_OR(e, key) HK_ORIGIN_##e,
  HK_ORIGIN_TABLE(HK_X_OR)
#undef HK_X_OR
  HK_ORIGIN__COUNT
};

struct hk_jaction {
  char id[64];
  enum hk_jstate state;
  enum hk_origin origin;
  char client_token[48];
  char intent_at[24];
  char done_at[24];
  char error[512];               /* last failure, one line */
  struct hk_kvmap result;        /* IDs, ARNs, URLs */
};

struct hk_journal {
  char path[4096];
  char name[HK_JOURNAL_NAME_MAX + 1];
  int version;
  char phase[16];                /* planned, applying, complete, failed, destroying, destroyed */
  char created_at[24];
  char updated_at[24];
  char *answers;                 /* JSON object text, owned; "{}" when unset */
  struct hk_jaction *actions;
  size_t n_actions;
  const char *guards[HK_JOURNAL_GUARDS]; /* secrets that must never reach the file (not owned) */
  size_t n_guards;
  int lock_fd;                   /* -1 when not locked */
};

const char *hk_jstate_key(enum hk_jstate s);
const char *hk_origin_key(enum hk_origin o);
bool hk_jstate_parse(const char *key, enum hk_jstate *out);
bool hk_origin_parse(const char *key, enum hk_origin *out);

/* The state directory: override, else $HEIIKI_STATE_DIR, else
 * $XDG_STATE_HOME/heiiki, else $HOME/.local/state/heiiki. */
hk_status hk_state_dir(const char *override, char *out, size_t n, struct hk_error *err);
/* Setup names become file names: 1-64 of [A-Za-z0-9._-], not starting with '.' or '-'. */
hk_status hk_journal_name_check(const char *name, struct hk_error *err);

/* A new, empty journal for name in dir (nothing is written yet). */
hk_status hk_journal_init(struct hk_journal *j, const char *dir, const char *name,
                          struct hk_error *err);
/* Load <dir>/<name>.json, without the lock: for commands that only read
 * (summary, plan).  HK_NOT_FOUND (j initialised, empty) when absent;
 * HK_STATE with a sentence when damaged, newer, not a regular file (a link,
 * a FIFO: never followed, never waited on), or writable by another user. */
hk_status hk_journal_open(struct hk_journal *j, const char *dir, const char *name,
                          struct hk_error *err);
/* Parse state-file text into j (j->path untouched).  Never crashes on garbage. */
hk_status hk_journal_parse(struct hk_journal *j, const char *text, size_t len,
                           struct hk_error *err);
/* Serialise (malloc'd, caller frees) - what save() writes. */
char *hk_journal_dump(const struct hk_journal *j);
/* Atomic write; creates the directory (0700) when needed; refuses if any
 * guarded secret would appear in the file. */
hk_status hk_journal_save(struct hk_journal *j, struct hk_error *err);
/* Take an exclusive lock on <path>.lock so two runs never interleave; the
 * lock file then names this process (pid, command, host, since).  HK_CONFLICT
 * with a sentence naming the holder when another process has it. */
hk_status hk_journal_lock(struct hk_journal *j, struct hk_error *err);
void hk_journal_unlock(struct hk_journal *j);
/* What the lock file calls this process ("heiiki apply"); set once in main. */
void hk_journal_set_command(const char *command);
/* The discipline of every command that writes a setup's state: lock, THEN
 * read <dir>/<name>.json into j (initialised here), then write as it goes.
 * HK_OK: j is locked and current (empty when there is no file yet and
 * missing_ok); HK_NOT_FOUND: no such setup (only when !missing_ok; nothing
 * is created or locked); HK_CONFLICT: another process holds the lock;
 * HK_STATE: the file or directory cannot be used.  j unlocked on failure;
 * hk_journal_free() always. */
hk_status hk_journal_open_locked(struct hk_journal *j, const char *dir, const char *name,
                                 bool missing_ok, struct hk_error *err);
/* For a long-lived holder (the wizard): keep *j when it is <name>'s journal
 * and this process holds its lock; else free what *j held (a journal read
 * without the lock may be stale: another heiiki can have written since) and
 * open it locked as above.  *is_open says whether *j holds a journal. */
hk_status hk_journal_hold(struct hk_journal *j, bool *is_open, const char *dir, const char *name,
                          bool missing_ok, struct hk_error *err);
/* The state directory, as OpenSSH's StrictModes checks ~/.ssh: owned by the
 * user or root, not writable by group or others (HK_STATE with the chmod or
 * chown that fixes it); HK_NOT_FOUND when it does not exist yet. */
hk_status hk_state_dir_check(const char *dir, struct hk_error *err);
void hk_journal_free(struct hk_journal *j);

/* Register a secret value that must never appear in the file. */
void hk_journal_guard(struct hk_journal *j, const char *secret);
/* Replace the answers (JSON object text). */
hk_status hk_journal_set_answers(struct hk_journal *j, const char *json);

/* The action record, or NULL. */
struct hk_jaction *hk_journal_find(const struct hk_journal *j, const char *id);
/* The action record, added (PENDING) when missing; NULL on limits/memory. */
struct hk_jaction *hk_journal_get(struct hk_journal *j, const char *id);

/* Write-ahead steps; each saves the file before returning. */
hk_status hk_journal_mark_intent(struct hk_journal *j, const char *id, const char *client_token,
                                 struct hk_error *err);
hk_status hk_journal_mark_done(struct hk_journal *j, const char *id, enum hk_origin origin,
                               struct hk_error *err);
hk_status hk_journal_mark_failed(struct hk_journal *j, const char *id, const char *why,
                                 struct hk_error *err);
hk_status hk_journal_mark(struct hk_journal *j, const char *id, enum hk_jstate state,
                          struct hk_error *err);
hk_status hk_journal_set_phase(struct hk_journal *j, const char *phase, struct hk_error *err);

/* Idempotency token for an action: "hk-" + 40 hex of SHA-256(name NUL id). */
void hk_client_token(const char *setup_name, const char *action_id, char *out, size_t n);
/* Current UTC time as 2026-11-24T10:41:07Z. */
void hk_utc_now(char *out, size_t n);

/* One line per saved setup, for `heiiki resume` with no name. */
struct hk_journal_info {
  char name[HK_JOURNAL_NAME_MAX + 1];
  char phase[16];
  char updated_at[24];
  size_t done;                   /* actions done or skipped */
  size_t total;
  bool readable;                 /* false: damaged/newer; why says it */
  char why[256];
};
/* List setups in dir, sorted by name.  *out malloc'd (caller frees). */
hk_status hk_journal_list(const char *dir, struct hk_journal_info **out, size_t *n,
                          struct hk_error *err);

#endif
