// The official Databricks SDK for JavaScript runs the whole account flow against the sandbox:
// credential -> storage -> VPC endpoints -> private access settings -> network -> workspace (wait for
// RUNNING), with OAuth M2M, then calls the new workspace through the front-end listener.
//
// Input (environment): DATABRICKS_ACCOUNT_ID, DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET,
//   NODE_EXTRA_CA_CERTS (the sandbox test CA), HEIIKI_SANDBOX_PUBLIC / HEIIKI_SANDBOX_FRONTEND (host:port),
//   HEIIKI_FLOW: JSON {region, role_arn, bucket, vpc_id, subnet_ids, security_group_ids, rest_vpce, relay_vpce}.
// The SDK sees real names (accounts.cloud.databricks.com, dbc-....cloud.databricks.com) over verified TLS;
// only name resolution is pinned to loopback, as a hosts-file line would do.
// Output: one JSON line with what was created; exit 0 on success, 1 with the error otherwise.
import dns from "node:dns";
import { AccountClient, WorkspaceClient } from "@databricks/sdk-experimental";

const DOMAIN = /(^|\.)cloud\.databricks\.com$/;
const origLookup = dns.lookup;
dns.lookup = function (host, opts, cb) {
  if (typeof opts === "function") { cb = opts; opts = {}; }
  if (DOMAIN.test(host)) {
    const addr = "127.0.0.1";
    if (opts && opts.all) return process.nextTick(cb, null, [{ address: addr, family: 4 }]);
    return process.nextTick(cb, null, addr, 4);
  }
  return origLookup.call(this, host, opts, cb);
};

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`missing environment variable ${name}`);
  return v;
}

const values = (list) => Object.values(list || {});

async function main() {
  const flow = JSON.parse(need("HEIIKI_FLOW"));
  const pubPort = need("HEIIKI_SANDBOX_PUBLIC").split(":").pop();
  const fePort = need("HEIIKI_SANDBOX_FRONTEND").split(":").pop();
  need("NODE_EXTRA_CA_CERTS");
  const auth = {
    accountId: need("DATABRICKS_ACCOUNT_ID"),
    clientId: need("DATABRICKS_CLIENT_ID"),
    clientSecret: need("DATABRICKS_CLIENT_SECRET"),
    authType: "oauth-m2m",
    skipVerify: false,
  };
  const a = new AccountClient({ host: `https://accounts.cloud.databricks.com:${pubPort}`, ...auth });
  const tag = flow.tag || "sdkjs";

  const cred = await a.credentials.create({
    credentials_name: `${tag}-credential`,
    aws_credentials: { sts_role: { role_arn: flow.role_arn } },
  });
  const storage = await a.storage.create({
    storage_configuration_name: `${tag}-storage`,
    root_bucket_info: { bucket_name: flow.bucket },
  });
  const rest = await a.vpcEndpoints.create({
    vpc_endpoint_name: `${tag}-rest`, aws_vpc_endpoint_id: flow.rest_vpce, region: flow.region,
  });
  const relay = await a.vpcEndpoints.create({
    vpc_endpoint_name: `${tag}-relay`, aws_vpc_endpoint_id: flow.relay_vpce, region: flow.region,
  });
  for (const ep of [rest, relay]) {
    const got = await a.vpcEndpoints.get({ vpc_endpoint_id: ep.vpc_endpoint_id });
    if (String(got.state).toLowerCase() !== "available") {
      throw new Error(`endpoint ${ep.vpc_endpoint_id} is ${got.state}, not available`);
    }
  }
  const pas = await a.privateAccess.create({
    private_access_settings_name: `${tag}-pas`, region: flow.region, public_access_enabled: false,
    private_access_level: "ENDPOINT", allowed_vpc_endpoint_ids: [rest.vpc_endpoint_id],
  });
  const net = await a.networks.create({
    network_name: `${tag}-network`, vpc_id: flow.vpc_id, subnet_ids: flow.subnet_ids,
    security_group_ids: flow.security_group_ids,
    vpc_endpoints: { rest_api: [rest.vpc_endpoint_id], dataplane_relay: [relay.vpc_endpoint_id] },
  });
  const waiter = await a.workspaces.create({
    workspace_name: `${tag}-workspace`, aws_region: flow.region, credentials_id: cred.credentials_id,
    storage_configuration_id: storage.storage_configuration_id, network_id: net.network_id,
    private_access_settings_id: pas.private_access_settings_id, pricing_tier: "ENTERPRISE",
  });
  const first = waiter.workspace_status;
  const ws = await waiter.wait({ timeout: undefined });
  const listed = values(await a.workspaces.list()).map((w) => String(w.workspace_id));
  if (!listed.includes(String(ws.workspace_id))) throw new Error("new workspace missing from list()");
  const network = await a.networks.get({ network_id: net.network_id });

  // The workspace host through the front-end listener: OIDC discovery, M2M token, SCIM Me.
  const w = new WorkspaceClient({ host: `https://${ws.deployment_name}.cloud.databricks.com:${fePort}`, ...auth });
  const me = await w.currentUser.me();

  console.log(JSON.stringify({
    ok: true, credentials_id: cred.credentials_id, storage_configuration_id: storage.storage_configuration_id,
    rest_vpce: rest.vpc_endpoint_id, rest_use_case: rest.use_case, relay_use_case: relay.use_case,
    private_access_settings_id: pas.private_access_settings_id, network_id: net.network_id,
    network_status: network.vpc_status, workspace_id: String(ws.workspace_id), first_status: first,
    status: ws.workspace_status, deployment_name: ws.deployment_name, me: me.userName,
  }));
}

main().then(() => process.exit(0), (e) => {
  console.log(JSON.stringify({ ok: false, error: String(e && e.message || e), code: e && e.errorCode,
                               status: e && e.statusCode }));
  process.exit(1);
});
