import * as fs from "node:fs";
import * as Yaml from "yaml";
import { parseBlueprint } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { writerSwitchover } from "../../lib/operate/runbooks/writer-switchover";
import { resources } from "../aws/synth";
import { synthBlueprint } from "./helpers";

const FILE = "blueprints/multi-cloud.yaml";

/** multi-cloud.yaml (Aurora on aws, Cloud SQL on gcp) with the writer of one cloud moved. */
const AWS = ["us-east-1", "eu-west-1"];
const GCP = ["europe-west1", "us-central1"];

function withWriter(writerRegion?: string): Blueprint {
  const doc = Yaml.parse(fs.readFileSync(FILE, "utf8"));
  if (writerRegion !== undefined) {
    doc.spec.database.writerRegion = writerRegion;
    // Shards are owned by writer regions (a load-time rule): the promoted
    // writer takes over the shards its cloud's old writer owned.
    const cloud = AWS.includes(writerRegion) ? AWS : GCP;
    const owners = doc.spec.sharding.owners as Record<string, string>;
    for (const [shard, owner] of Object.entries(owners))
      if (cloud.includes(owner)) owners[shard] = writerRegion;
  }
  return parseBlueprint(Yaml.stringify(doc), FILE);
}

function auroraMembers(b: Blueprint) {
  const { stacks } = synthBlueprint(b);
  return AWS.map((region) => {
    const stack = stacks[`multi-cloud-aws-${region}`]!;
    const cluster = resources(stack, "aws_rds_cluster")[0]!;
    const alarms = resources(stack, "aws_cloudwatch_metric_alarm").filter(
      (a) => a.metric_name === "AuroraGlobalDBReplicationLag",
    );
    return { region, cluster, alarms };
  });
}

describe("writer failover is symmetric", () => {
  test.each([undefined, "us-east-1", "eu-west-1"])(
    "Aurora writer in %s: every member forwards writes and has its lag alarm",
    (writer) => {
      for (const m of auroraMembers(withWriter(writer))) {
        expect(m.cluster.enable_global_write_forwarding).toBe(true);
        expect(m.alarms.map((a) => (a.dimensions as Record<string, string>).DBClusterIdentifier)).toEqual([
          `multi-cloud-aws-${m.region}`,
        ]);
        // The writer emits no lag: its alarm must not fire for missing data.
        expect(m.alarms[0]!.treat_missing_data).toBe("notBreaching");
      }
    },
  );

  test("a promotion changes only the shard routing in the Aurora stacks: no datastore is re-created", () => {
    const before = synthBlueprint(withWriter()).stacks;
    const after = synthBlueprint(withWriter("eu-west-1")).stacks;
    const withoutShardRules = (stack: unknown) => {
      const copy = structuredClone(stack) as { resource: Record<string, unknown> };
      delete copy.resource.aws_lb_listener_rule;
      return copy;
    };
    // The owner hosts the write refusals (421) name.
    const redirectHosts = (stack: Parameters<typeof resources>[0]) =>
      resources(stack, "aws_lb_listener_rule").flatMap((r) =>
        (r.action as { fixed_response?: { message_body: string } }[]).flatMap((a) =>
          a.fixed_response ? [new URL(JSON.parse(a.fixed_response.message_body).owner).host] : [],
        ),
      );
    for (const region of AWS) {
      const key = `multi-cloud-aws-${region}`;
      expect(withoutShardRules(after[key])).toEqual(withoutShardRules(before[key]));
    }
    // The AWS shards moved with the writer: us-east-1 now sends them to eu-west-1, and eu-west-1 keeps them.
    expect(redirectHosts(before["multi-cloud-aws-eu-west-1"])).toContain("us-east-1.api.example.com");
    expect(redirectHosts(after["multi-cloud-aws-us-east-1"])).toContain("eu-west-1.api.example.com");
    expect(redirectHosts(after["multi-cloud-aws-eu-west-1"])).not.toContain("us-east-1.api.example.com");
  });

  test("the global writer endpoint is a Terraform output of the global stack", () => {
    const { stacks } = synthBlueprint(withWriter());
    const outputs =
      (stacks["multi-cloud-global"] as { output?: Record<string, { value: string }> }).output ?? {};
    expect(outputs.global_writer_endpoint?.value).toMatch(/aws_rds_global_cluster\..*\.endpoint/);
  });

  test.each([
    ["europe-west1", undefined],
    ["us-central1", "us-central1"],
  ])(
    "Cloud SQL writer in %s: the others replicate from it, every member has a lag alert",
    (writer, field) => {
      const { stacks } = synthBlueprint(withWriter(field));
      for (const region of GCP) {
        const stack = stacks[`multi-cloud-gcp-${region}`]!;
        const instance = resources(stack, "google_sql_database_instance")[0]!;
        if (region === writer) expect(instance.master_instance_name).toBeUndefined();
        else expect(instance.master_instance_name).toBe(`multi-cloud-${writer}`);
        const alerts = resources(stack, "google_monitoring_alert_policy").filter((a) =>
          JSON.stringify(a).includes("replica_lag"),
        );
        expect(alerts).toHaveLength(1);
        expect(JSON.stringify(alerts[0])).toContain(`multi-cloud-${region}`);
      }
    },
  );

  test("the generated procedure names the real clusters and commands for each promotion target", () => {
    const doc = writerSwitchover(withWriter("eu-west-1"))!.text();
    expect(doc).toContain(
      "aws rds switchover-global-cluster --region eu-west-1 --global-cluster-identifier multi-cloud-global",
    );
    expect(doc).toContain("--db-cluster-identifier multi-cloud-aws-us-east-1");
    expect(doc).toContain("--allow-data-loss");
    expect(doc).not.toContain("### Move the writer to eu-west-1");
    expect(doc).toContain(
      "gcloud sql instances promote-replica multi-cloud-us-central1 --project acme-shop-prod",
    );
  });

  test("Cloud SQL: the old writer is fenced before the replica is promoted, and the target's lag is read", () => {
    const doc = writerSwitchover(withWriter())!.text();
    const fence = doc.indexOf(
      "gcloud sql instances patch multi-cloud-europe-west1 --project acme-shop-prod --activation-policy=NEVER",
    );
    const lag = doc.indexOf('resource.labels.database_id="acme-shop-prod:multi-cloud-us-central1"');
    const promote = doc.indexOf("gcloud sql instances promote-replica multi-cloud-us-central1");
    expect(fence).toBeGreaterThan(0);
    expect(lag).toBeGreaterThan(fence);
    expect(promote).toBeGreaterThan(lag);
    // The writer's own lag policy is silent while it is the writer: the procedure must not wait on it.
    expect(doc).not.toContain('database_id="acme-shop-prod:multi-cloud-europe-west1"');
  });

  test("no switchover runbook for engines without a single writer", () => {
    const cart = parseBlueprint(fs.readFileSync("blueprints/cart-crdt.yaml", "utf8"), "cart-crdt.yaml");
    expect(writerSwitchover(cart)).toBeUndefined();
  });
});

describe("writerRegion is checked at load time", () => {
  const load = (writerRegion: string) => () => withWriter(writerRegion);
  test("an unknown region", () => {
    expect(load("eu-central-1")).toThrow(/spec\.database\.writerRegion[\s\S]*eu-central-1[\s\S]*us-east-1/);
  });
  test("a region whose engine has no single writer", () => {
    const doc = Yaml.parse(fs.readFileSync("blueprints/gcp-global.yaml", "utf8"));
    doc.spec.database.writerRegion = "europe-west1";
    expect(() => parseBlueprint(Yaml.stringify(doc), "gcp-global.yaml")).toThrow(
      /spanner has no single writer/,
    );
  });
});
