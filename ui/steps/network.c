/* steps/network.c - Network configuration: how the network is had (network.mode:
 * existing, create_in_vpc, create_vpc), the VPC, cluster subnets and security
 * groups; when heiiki creates the subnets, the planned layout as a table
 * (subnet, zone, CIDR, nodes) that follows the node count as it is typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "netplan/netplan.h"
#include "plan/actions/act_aws_net.h"
#include "ui.h"
#include "ui_engine.h"
#include "steps/steps.h"

#define LAYOUT_ROWS 7

/* The node count being typed, if it reads as one; else the stored answer. */
static void nodes_now(const struct ui *ui, struct hk_net_input *in)
{
  int i = ui_form_find(&ui->form, "nodes");
  char val[64], *end = NULL;
  long v;

  hk_net_input_from_setup(in, &ui->setup);
  if(i < 0)
    return;
  ui_field_get(&ui->form.it[i].edit, val, sizeof(val));
  if(!val[0]) {
    in->nodes = 125;
    return;
  }
  v = strtol(val, &end, 10);
  if(end && !*end && v > 0)
    in->nodes = v;
}

/* The layout table (or why there is none yet) from row y; returns the rows used. */
static int draw_layout(const struct ui *ui, WINDOW *w, int y, int width)
{
  struct hk_net_input *in = calloc(1, sizeof(*in));
  struct hk_net_layout l;
  struct hk_error err;
  char why[512], *text = NULL, *line, *save = NULL;
  size_t len = 0;
  int got, used = 0;
  FILE *f;

  if(!in)
    return 0;
  wattron(w, ui_attr(UI_ROLE_HEADING));
  ui_put(w, y + used++, 0, width, _("Planned network layout (what heiiki will create)"));
  wattroff(w, ui_attr(UI_ROLE_HEADING));
  got = ui_engine_netlayout(ui->eng, in, why, sizeof(why));
  if(got <= 0) {
    ui_put(w, y + used++, 2, width - 2, got == 0 ? _("reading the VPC and the endpoint services' zones\xe2\x80\xa6") : why);
    free(in);
    return used + 1;
  }
  nodes_now(ui, in);
  hk_error_clear(&err);
  f = open_memstream(&text, &len);
  if(f) {
    if(hk_net_plan(in, &l, &err) == HK_OK)
      hk_net_layout_print(f, in, &l);
    else
      fprintf(f, "  %s\n", err.message);
    fclose(f);
  }
  for(line = text ? strtok_r(text, "\n", &save) : NULL; line && used < LAYOUT_ROWS;
      line = strtok_r(NULL, "\n", &save))
    used += ui_put_wrapped(w, y + used, 0, width, LAYOUT_ROWS - used, line);
  free(text);
  free(in);
  return used + 1;
}

static void network_draw(const struct ui *ui, WINDOW *w)
{
  int y = ui_formstep_draw_intro(ui, w);

  if(hk_net_creates_subnets(&ui->setup))
    y += draw_layout(ui, w, y, getmaxx(w));
  ui_formstep_draw_at(ui, w, y);
}

const struct step_ops ui_step_network = {
  "network",
  N_("Network configuration"),
  N_("The network configuration tells Databricks which VPC, subnets and security group the clusters use. The two cluster subnets must be private, in different availability zones, used by nothing else, /17 to /26; each node takes two addresses."),
  HK_STEP_NETWORK,
  ui_formstep_enter,
  network_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
