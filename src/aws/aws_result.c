/* aws_result.c - response pages into arrays. */
#include "aws/aws_result.h"

#include <stdlib.h>
#include <string.h>

#include "aws/aws_sigv4.h"
#include "aws/aws_xml.h"
#include "core/hk_buf.h"

hk_status aws_collect(const struct aws_response *resp, const char *path, size_t elem_size,
                      aws_item_fn fn, void **out, size_t *n)
{
  size_t p;
  size_t cap = *n;
  char *arr = *out;

  for(p = 0; p < resp->n_pages; p++) {
    xmlNode *list = aws_xml_path(aws_xml_root(resp->pages[p]), path);
    xmlNode *it;
    for(it = aws_xml_first(list); it; it = aws_xml_next_member(it)) {
      if(*n == cap) {
        size_t ncap = cap ? cap * 2 : 8;
        char *na = realloc(arr, ncap * elem_size);
        if(!na) {
          *out = arr;
          return HK_NOMEM;
        }
        arr = na;
        cap = ncap;
      }
      memset(arr + *n * elem_size, 0, elem_size);
      (*n)++;
      if(!fn(it, arr + (*n - 1) * elem_size)) {
        *out = arr;
        return HK_NOMEM;
      }
    }
  }
  *out = arr;
  return HK_OK;
}

bool aws_collect_ids(const xmlNode *list, const char *child, char (**out)[AWS_ID_MAX],
                     size_t *n)
{
  xmlNode *it;
  size_t count = 0;
  char (*ids)[AWS_ID_MAX];

  *out = NULL;
  *n = 0;
  for(it = aws_xml_first(list); it; it = aws_xml_next_member(it))
    count++;
  if(!count)
    return true;
  ids = calloc(count, sizeof(*ids));
  if(!ids)
    return false;
  for(it = aws_xml_first(list); it; it = aws_xml_next_member(it)) {
    aws_xml_text(it, child ? child : "", ids[*n], sizeof(ids[0]));
    (*n)++;
  }
  *out = ids;
  return true;
}

void aws_tag_name(const xmlNode *item, char *out, size_t n)
{
  xmlNode *it;
  char key[128];
  out[0] = '\0';
  for(it = aws_xml_first(aws_xml_child(item, "tagSet")); it; it = aws_xml_next_member(it)) {
    aws_xml_text(it, "key", key, sizeof(key));
    if(!strcmp(key, "Name")) {
      aws_xml_text(it, "value", out, n);
      return;
    }
  }
}

xmlNode *aws_resp_root(const struct aws_response *resp)
{
  return resp->n_pages ? aws_xml_root(resp->pages[0]) : NULL;
}

const struct hk_error *aws_resp_error(const struct aws_response *resp, struct hk_error *ok)
{
  if(resp->status != HK_OK && resp->err)
    return resp->err;
  hk_error_clear(ok);
  ok->status = resp->status;
  return ok;
}

char *aws_policy_decode(const char *text)
{
  struct hk_buf b;
  const char *p = text;

  if(!text)
    return NULL;
  while(*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
    p++;
  if(*p == '{' || *p == '[')
    return hk_strdup(text);
  hk_buf_init(&b);
  if(aws_uri_decode(&b, text, strlen(text)) != HK_OK) {
    hk_buf_free(&b);
    return NULL;
  }
  return hk_buf_steal(&b);
}
