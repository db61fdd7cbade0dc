import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { synthesize } from "../../lib/synth";
import { runOffline, runStackOffline } from "../../lib/terraform/offline";
import { only, resources, type StackJson } from "../aws/synth";
import { MULTI_CLOUD, resolveEdited } from "../gcp/fixtures";
import { terraformTest } from "../helpers/terraform";
import { synthBlueprint } from "../stacks/helpers";

type Body = Record<string, any>;
const res = (json: StackJson, type: string) => resources(json, type) as Body[];
const one = (json: StackJson, type: string) => only(json, type) as Body;
const tf = (expression: string) => ["$", "{", expression, "}"].join("");
const refPrefix = (type: string) => tf(type).slice(0, -1);

describe("multi-cloud blueprint: the interconnect stack", () => {
  const b = resolveEdited(MULTI_CLOUD, () => {});
  const { stacks } = synthBlueprint(b);
  const ic = stacks["multi-cloud-interconnect"]!;

  test("THEN one HA VPN: 4 IKEv2 tunnels, 4 router interfaces, 4 BGP peers, 2 AWS VPN connections", () => {
    const tunnels = res(ic, "google_compute_vpn_tunnel");
    expect(tunnels).toHaveLength(4);
    for (const t of tunnels) expect(t.ike_version).toBe(2);
    expect(res(ic, "google_compute_router_interface")).toHaveLength(4);
    expect(res(ic, "google_compute_router_peer")).toHaveLength(4);
    expect(res(ic, "aws_vpn_connection")).toHaveLength(2);
    expect(res(ic, "aws_customer_gateway")).toHaveLength(2);
    expect(res(ic, "google_compute_ha_vpn_gateway")).toHaveLength(1);
  });

  test("THEN no pre-shared key is a literal: every one is a random_password of 32+ letters", () => {
    const passwords = ic.resource!.random_password!;
    expect(Object.keys(passwords)).toHaveLength(4);
    for (const p of Object.values(passwords)) {
      expect(p).toMatchObject({ special: false, numeric: false, provider: "random" });
      expect(p.length as number).toBeGreaterThanOrEqual(32);
    }
    const isPassword = (v: unknown) =>
      typeof v === "string" && /^\$\{random_password\.[^.}]+\.result\}$/.test(v);
    const keys = [
      ...resources(ic, "google_compute_vpn_tunnel").map((t) => t.shared_secret),
      ...resources(ic, "aws_vpn_connection").flatMap((c) => [
        c.tunnel1_preshared_key,
        c.tunnel2_preshared_key,
      ]),
    ];
    expect(keys).toHaveLength(8);
    for (const k of keys) expect([k, isPassword(k)]).toEqual([k, true]);
    // Each key is shared by exactly one GCP tunnel and one AWS tunnel.
    expect(new Set(keys).size).toBe(4);
    const text = JSON.stringify(ic);
    expect(text).not.toMatch(/"(shared_secret|tunnel[12]_preshared_key)":\s*"[^$]/);
  });

  test("THEN both sides agree: GCP tunnel t, interface t and peer t use the /30 AWS tunnel t uses", () => {
    const byName = (type: string) =>
      Object.fromEntries(Object.entries(ic.resource![type]!).map(([n, body]) => [n, body as Body]));
    const tunnels = byName("google_compute_vpn_tunnel");
    const ifaces = Object.entries(byName("google_compute_router_interface"));
    const peers = Object.values(byName("google_compute_router_peer"));
    const vpns = Object.values(byName("aws_vpn_connection")).sort((a, c) =>
      a.tags.Name.localeCompare(c.tags.Name),
    );
    const awsTunnels = vpns.flatMap((v) => [
      { cidr: v.tunnel1_inside_cidr, key: v.tunnel1_preshared_key },
      { cidr: v.tunnel2_inside_cidr, key: v.tunnel2_preshared_key },
    ]);
    expect(awsTunnels.map((t) => t.cidr)).toEqual([
      "169.254.10.0/30",
      "169.254.10.4/30",
      "169.254.10.8/30",
      "169.254.10.12/30",
    ]);
    for (const [name, tunnel] of Object.entries(tunnels)) {
      const t = tunnel.peer_external_gateway_interface as number;
      expect(tunnel.vpn_gateway_interface).toBe(Math.floor(t / 2));
      expect(tunnel.shared_secret).toBe(awsTunnels[t]!.key);
      // The peer gateway interface the tunnel dials is the outside address of the AWS tunnel holding the same key.
      const outside = one(ic, "google_compute_external_vpn_gateway").interface.find(
        (i: Body) => i.id === t,
      ).ip_address;
      const [, vpnKey, n] = /^\$\{aws_vpn_connection\.([^.]+)\.tunnel([12])_address\}$/.exec(outside)!;
      expect(ic.resource!.aws_vpn_connection![vpnKey!]![`tunnel${n}_preshared_key`]).toBe(
        tunnel.shared_secret,
      );
      const base = awsTunnels[t]!.cidr.split("/")[0].split(".").map(Number);
      const ip = (offset: number) => [...base.slice(0, 3), base[3] + offset].join(".");
      const [ifaceKey, iface] = ifaces.find(
        ([, i]) => i.vpn_tunnel === tf(`google_compute_vpn_tunnel.${name}.name`),
      )!;
      expect(iface.ip_range).toBe(`${ip(2)}/30`);
      const peer = peers.filter(
        (p) => p.interface === tf(`google_compute_router_interface.${ifaceKey}.name`),
      );
      expect(peer).toEqual([
        expect.objectContaining({ ip_address: ip(2), peer_ip_address: ip(1), peer_asn: 64512 }),
      ]);
    }
  });

  test("THEN the GCP side: HA gateway on the blueprint network, Cloud Router with its ASN advertising the gcp ranges, a 4-IP peer gateway", () => {
    expect(one(ic, "google_compute_ha_vpn_gateway")).toMatchObject({
      region: "europe-west1",
      network: "projects/acme-shop-prod/global/networks/multi-cloud-vpc",
    });
    expect(one(ic, "google_compute_router").bgp).toEqual({
      asn: 65010,
      advertise_mode: "CUSTOM",
      advertised_groups: ["ALL_SUBNETS"],
      advertised_ip_ranges: [{ range: "10.40.0.0/16" }, { range: "10.50.0.0/16" }],
    });
    const peerGw = one(ic, "google_compute_external_vpn_gateway");
    expect(peerGw.redundancy_type).toBe("FOUR_IPS_REDUNDANCY");
    expect(peerGw.interface.map((i: Body) => i.id)).toEqual([0, 1, 2, 3]);
    for (const i of peerGw.interface)
      expect(i.ip_address).toMatch(/^\$\{aws_vpn_connection\.[^.]+\.tunnel[12]_address\}$/);
  });

  test("THEN the AWS side: an ECMP Transit Gateway with the AWS ASN on the paired VPC, customer gateways on the HA VPN IPs, IKEv2 only, routes to the gcp ranges", () => {
    expect(one(ic, "aws_ec2_transit_gateway")).toMatchObject({
      amazon_side_asn: 64512,
      vpn_ecmp_support: "enable",
      default_route_table_propagation: "enable",
      provider: "aws.eu-west-1",
    });
    const data = (ic as { data: Record<string, Record<string, Body>> }).data;
    expect(Object.values(data.aws_vpc!)[0]!.filter).toEqual([
      { name: "tag:Name", values: ["multi-cloud-aws-eu-west-1"] },
    ]);
    const cgws = res(ic, "aws_customer_gateway");
    expect(cgws.map((c) => [c.bgp_asn, c.type]).sort()).toEqual([
      ["65010", "ipsec.1"],
      ["65010", "ipsec.1"],
    ]);
    expect(cgws.map((c) => c.ip_address.replace(/HaVpnGateway_[A-Z0-9]+/, "G")).sort()).toEqual([
      tf("google_compute_ha_vpn_gateway.Link-eu-west-1-europe-west1_G.vpn_interfaces[0].ip_address"),
      tf("google_compute_ha_vpn_gateway.Link-eu-west-1-europe-west1_G.vpn_interfaces[1].ip_address"),
    ]);
    for (const v of res(ic, "aws_vpn_connection")) {
      expect(v).toMatchObject({
        tunnel1_ike_versions: ["ikev2"],
        tunnel2_ike_versions: ["ikev2"],
        static_routes_only: false,
        transit_gateway_id: expect.stringContaining(refPrefix("aws_ec2_transit_gateway")),
      });
    }
    expect(res(ic, "aws_route").map((r) => r.destination_cidr_block)).toEqual([
      "10.40.0.0/16",
      "10.50.0.0/16",
    ]);
    const logs = one(ic, "aws_cloudwatch_log_group");
    expect(logs.retention_in_days).toBe(365);
    for (const v of res(ic, "aws_vpn_connection")) {
      for (const t of [v.tunnel1_log_options, v.tunnel2_log_options]) {
        expect(t.cloudwatch_log_options).toEqual({
          log_enabled: true,
          log_group_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[^.]+\.arn\}$/),
          log_output_format: "json",
        });
      }
    }
  });

  test("THEN a tunnel that stays down 5 minutes alerts the on-call e-mails; AWS initiates IKE and restarts dead tunnels", () => {
    const alert = one(ic, "google_monitoring_alert_policy");
    const condition = alert.conditions[0].condition_threshold;
    expect(condition.filter).toContain('metric.type = "vpn.googleapis.com/tunnel_established"');
    expect(condition.filter).toContain(
      'metric.labels.tunnel_name = starts_with("multi-cloud-eu-west-1-europe-west1-")',
    );
    expect(condition).toMatchObject({ comparison: "COMPARISON_LT", threshold_value: 1, duration: "300s" });
    const tunnelNames = res(ic, "google_compute_vpn_tunnel").map((t) => t.name);
    for (const n of tunnelNames) expect(n.startsWith("multi-cloud-eu-west-1-europe-west1-")).toBe(true);
    expect(alert.notification_channels).toHaveLength(1);
    expect(one(ic, "google_monitoring_notification_channel").labels).toEqual({
      email_address: "oncall@example.com",
    });
    for (const v of res(ic, "aws_vpn_connection")) {
      expect(v).toMatchObject({
        tunnel1_startup_action: "start",
        tunnel2_startup_action: "start",
        tunnel1_dpd_timeout_action: "restart",
        tunnel2_dpd_timeout_action: "restart",
      });
    }
  });

  test("THEN providers: google for the gcp region, aws for the AWS region, random; every resource names one", () => {
    const declared = new Set(["google.europe-west1", "aws.eu-west-1", "random"]);
    for (const [type, byName] of Object.entries(ic.resource!))
      for (const body of Object.values(byName))
        expect([type, declared.has(body.provider as string)]).toEqual([type, true]);
  });

  test("GIVEN a second pair THEN a second independent link with its own /28 and providers", () => {
    const two = resolveEdited(MULTI_CLOUD, (d) => {
      d.spec.interconnect.pairs.push({ aws: "us-east-1", gcp: "us-central1" });
    });
    const json = synthBlueprint(two).stacks["multi-cloud-interconnect"]!;
    expect(res(json, "google_compute_vpn_tunnel")).toHaveLength(8);
    expect(res(json, "aws_vpn_connection")).toHaveLength(4);
    expect(res(json, "aws_ec2_transit_gateway")).toHaveLength(2);
    const cidrs = res(json, "aws_vpn_connection").flatMap((v) => [
      v.tunnel1_inside_cidr,
      v.tunnel2_inside_cidr,
    ]);
    expect(new Set(cidrs).size).toBe(8);
    expect(cidrs.filter((c) => c.startsWith("169.254.11."))).toHaveLength(4);
    expect((json.provider!.google as Body[]).map((p) => p.alias).sort()).toEqual([
      "europe-west1",
      "us-central1",
    ]);
    expect((json.provider!.aws as Body[]).map((p) => p.alias).sort()).toEqual(["eu-west-1", "us-east-1"]);
  });
});

const withTerraform = terraformTest("offline terraform tests of the multi-cloud blueprint");

/**
 * The AWS half of an interconnect stack, on its own: google and random
 * resources removed, their outputs (gateway IPs, keys) and the VPC lookups
 * replaced by fixed stand-ins. What is left is exactly what the stack asks
 * of the AWS provider.
 */
function awsHalf(json: StackJson & { data?: Record<string, unknown> }): object {
  const standIn: [RegExp, unknown][] = [
    [/^\$\{google_compute_ha_vpn_gateway\.[^}]+\.vpn_interfaces\[(\d)\]\.ip_address\}$/, "203.0.113.1$1"],
    [/^\$\{random_password\.[^}]+\.result\}$/, "offlineStandInKeyAbcdefghijklmnopqrstuv"],
    [/^\$\{data\.aws_vpc\.[^}]+\.id\}$/, "vpc-0123456789abcdef0"],
    [/^\$\{data\.aws_subnets\.[^}]+\.ids\}$/, ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]],
    [
      /^\$\{toset\(data\.aws_route_tables\.[^}]+\.ids\)\}$/,
      tf('toset(["rtb-0123456789abcdef0", "rtb-0123456789abcdef1"])'),
    ],
  ];
  const replace = (v: unknown): unknown => {
    if (typeof v === "string") {
      for (const [re, to] of standIn) {
        const m = re.exec(v);
        if (m) return typeof to === "string" ? to.replace("$1", m[1] ?? "") : to;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map(replace);
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
    return v;
  };
  const resource = Object.fromEntries(
    Object.entries(json.resource ?? {}).filter(([t]) => t.startsWith("aws_")),
  );
  const terraformBlock = json.terraform as { required_providers: Record<string, unknown> };
  return replace({
    terraform: { ...terraformBlock, required_providers: { aws: terraformBlock.required_providers.aws } },
    provider: { aws: json.provider!.aws },
    resource,
  }) as object;
}

describe("offline terraform on the multi-cloud blueprint", () => {
  withTerraform(
    "GIVEN the synthesized multi-cloud blueprint THEN every AWS-only stack plans offline; google stacks are skipped, saying why",
    async () => {
      const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "mc-"));
      synthesize(loadBlueprintFile(MULTI_CLOUD), {
        outdir: path.join(dir, "cdktf.out"),
        manifestsDir: path.join(dir, "dist"),
      });
      const results = await runOffline(path.join(dir, "cdktf.out"), { jobs: 2 });
      expect(results.map((r) => [r.stack, r.status]).sort()).toEqual([
        ["multi-cloud-aws-eu-west-1", "passed"],
        ["multi-cloud-aws-us-east-1", "passed"],
        ["multi-cloud-gcp-europe-west1", "skipped"],
        ["multi-cloud-gcp-global", "skipped"],
        ["multi-cloud-gcp-us-central1", "skipped"],
        ["multi-cloud-global", "passed"],
        ["multi-cloud-interconnect", "skipped"],
      ]);
      for (const r of results.filter((x) => x.status === "passed")) {
        expect(r.planSummary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
      }
      for (const r of results.filter((x) => x.status === "skipped")) {
        expect(r.reason).toMatch(/^uses hashicorp\/google/);
      }
    },
    600_000,
  );

  withTerraform(
    "GIVEN the AWS half of the interconnect with stand-ins for the GCP side THEN it passes init, validate and plan offline",
    async () => {
      const { stacks } = synthBlueprint(MULTI_CLOUD);
      const dir = path.join(
        fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "ic-")),
        "interconnect-aws-half",
      );
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, "cdk.tf.json"),
        JSON.stringify(awsHalf(stacks["multi-cloud-interconnect"]!)),
      );
      const result = await runStackOffline(dir);
      expect([result.status, result.failedStep, result.reason]).toEqual(["passed", undefined, undefined]);
      // TGW, attachment, log group, 2 customer gateways, 2 VPN connections, 2 GCP ranges x 2 route tables.
      expect(result.planSummary).toBe("Plan: 11 to add, 0 to change, 0 to destroy.");
    },
    300_000,
  );
});
