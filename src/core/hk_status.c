/* hk_status.c - status names and the error record. */
#include "core/hk_status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/hk_clean.h"
#include "core/hk_i18n.h"

static const char *const status_names[] = {
#define HK_X_NAME(name, short_, text) short_,
    HK_STATUS_TABLE(HK_X_NAME)
#undef HK_X_NAME
};

static const char *const status_texts[] = {
#define HK_X_TEXT(name, short_, text) text,
    HK_STATUS_TABLE(HK_X_TEXT)
#undef HK_X_TEXT
};

const char *hk_status_name(hk_status st)
{
  if((unsigned)st >= HK_STATUS__COUNT)
    return "unknown";
  return status_names[st];
}

const char *hk_status_text(hk_status st)
{
  if((unsigned)st >= HK_STATUS__COUNT)
    return _("Unknown error.");
  return _(status_texts[st]);       /* in the operator's language: it ends up in sentences */
}

void hk_error_clear(struct hk_error *err)
{
  if(!err)
    return;
  memset(err, 0, sizeof(*err));
  err->status = HK_OK;
}

hk_status hk_error_set(struct hk_error *err, hk_status st, const char *fmt, ...)
{
  va_list ap;
  if(!err)
    return st;
  err->status = st;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof(err->message), fmt, ap);
  va_end(ap);
  return st;
}

void hk_error_hint(struct hk_error *err, const char *fmt, ...)
{
  va_list ap;
  if(!err)
    return;
  va_start(ap, fmt);
  vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
  va_end(ap);
}

/* The one way an error reaches a terminal, a log or the state file: server
 * text in it is cleaned (secrets masked, terminal control removed). */
void hk_error_format(const struct hk_error *err, char *out, size_t n)
{
  char line[sizeof(struct hk_error) + 64];   /* room for every field and the frame */
  const char *msg;
  if(!out || !n)
    return;
  if(!err) {
    snprintf(out, n, "%s", "");
    return;
  }
  msg = err->message[0] ? err->message : hk_status_text(err->status);
  if(err->code[0] && err->request_id[0])
    snprintf(line, sizeof(line), _("%s [%s: %s] (request id %s)"), msg, err->code,
             err->api_message, err->request_id);
  else if(err->code[0])
    snprintf(line, sizeof(line), "%s [%s: %s]", msg, err->code, err->api_message);
  else
    snprintf(line, sizeof(line), "%s", msg);
  hk_text_clean(line, HK_TEXT_KEEP_NEWLINES);
  snprintf(out, n, "%s", line);
}
