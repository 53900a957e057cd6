/* setup_validate.c - syntax validators: one sentence per problem, never a crash. */
#include "setup/setup_validate.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"
#include "setup/setup_regions.h"

#define SHOW_MAX 48

/* ---------------------------------------------------------------- helpers */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_alnum(char c) { return is_digit(c) || is_lower(c) || is_upper(c); }
static bool is_hex_lower(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
static bool is_hex(char c) { return is_hex_lower(c) || (c >= 'A' && c <= 'F'); }

/* The value, shortened for a sentence (the text pass has run: ASCII only). */
static const char *shown(const char *v, char *buf, size_t n)
{
  size_t len = strlen(v);
  if(len <= SHOW_MAX)
    return v;
  snprintf(buf, n, "%.*s...", SHOW_MAX - 3, v);
  return buf;
}

/* Decode one UTF-8 sequence at p; returns its length, 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, unsigned long *cp)
{
  size_t len, i;
  unsigned long c;
  if(p[0] < 0x80) {
    *cp = p[0];
    return 1;
  }
  if(p[0] >= 0xc2 && p[0] <= 0xdf) {
    len = 2;
    c = p[0] & 0x1f;
  } else if(p[0] >= 0xe0 && p[0] <= 0xef) {
    len = 3;
    c = p[0] & 0x0f;
  } else if(p[0] >= 0xf0 && p[0] <= 0xf4) {
    len = 4;
    c = p[0] & 0x07;
  } else {
    return 0;
  }
  for(i = 1; i < len; i++) {
    if((p[i] & 0xc0) != 0x80)
      return 0;
    c = (c << 6) | (p[i] & 0x3f);
  }
  if((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
     (c >= 0xd800 && c <= 0xdfff))
    return 0;
  *cp = c;
  return len;
}

hk_status hk_validate_text(const char *what, const char *v, size_t max, struct hk_error *err)
{
  const unsigned char *p;
  size_t pos = 0, len;

  if(!v || !v[0])
    return hk_error_set(err, HK_INVALID, _("The %s is empty; enter a value."), what);
  len = strlen(v);
  if(len > max)
    return hk_error_set(err, HK_INVALID,
                        _("The %s is %zu characters long, but it can be at most %zu; paste only "
                          "the %s itself."), what, len, max, what);
  for(p = (const unsigned char *)v; *p; ) {
    unsigned long cp = 0;
    size_t sl;
    pos++;
    if(*p < 0x20 || *p == 0x7f)
      return hk_error_set(err, HK_INVALID,
                          _("The %s contains a control character (U+%04X) at position %zu; "
                            "type it again without tabs, line breaks or escape codes."),
                          what, (unsigned)*p, pos);
    if(*p < 0x80) {
      p++;
      continue;
    }
    sl = utf8_seq(p, &cp);
    if(!sl)
      return hk_error_set(err, HK_INVALID,
                          _("The %s contains a byte that is not valid UTF-8 (0x%02X) at "
                            "position %zu; type it again using only ASCII characters."),
                          what, (unsigned)*p, pos);
    if(cp >= 0xff01 && cp <= 0xff5e)
      return hk_error_set(err, HK_INVALID,
                          _("The %s contains the full-width character \"%.*s\" at position %zu; "
                            "switch the input method to half-width (ASCII) and type it again."),
                          what, (int)sl, (const char *)p, pos);
    return hk_error_set(err, HK_INVALID,
                        _("The %s contains a non-ASCII character \"%.*s\" (U+%04lX) at position "
                          "%zu; use only ASCII characters (a pasted dash or quote is a common "
                          "cause)."), what, (int)sl, (const char *)p, cp, pos);
  }
  return HK_OK;
}

/* --------------------------------------------------------------- role ARN */

static bool iam_name_char(char c)
{
  return is_alnum(c) || strchr("+=,.@_-", c) != NULL;
}

static hk_status check_role_name(const char *what, const char *name, size_t len,
                                  struct hk_error *err)
{
  size_t i;
  if(len == 0)
    return hk_error_set(err, HK_INVALID, _("The %s has no role name after the last '/'; add the "
                                           "role's name (e.g. role/databricks-crossaccount)."),
                        what);
  if(len > 64)
    return hk_error_set(err, HK_INVALID, _("The role name in the %s is %zu characters long; "
                                           "IAM role names have at most 64."), what, len);
  for(i = 0; i < len; i++)
    if(!iam_name_char(name[i]))
      return hk_error_set(err, HK_INVALID,
                          _("The role name in the %s contains '%c'; IAM role names use only "
                            "letters, digits and + = , . @ _ -."), what, name[i]);
  return HK_OK;
}

hk_status hk_validate_role_arn(const char *v, struct hk_error *err)
{
  const char *what = _("role ARN");
  const char *part[6];
  size_t plen[6];
  const char *p, *res, *slash;
  int n = 0;
  size_t i;
  hk_status rc = hk_validate_text(what, v, HK_ARN_MAX - 1, err);
  if(rc != HK_OK)
    return rc;

  /* split the first five colons: arn:partition:service:region:account:resource */
  p = v;
  while(n < 5) {
    const char *c = strchr(p, ':');
    if(!c)
      break;
    part[n] = p;
    plen[n] = (size_t)(c - p);
    n++;
    p = c + 1;
  }
  part[n] = p;
  plen[n] = strlen(p);
  n++;
  if(n < 6 || plen[0] != 3 || strncmp(part[0], "arn", 3) != 0)
    return hk_error_set(err, HK_INVALID,
                        _("This is not a role ARN; a role ARN looks like "
                          "arn:aws:iam::123456789012:role/databricks-crossaccount (copy it from "
                          "the role's summary page in the IAM console)."));
#define PART_IS(i, s) (plen[i] == strlen(s) && strncmp(part[i], s, plen[i]) == 0)
  if(!PART_IS(1, "aws") && !PART_IS(1, "aws-us-gov")) {
    if(plen[1] >= 6 && strncmp(part[1], "aws-cn", 6) == 0)
      return hk_error_set(err, HK_INVALID, _("The role ARN is in the China partition (aws-cn), "
                                             "where Databricks does not run; use a role in an "
                                             "aws or aws-us-gov account."));
    return hk_error_set(err, HK_INVALID,
                        _("The partition \"%.*s\" in the role ARN is not one Databricks runs in; "
                          "it must be aws (commercial) or aws-us-gov (GovCloud)."),
                        (int)(plen[1] > 32 ? 32 : plen[1]), part[1]);
  }
  if(!PART_IS(2, "iam"))
    return hk_error_set(err, HK_INVALID,
                        _("This ARN belongs to the \"%.*s\" service, not IAM; give the ARN of an "
                          "IAM role (arn:aws:iam::123456789012:role/NAME)."),
                        (int)(plen[2] > 32 ? 32 : plen[2]), part[2]);
  if(plen[3] != 0)
    return hk_error_set(err, HK_INVALID,
                        _("IAM ARNs have no region, but this one has \"%.*s\"; it must read "
                          "arn:aws:iam::<account>:role/NAME with two colons after iam."),
                        (int)(plen[3] > 32 ? 32 : plen[3]), part[3]);
  if(plen[4] != 12)
    return hk_error_set(err, HK_INVALID, _("The AWS account in the role ARN must be exactly 12 "
                                           "digits; it has %zu characters."), plen[4]);
  for(i = 0; i < 12; i++)
    if(!is_digit(part[4][i]))
      return hk_error_set(err, HK_INVALID, _("The AWS account in the role ARN must be 12 digits; "
                                             "it contains '%c'."), part[4][i]);
  res = part[5];
  if(strncmp(res, "user/", 5) == 0)
    return hk_error_set(err, HK_INVALID, _("This is the ARN of an IAM user; Databricks needs an "
                                           "IAM role (...:role/NAME)."));
  if(strncmp(res, "instance-profile/", 17) == 0)
    return hk_error_set(err, HK_INVALID, _("This is an instance profile ARN; give the ARN of the "
                                           "role itself (...:role/NAME, same name)."));
  if(strncmp(res, "role/", 5) != 0)
    return hk_error_set(err, HK_INVALID, _("The role ARN must continue with role/ after the "
                                           "account (arn:aws:iam::123456789012:role/NAME)."));
  res += 5;
  slash = strrchr(res, '/');
  if(slash) {
    size_t path_len = (size_t)(slash - res) + 2;   /* with leading and trailing '/' */
    if(path_len > 512)
      return hk_error_set(err, HK_INVALID, _("The role path in the ARN is %zu characters long; "
                                             "IAM paths have at most 512."), path_len);
    for(p = res; p < slash; p++)
      if(*p == ' ')
        return hk_error_set(err, HK_INVALID, _("The role path in the ARN contains a space; IAM "
                                               "paths have no spaces."));
    return check_role_name(what, slash + 1, strlen(slash + 1), err);
  }
  return check_role_name(what, res, strlen(res), err);
#undef PART_IS
}

hk_status hk_validate_role_name(const char *v, struct hk_error *err)
{
  const char *what = _("role name");
  hk_status rc = hk_validate_text(what, v, 256, err);
  size_t i, len;
  if(rc != HK_OK)
    return rc;
  if(strncmp(v, "arn:", 4) == 0)
    return hk_error_set(err, HK_INVALID, _("Enter only the name of the role to create, not an "
                                           "ARN (e.g. databricks-crossaccount)."));
  len = strlen(v);
  if(len > 64)
    return hk_error_set(err, HK_INVALID, _("The role name is %zu characters long; IAM role names "
                                           "have at most 64."), len);
  for(i = 0; i < len; i++)
    if(!iam_name_char(v[i]))
      return hk_error_set(err, HK_INVALID,
                          _("The role name contains '%c' at position %zu; IAM role names use "
                            "only letters, digits and + = , . @ _ -."), v[i], i + 1);
  return HK_OK;
}

/* ----------------------------------------------------------------- bucket */

static bool looks_like_ip(const char *v)
{
  int groups = 1, digits = 0;
  for(; *v; v++) {
    if(*v == '.') {
      if(!digits)
        return false;
      groups++;
      digits = 0;
    } else if(is_digit(*v)) {
      digits++;
    } else {
      return false;
    }
  }
  return groups == 4 && digits > 0;
}

static bool ends_with(const char *v, const char *suffix)
{
  size_t lv = strlen(v), ls = strlen(suffix);
  return lv >= ls && strcmp(v + lv - ls, suffix) == 0;
}

static hk_status check_bucket(const char *what, const char *v, bool no_dots, struct hk_error *err)
{
  static const char *const bad_prefix[] = {"xn--", "sthree-", "amzn-s3-demo-", NULL};
  static const char *const bad_suffix[] = {"-s3alias", "--ol-s3", ".mrap", "--x-s3",
                                           "--table-s3", NULL};
  char buf[64];
  size_t i, len;
  hk_status rc = hk_validate_text(what, v, 1024, err);
  if(rc != HK_OK)
    return rc;
  if(strncmp(v, "s3://", 5) == 0 || strncmp(v, "S3://", 5) == 0 ||
     strncmp(v, "arn:", 4) == 0 || strncmp(v, "http", 4) == 0)
    return hk_error_set(err, HK_INVALID, _("Enter only the bucket name, without s3://, https:// "
                                           "or arn:...:s3::: in front (e.g. my-databricks-root)."));
  len = strlen(v);
  if(len < 3 || len > 63)
    return hk_error_set(err, HK_INVALID, _("The %s is %zu characters long; S3 bucket names have "
                                           "3 to 63 characters."), what, len);
  for(i = 0; i < len; i++) {
    char c = v[i];
    if(is_upper(c))
      return hk_error_set(err, HK_INVALID, _("The %s contains the uppercase letter '%c' at "
                                             "position %zu; S3 bucket names are all lowercase."),
                          what, c, i + 1);
    if(c == '.' && no_dots)
      return hk_error_set(err, HK_INVALID, _("The %s contains a dot at position %zu; Unity "
                                             "Catalog buckets cannot have dots in their names "
                                             "(use hyphens instead)."), what, i + 1);
    if(!(is_lower(c) || is_digit(c) || c == '.' || c == '-'))
      return hk_error_set(err, HK_INVALID, _("The %s contains '%c' at position %zu; S3 bucket "
                                             "names use only lowercase letters, digits, hyphens "
                                             "and dots."), what, c, i + 1);
  }
  if(!(is_lower(v[0]) || is_digit(v[0])) || !(is_lower(v[len - 1]) || is_digit(v[len - 1])))
    return hk_error_set(err, HK_INVALID, _("The %s must begin and end with a lowercase letter or "
                                           "a digit."), what);
  if(strstr(v, ".."))
    return hk_error_set(err, HK_INVALID, _("The %s contains two dots in a row; S3 does not allow "
                                           "that."), what);
  if(looks_like_ip(v))
    return hk_error_set(err, HK_INVALID, _("The %s \"%s\" looks like an IP address; S3 bucket "
                                           "names cannot."), what, shown(v, buf, sizeof(buf)));
  for(i = 0; bad_prefix[i]; i++)
    if(strncmp(v, bad_prefix[i], strlen(bad_prefix[i])) == 0)
      return hk_error_set(err, HK_INVALID, _("The %s starts with \"%s\", a prefix S3 reserves; "
                                             "choose another name."), what, bad_prefix[i]);
  for(i = 0; bad_suffix[i]; i++)
    if(ends_with(v, bad_suffix[i]))
      return hk_error_set(err, HK_INVALID, _("The %s ends with \"%s\", a suffix S3 reserves; "
                                             "choose another name."), what, bad_suffix[i]);
  return HK_OK;
}

/* The Unity Catalog role: a role ARN without a path.  Its trust (self-assume,
 * aws:PrincipalArn) and permissions (sts:AssumeRole on itself) name it
 * arn:<p>:iam::<account>:role/<name> ([TFP] aws/data_aws_unity_catalog_*),
 * which a role with a path would not match. */
hk_status hk_validate_uc_role_arn(const char *v, struct hk_error *err)
{
  hk_status rc = hk_validate_role_arn(v, err);
  const char *r;

  if(rc != HK_OK)
    return rc;
  r = strstr(v, ":role/");
  if(r && strchr(r + 6, '/'))
    return hk_error_set(err, HK_INVALID,
                        _("The Unity Catalog role must not have a path (%s): its trust and "
                          "permission policies name it arn:...:role/<name>, which a role with a "
                          "path does not match; give a role ARN without a path."), r + 1);
  return HK_OK;
}

hk_status hk_validate_bucket(const char *v, struct hk_error *err)
{
  return check_bucket(_("bucket name"), v, false, err);
}

hk_status hk_validate_uc_bucket(const char *v, struct hk_error *err)
{
  return check_bucket(_("Unity Catalog bucket name"), v, true, err);
}

/* ---------------------------------------------------------------- AWS IDs */

static const struct {
  const char *prefix;
  const char *what;
} id_kinds[] = {
  {"vpce-svc-", "VPC endpoint service name"}, {"vpce-", "VPC endpoint ID"},
  {"vpc-", "VPC ID"}, {"subnet-", "subnet ID"}, {"sg-", "security group ID"},
  {"rtb-", "route table ID"}, {"igw-", "internet gateway ID"}, {"nat-", "NAT gateway ID"},
  {"eni-", "network interface ID"}, {"acl-", "network ACL ID"}, {"i-", "instance ID"},
  {"eipalloc-", "Elastic IP allocation ID"}, {"pl-", "prefix list ID"},
};

static hk_status check_aws_id(const char *what, const char *prefix, const char *example,
                              const char *v, struct hk_error *err)
{
  size_t i, plen = strlen(prefix), nhex;
  hk_status rc = hk_validate_text(what, v, 256, err);
  if(rc != HK_OK)
    return rc;
  if(strncmp(v, prefix, plen) != 0 || (strcmp(prefix, "vpce-") == 0 &&
                                       strncmp(v, "vpce-svc-", 9) == 0)) {
    for(i = 0; i < sizeof(id_kinds) / sizeof(id_kinds[0]); i++)
      if(strncmp(v, id_kinds[i].prefix, strlen(id_kinds[i].prefix)) == 0)
        return hk_error_set(err, HK_INVALID, _("This looks like a %s (%s...); a %s starts with "
                                               "%s (e.g. %s)."), _(id_kinds[i].what),
                            id_kinds[i].prefix, what, prefix, example);
    return hk_error_set(err, HK_INVALID, _("A %s starts with %s followed by 8 or 17 hexadecimal "
                                           "digits (e.g. %s)."), what, prefix, example);
  }
  nhex = strlen(v + plen);
  for(i = 0; i < nhex; i++) {
    char c = v[plen + i];
    if(is_hex(c) && !is_hex_lower(c))
      return hk_error_set(err, HK_INVALID, _("The %s has the uppercase letter '%c'; AWS IDs use "
                                             "lowercase hexadecimal digits."), what, c);
    if(!is_hex_lower(c))
      return hk_error_set(err, HK_INVALID, _("The %s contains '%c' at position %zu; after %s "
                                             "come only hexadecimal digits 0-9 and a-f."),
                          what, c, plen + i + 1, prefix);
  }
  if(nhex != 8 && nhex != 17)
    return hk_error_set(err, HK_INVALID, _("The %s has %zu hexadecimal digits after %s; AWS IDs "
                                           "have 8 or 17 (e.g. %s). Copy the whole ID."),
                        what, nhex, prefix, example);
  return HK_OK;
}

hk_status hk_validate_vpc_id(const char *v, struct hk_error *err)
{
  return check_aws_id(_("VPC ID"), "vpc-", "vpc-0a1b2c3d4e5f67890", v, err);
}

hk_status hk_validate_subnet_id(const char *v, struct hk_error *err)
{
  return check_aws_id(_("subnet ID"), "subnet-", "subnet-0a1b2c3d4e5f67890", v, err);
}

hk_status hk_validate_sg_id(const char *v, struct hk_error *err)
{
  return check_aws_id(_("security group ID"), "sg-", "sg-0a1b2c3d4e5f67890", v, err);
}

hk_status hk_validate_vpce_id(const char *v, struct hk_error *err)
{
  return check_aws_id(_("VPC endpoint ID"), "vpce-", "vpce-0a1b2c3d4e5f67890", v, err);
}

hk_status hk_validate_rtb_id(const char *v, struct hk_error *err)
{
  return check_aws_id(_("route table ID"), "rtb-", "rtb-0a1b2c3d4e5f67890", v, err);
}

/* ------------------------------------------------------------------- CIDR */

hk_status hk_validate_cidr(const char *v, struct hk_error *err)
{
  const char *what = _("CIDR block");
  unsigned long oct[4] = {0, 0, 0, 0}, prefix = 0, addr, mask;
  const char *p;
  int i;
  char buf[64];
  hk_status rc = hk_validate_text(what, v, 64, err);
  if(rc != HK_OK)
    return rc;
  if(strchr(v, ':'))
    return hk_error_set(err, HK_INVALID, _("\"%s\" is an IPv6 range; heiiki needs an IPv4 CIDR "
                                           "block such as 203.0.113.0/24."),
                        shown(v, buf, sizeof(buf)));
  p = v;
  for(i = 0; i < 4; i++) {
    int nd = 0;
    const char *start = p;
    while(is_digit(*p)) {
      oct[i] = oct[i] * 10 + (unsigned long)(*p - '0');
      p++;
      if(++nd > 3)
        break;
    }
    if(nd == 0 || nd > 3 || oct[i] > 255)
      return hk_error_set(err, HK_INVALID, _("\"%s\" is not an IPv4 CIDR block; write four "
                                             "numbers 0-255 separated by dots, a slash and the "
                                             "prefix length (e.g. 10.0.1.0/24)."),
                          shown(v, buf, sizeof(buf)));
    if(nd > 1 && *start == '0')
      return hk_error_set(err, HK_INVALID, _("\"%s\" has a number with a leading zero; write "
                                             "each part without leading zeros (e.g. 10.0.1.0/24)."),
                          shown(v, buf, sizeof(buf)));
    if(i < 3) {
      if(*p != '.')
        return hk_error_set(err, HK_INVALID, _("\"%s\" is not an IPv4 CIDR block; write it like "
                                               "10.0.1.0/24."), shown(v, buf, sizeof(buf)));
      p++;
    }
  }
  if(*p == '\0')
    return hk_error_set(err, HK_INVALID, _("\"%s\" has no prefix length; add /32 for a single "
                                           "address or the network's length (e.g. /24)."),
                        shown(v, buf, sizeof(buf)));
  if(*p != '/' || !is_digit(p[1]) || (p[2] && !is_digit(p[2])) || (p[2] && p[3]) ||
     (p[1] == '0' && p[2]))
    return hk_error_set(err, HK_INVALID, _("\"%s\" is not an IPv4 CIDR block; after the address "
                                           "comes a slash and a prefix length 0-32 "
                                           "(e.g. 10.0.1.0/24)."), shown(v, buf, sizeof(buf)));
  prefix = (unsigned long)(p[1] - '0');
  if(p[2])
    prefix = prefix * 10 + (unsigned long)(p[2] - '0');
  if(prefix > 32)
    return hk_error_set(err, HK_INVALID, _("The prefix length /%lu is larger than 32; IPv4 "
                                           "prefixes are /0 to /32."), prefix);
  addr = (oct[0] << 24) | (oct[1] << 16) | (oct[2] << 8) | oct[3];
  mask = prefix == 0 ? 0UL : (0xffffffffUL << (32 - prefix)) & 0xffffffffUL;
  if(addr & ~mask & 0xffffffffUL) {
    unsigned long net = addr & mask;
    return hk_error_set(err, HK_INVALID, _("\"%s\" has host bits set; the network is "
                                           "%lu.%lu.%lu.%lu/%lu (or use /32 for one address)."),
                        shown(v, buf, sizeof(buf)), (net >> 24) & 255, (net >> 16) & 255,
                        (net >> 8) & 255, net & 255, prefix);
  }
  return HK_OK;
}

hk_status hk_validate_cidr_list(const char *v, struct hk_error *err)
{
  char item[64];
  const char *p;
  int count = 0;
  hk_status rc = hk_validate_text(_("list of CIDR blocks"), v, 1024, err);
  if(rc != HK_OK)
    return rc;
  for(p = v; ; ) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    while(len && *p == ' ') {
      p++;
      len--;
    }
    while(len && p[len - 1] == ' ')
      len--;
    if(len == 0)
      return hk_error_set(err, HK_INVALID, _("The list of CIDR blocks has an empty entry; "
                                             "separate blocks with single commas."));
    if(++count > HK_MAX_CIDRS)
      return hk_error_set(err, HK_INVALID, _("The list has more than %d CIDR blocks; summarise "
                                             "them into fewer, larger ranges."), HK_MAX_CIDRS);
    if(len >= sizeof(item))
      return hk_error_set(err, HK_INVALID, _("Entry %d of the list is too long to be a CIDR "
                                             "block (e.g. 10.0.1.0/24)."), count);
    memcpy(item, p, len);
    item[len] = '\0';
    rc = hk_validate_cidr(item, err);
    if(rc != HK_OK)
      return rc;
    if(!comma)
      break;
    p = comma + 1;
  }
  return HK_OK;
}

/* ----------------------------------------------------------------- region */

static bool region_shape(const char *v)
{
  /* xx-word-N or xx-gov-word-N */
  const char *p = v;
  int dashes = 0;
  if(!is_lower(p[0]) || !is_lower(p[1]) || p[2] != '-')
    return false;
  for(p = v; *p; p++) {
    if(*p == '-')
      dashes++;
    else if(!is_lower(*p) && !is_digit(*p))
      return false;
  }
  return dashes >= 2 && is_digit(v[strlen(v) - 1]);
}

hk_status hk_validate_region(const char *v, struct hk_error *err)
{
  const char *what = _("region");
  char list[1024], buf[64];
  struct hk_error aerr;
  size_t len;
  hk_status rc = hk_validate_text(what, v, 32, err);
  if(rc != HK_OK)
    return rc;
  len = strlen(v);
  if(len > 3 && is_lower(v[len - 1]) && is_digit(v[len - 2])) {
    return hk_error_set(err, HK_INVALID, _("%s is an Availability Zone; the region is %.*s."),
                        v, (int)(len - 1), v);
  }
  if(!region_shape(v)) {
    const char *code = hk_region_by_name(v);

    if(code)
      return hk_error_set(err, HK_INVALID, _("\"%s\" is not an AWS region code; %s is %s."),
                          shown(v, buf, sizeof(buf)), hk_region_name_shown(code), code);
    return hk_error_set(err, HK_INVALID, _("\"%s\" is not an AWS region code; write it like "
                                           "ap-northeast-1 (Tokyo) or us-east-1."),
                        shown(v, buf, sizeof(buf)));
  }
  hk_error_clear(&aerr);
  rc = hk_assets_load(&aerr);
  if(rc != HK_OK)
    return hk_error_set(err, rc, "%s", aerr.message);
  if(hk_assets_region_known(v, NULL))
    return HK_OK;
  if(strncmp(v, "us-gov-", 7) == 0)
    return hk_error_set(err, HK_INVALID, _("Databricks on AWS GovCloud runs only in "
                                           "us-gov-west-1, not in %s."), v);
  hk_assets_regions_list(HK_PART_AWS, list, sizeof(list));
  return hk_error_set(err, HK_INVALID, _("Databricks does not offer PrivateLink workspaces in %s. "
                                         "Regions it supports: %s; and us-gov-west-1 in "
                                         "GovCloud."), v, list);
}

/* ------------------------------------------------------------------- misc */

hk_status hk_validate_uuid(const char *v, struct hk_error *err)
{
  return hk_validate_account_uuid(v, err);
}

hk_status hk_validate_account_uuid(const char *v, struct hk_error *err)
{
  const char *what = _("ID");
  size_t i, len;
  hk_status rc = hk_validate_text(what, v, 64, err);
  if(rc != HK_OK)
    return rc;
  len = strlen(v);
  if(len != 36)
    return hk_error_set(err, HK_INVALID, _("A Databricks account or metastore ID is a UUID of 36 "
                                           "characters (e.g. 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b); "
                                           "this one has %zu. Copy it from the account console's "
                                           "user menu."), len);
  for(i = 0; i < 36; i++) {
    bool dash = (i == 8 || i == 13 || i == 18 || i == 23);
    if(dash && v[i] != '-')
      return hk_error_set(err, HK_INVALID, _("The ID must have hyphens at positions 9, 14, 19 "
                                             "and 24 (8-4-4-4-12 hexadecimal digits)."));
    if(!dash && !is_hex(v[i]))
      return hk_error_set(err, HK_INVALID, _("The ID contains '%c' at position %zu; a UUID has "
                                             "only hexadecimal digits 0-9, a-f and hyphens."),
                          v[i], i + 1);
  }
  return HK_OK;
}

hk_status hk_validate_aws_account(const char *v, struct hk_error *err)
{
  size_t i, len;
  hk_status rc = hk_validate_text(_("AWS account ID"), v, 64, err);
  if(rc != HK_OK)
    return rc;
  len = strlen(v);
  for(i = 0; i < len; i++)
    if(!is_digit(v[i]))
      return hk_error_set(err, HK_INVALID, _("An AWS account ID has only digits; this one "
                                             "contains '%c' (remove hyphens or spaces)."), v[i]);
  if(len != 12)
    return hk_error_set(err, HK_INVALID, _("An AWS account ID has 12 digits; this one has %zu "
                                           "(keep leading zeros)."), len);
  return HK_OK;
}

hk_status hk_validate_name(const char *v, struct hk_error *err)
{
  const char *what = _("name");
  size_t len;
  hk_status rc = hk_validate_text(what, v, HK_NAME_MAX - 1, err);
  if(rc != HK_OK)
    return rc;
  len = strlen(v);
  if(len < 4)
    return hk_error_set(err, HK_INVALID, _("The name has %zu characters; Databricks names need "
                                           "4 to 256."), len);
  if(v[0] == ' ' || v[len - 1] == ' ')
    return hk_error_set(err, HK_INVALID, _("The name begins or ends with a space; remove it."));
  return HK_OK;
}

hk_status hk_validate_setup_name(const char *v, struct hk_error *err)
{
  size_t i, len;
  hk_status rc = hk_validate_text(_("setup name"), v, 256, err);
  if(rc != HK_OK)
    return rc;
  len = strlen(v);
  if(len > 64)
    return hk_error_set(err, HK_INVALID, _("The setup name has %zu characters; use at most 64 "
                                           "(it prefixes every object's name)."), len);
  if(!is_alnum(v[0]))
    return hk_error_set(err, HK_INVALID, _("The setup name must begin with a letter or a digit."));
  for(i = 0; i < len; i++)
    if(!(is_alnum(v[i]) || v[i] == '-' || v[i] == '_' || v[i] == '.'))
      return hk_error_set(err, HK_INVALID, _("The setup name contains '%c' at position %zu; use "
                                             "letters, digits, '-', '_' and '.' (it names the "
                                             "state file and prefixes object names)."),
                          v[i], i + 1);
  return HK_OK;
}

hk_status hk_validate_deployment_name(const char *v, struct hk_error *err)
{
  size_t i, len;
  hk_status rc = hk_validate_text(_("deployment name"), v, 256, err);
  if(rc != HK_OK)
    return rc;
  len = strlen(v);
  if(len < 3 || len > 63)
    return hk_error_set(err, HK_INVALID, _("The deployment name has %zu characters; it becomes "
                                           "the workspace host name, so use 3 to 63."), len);
  for(i = 0; i < len; i++) {
    if(is_upper(v[i]))
      return hk_error_set(err, HK_INVALID, _("The deployment name contains the uppercase letter "
                                             "'%c'; use lowercase (it is part of a host name)."),
                          v[i]);
    if(!(is_lower(v[i]) || is_digit(v[i]) || v[i] == '-'))
      return hk_error_set(err, HK_INVALID, _("The deployment name contains '%c' at position %zu; "
                                             "use only lowercase letters, digits and hyphens."),
                          v[i], i + 1);
  }
  if(v[0] == '-' || v[len - 1] == '-')
    return hk_error_set(err, HK_INVALID, _("The deployment name cannot begin or end with a "
                                           "hyphen."));
  return HK_OK;
}

hk_status hk_validate_path(const char *v, struct hk_error *err)
{
  return hk_validate_text(_("file path"), v, 255, err);
}

long hk_subnet_node_capacity(int prefix_len)
{
  if(prefix_len < 0 || prefix_len > 32)
    return -1;
  if(prefix_len > 29)
    return 0;
  return (long)(((1ULL << (32 - prefix_len)) - 5ULL) / 2ULL);
}
