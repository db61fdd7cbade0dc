import * as fs from "node:fs";
import { App, type TerraformStack } from "cdktf";
import { loadBlueprintFile, parseBlueprint } from "../../lib/blueprint/load";
import { addBlueprintStacks } from "../../stacks/app";
import { routedEndpoints } from "../../stacks/endpoints";
import { GlobalStack } from "../../stacks/global-stack";
import { allResources, only, resources } from "../aws/synth";
import { DEFAULT_BLUEPRINT, DYNAMODB_BLUEPRINT, synthBlueprint } from "./helpers";

/** The one replication-lag alarm of a region stack (front-door and game-day alarms aside). */
function lagAlarm(stack: Parameters<typeof resources>[0]) {
  const lag = resources(stack, "aws_cloudwatch_metric_alarm").filter((a) =>
    ["AuroraGlobalDBReplicationLag", "ReplicationLatency"].includes(a.metric_name as string),
  );
  expect(lag).toHaveLength(1);
  return lag[0]!;
}

describe("default blueprint (global-saas: three AWS regions, Aurora global)", () => {
  const { stacks, names } = synthBlueprint(DEFAULT_BLUEPRINT);

  test("THEN a global stack and one stack per region, in deploy order", () => {
    expect(names).toEqual([
      "global-saas-global",
      "global-saas-aws-us-east-1",
      "global-saas-aws-eu-west-1",
      "global-saas-aws-ap-southeast-1",
    ]);
  });

  test("THEN every resource names an aliased provider its stack declares, tagged with service and region", () => {
    for (const name of names) {
      const json = stacks[name]!;
      const aliases = (json.provider?.aws ?? []).map((p) => `aws.${p.alias}`);
      expect(aliases.length).toBeGreaterThan(0);
      for (const p of json.provider!.aws!) {
        expect(p.alias).toBe(p.region);
        expect(p.default_tags).toEqual([{ tags: { service: "global-saas", region: p.region } }]);
      }
      for (const [type, body] of allResources(json))
        expect([name, type, aliases.includes(body.provider as string)]).toEqual([name, type, true]);
      expect(json.terraform?.backend).toEqual({ local: { path: `terraform.${name}.tfstate` } });
    }
  });

  test("THEN no stack reads remote state or a data source (each plans offline on its own)", () => {
    for (const json of Object.values(stacks)) {
      expect(json).not.toHaveProperty("data");
      expect(JSON.stringify(json)).not.toContain("terraform_remote_state");
    }
  });

  test("THEN the global stack routes each region by weight and owns the Aurora global cluster", () => {
    const global = stacks["global-saas-global"]!;
    expect(
      resources(global, "aws_route53_record")
        .map((r) => r.set_identifier)
        .sort(),
    ).toEqual(["aws-ap-southeast-1", "aws-eu-west-1", "aws-us-east-1"]);
    expect(resources(global, "aws_route53_health_check")).toHaveLength(3);
    expect(only(global, "aws_rds_global_cluster")).toMatchObject({
      global_cluster_identifier: "global-saas-global",
      provider: "aws.us-east-1",
    });
  });

  test("THEN us-east-1 is the Aurora primary and the others are secondaries joining by name; every member forwards writes and has a lag alarm", () => {
    const primary = only(stacks["global-saas-aws-us-east-1"]!, "aws_rds_cluster");
    expect(primary).toMatchObject({
      global_cluster_identifier: "global-saas-global",
      master_username: "dbadmin",
      enable_global_write_forwarding: true,
    });
    expect(lagAlarm(stacks["global-saas-aws-us-east-1"]!)).toMatchObject({
      metric_name: "AuroraGlobalDBReplicationLag",
      dimensions: { DBClusterIdentifier: "global-saas-aws-us-east-1" },
    });
    for (const region of ["eu-west-1", "ap-southeast-1"]) {
      const json = stacks[`global-saas-aws-${region}`]!;
      const cluster = only(json, "aws_rds_cluster");
      expect(cluster.global_cluster_identifier).toBe("global-saas-global");
      expect(cluster).not.toHaveProperty("master_username");
      expect(cluster.enable_global_write_forwarding).toBe(true);
      expect(lagAlarm(json)).toMatchObject({
        metric_name: "AuroraGlobalDBReplicationLag",
        dimensions: { DBClusterIdentifier: `global-saas-aws-${region}` },
        threshold: 5000,
      });
    }
  });

  test("THEN each region has its own key, cluster and budget; workload roles use the shared names", () => {
    for (const region of ["us-east-1", "eu-west-1", "ap-southeast-1"]) {
      const json = stacks[`global-saas-aws-${region}`]!;
      expect(only(json, "aws_kms_alias").name).toBe(`alias/global-saas-aws-${region}`);
      expect(only(json, "aws_eks_cluster")).toMatchObject({
        name: `global-saas-aws-${region}`,
        version: "1.36",
      });
      expect(only(json, "aws_budgets_budget")).toMatchObject({
        // 5000 USD in all, split 40:40:20 by weight.
        limit_amount: region === "ap-southeast-1" ? "1000" : "2000",
        cost_filter: [{ name: "Region", values: [region] }],
      });
      expect(only(json, "aws_eks_pod_identity_association")).toMatchObject({
        namespace: "global-saas",
        service_account: "api",
      });
      expect(resources(json, "aws_iam_role").map((r) => r.name)).toContain(`global-saas-aws-${region}-api`);
    }
  });

  test("THEN secondaries depend on the primary and every region on the global stack", () => {
    const app = new App({ outdir: fs.mkdtempSync(`${process.env.TMPDIR ?? "/tmp"}/deps-`) });
    const created = addBlueprintStacks(app, loadBlueprintFile(DEFAULT_BLUEPRINT));
    const deps = Object.fromEntries(
      created.map((s) => [s.node.id, s.dependencies.map((d) => d.node.id).sort()]),
    );
    expect(deps).toEqual({
      "global-saas-global": [],
      "global-saas-aws-us-east-1": ["global-saas-global"],
      "global-saas-aws-eu-west-1": ["global-saas-aws-us-east-1", "global-saas-global"],
      "global-saas-aws-ap-southeast-1": ["global-saas-aws-us-east-1", "global-saas-global"],
    });
  });
});

describe("DynamoDB variant (two regions, custom health check, tags, min 0 nodes)", () => {
  const { stacks } = synthBlueprint(DYNAMODB_BLUEPRINT);
  const global = stacks["carts-global"]!;

  test("THEN the global stack owns the table and one key per region, each under that region's provider", () => {
    const keys = resources(global, "aws_kms_key");
    // us-east-1: the health-check alarm topic's key (Route 53 metrics live there).
    expect(keys.map((k) => k.provider).sort()).toEqual([
      "aws.eu-central-1",
      "aws.us-east-1",
      "aws.us-west-2",
    ]);
    const table = only(global, "aws_dynamodb_table");
    expect(table).toMatchObject({
      name: "carts",
      provider: "aws.us-west-2",
      deletion_protection_enabled: true,
    });
    expect(table.replica).toEqual([
      expect.objectContaining({
        region_name: "eu-central-1",
        kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key_policy\.\S+\.key_id\}$/),
      }),
    ]);
    expect(resources(global, "aws_rds_global_cluster")).toHaveLength(0);
  });

  test("THEN blueprint tags, TTL and health check settings reach the output, and nodes come from Auto Mode", () => {
    expect(global.provider!.aws![0]!.default_tags).toEqual([
      { tags: { service: "carts", team: "carts", "cost-center": "4711", region: "us-west-2" } },
    ]);
    expect(resources(global, "aws_route53_record").every((r) => r.ttl === 15)).toBe(true);
    expect(resources(global, "aws_route53_health_check")[0]).toMatchObject({
      port: 8443,
      resource_path: "/ready",
      request_interval: 10,
      failure_threshold: 2,
    });
    // nodes.max bounds the generated NodePool (dist/k8s), not a node group.
    expect(resources(stacks["carts-aws-us-west-2"]!, "aws_eks_node_group")).toHaveLength(0);
    expect(only(stacks["carts-aws-us-west-2"]!, "aws_eks_cluster").compute_config).toMatchObject({
      enabled: true,
    });
  });

  test("THEN regions have no Aurora, and alarm on replication latency towards the other region", () => {
    const west = stacks["carts-aws-us-west-2"]!;
    expect(resources(west, "aws_rds_cluster")).toHaveLength(0);
    expect(lagAlarm(west)).toMatchObject({
      metric_name: "ReplicationLatency",
      dimensions: { TableName: "carts", ReceivingRegion: "eu-central-1" },
      threshold: 2000,
    });
  });
});

describe("bad input found while composing", () => {
  const text = fs.readFileSync(DEFAULT_BLUEPRINT, "utf8");

  test("GIVEN an AWS region CIDR wider than a VPC allows THEN the loader names the file, line, path, value and range", () => {
    expect(() => parseBlueprint(text.replace("10.20.0.0/16", "10.64.0.0/12"), "wide.yaml")).toThrow(
      /^wide\.yaml:\d+:\d+: spec\.regions\[1\]\.cidr: the aws region network needs a block that fits subnets in several zones \(found 10\.64\.0\.0\/12, expected a prefix between \/16 and \/24\)/,
    );
  });

  test("GIVEN a health check failure threshold of 1 THEN the loader names the file, line, path, value and range", () => {
    const yaml = text.replace(
      "    healthCheck: { failureThreshold: 2 }\n",
      "    healthCheck: { failureThreshold: 1 }\n",
    );
    expect(yaml).not.toBe(text);
    expect(() => parseBlueprint(yaml, "flaps.yaml")).toThrow(
      /^flaps\.yaml:\d+:\d+: spec\.dns\.healthCheck\.failureThreshold: a single failed probe must not take a region out of DNS \(routing flaps\) \(found 1, expected 2 to 10\)$/,
    );
  });
});

describe("a blueprint without AWS regions", () => {
  test("THEN the global stack creates no AWS provider or resource, and no endpoint is routed by Route 53", () => {
    const b = parseBlueprint(
      [
        "apiVersion: activeactive/v1",
        "kind: Blueprint",
        "metadata: { name: gonly }",
        "spec:",
        "  dns: { domain: api.example.com }",
        "  regions:",
        "    - { cloud: gcp, region: europe-west1, cidr: 10.60.0.0/16, project: gonly-project-1 }",
        "    - { cloud: gcp, region: us-central1, cidr: 10.70.0.0/16, project: gonly-project-1 }",
        "  database: { engine: spanner }",
        "  budget: { monthlyUsd: 100, alertEmails: [a@example.com], billingAccount: 012345-6789AB-CDEF01 }",
      ].join("\n"),
    );
    const app = new App({ outdir: fs.mkdtempSync(`${process.env.TMPDIR ?? "/tmp"}/gcp-`) });
    const stack: TerraformStack = new GlobalStack(app, "gonly-global", { blueprint: b });
    const json = JSON.parse(JSON.stringify(stack.toTerraform()));
    expect(json.provider?.aws).toBeUndefined();
    expect(Object.keys(json.resource ?? {}).filter((t) => t.startsWith("aws_"))).toEqual([]);
    expect(routedEndpoints(b).filter((e) => e.cloud === "aws")).toEqual([]);
  });
});
