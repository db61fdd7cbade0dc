import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { loadBlueprintFile, resolveBlueprint } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { UsageError } from "../../lib/core/errors";
import { AT_RISK_MARGIN_SECONDS, PROPAGATION } from "../../lib/core/failover-time";
import { ENGINES } from "../../lib/core/regions";
import { SIMULATED_ENGINES } from "../../lib/operate/simulate/data";
import { formatReport } from "../../lib/operate/simulate/format";
import type { ScenarioResult } from "../../lib/operate/simulate/report";
import { simulate } from "../../lib/operate/simulate/simulate";

const CATALOGUE = path.resolve("blueprints");
const catalogue = fs
  .readdirSync(CATALOGUE)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** The blueprint's YAML as a plain object, to change one thing in a copy. */
function raw(name: string): Record<string, any> {
  return parse(fs.readFileSync(path.join(CATALOGUE, name), "utf8"));
}

function variant(name: string, change: (spec: Record<string, any>) => void): Blueprint {
  const doc = raw(name);
  change(doc.spec);
  return resolveBlueprint(doc);
}

const only = (r: ReturnType<typeof simulate>): ScenarioResult => {
  expect(r.scenarios).toHaveLength(1);
  return r.scenarios[0]!;
};

describe("each catalogue blueprint, each region lost in turn", () => {
  test.each(catalogue)("%s: one scenario per region, numbers as the blueprint gives them", (file) => {
    // GIVEN the blueprint as written, with the documented defaults filled in by hand
    const spec = raw(file).spec;
    const regions: { region: string; weight: number; cloud: string }[] = spec.regions.map((r: any) => ({
      region: r.region,
      cloud: r.cloud,
      weight: r.weight ?? 100,
    }));
    const interval = spec.dns.healthCheck?.intervalSeconds ?? 10;
    const threshold = spec.dns.healthCheck?.failureThreshold ?? 3;
    const ttl = spec.dns.ttlSeconds ?? 30;
    const gcpOnly = regions.every((r) => r.cloud === "gcp");
    const accelerator = spec.dns.mode === "accelerator";
    // Route 53: probes, propagation, the TTL; the gcp load balancer (10 s x 3) and the accelerator: probes and propagation.
    const router = gcpOnly ? "gcp-global-lb" : accelerator ? "global-accelerator" : "route53";
    const propagation = PROPAGATION[router].seconds;
    const failover =
      (gcpOnly ? 10 * 3 : interval * threshold) + propagation + (gcpOnly || accelerator ? 0 : ttl);
    const total = spec.workloads[0].replicas.total;

    // WHEN every region is lost in turn
    const report = simulate(loadBlueprintFile(path.join(CATALOGUE, file)));

    // THEN one scenario per region, in blueprint order
    expect(report.lose).toBe("each-region");
    expect(report.scenarios.map((s) => s.lost)).toEqual(regions.map((r) => [r.region]));
    for (const [i, s] of report.scenarios.entries()) {
      const survivors = regions.filter((_, j) => j !== i);
      const weights = survivors.reduce((a, r) => a + r.weight, 0);
      expect(s.routing.totalSeconds).toBe(failover);
      expect(s.routing.sloSeconds).toBe(spec.slo.failoverSeconds);
      expect(s.routing.propagationSeconds).toBe(propagation);
      expect(s.routing.marginSeconds).toBe(spec.slo.failoverSeconds - failover);
      // The catalogue keeps at least AT_RISK_MARGIN_SECONDS to its failover SLO: no `at-risk`, no `fails`.
      expect([file, s.routing.verdict]).toEqual([file, "holds"]);
      expect(spec.slo.failoverSeconds - failover).toBeGreaterThanOrEqual(AT_RISK_MARGIN_SECONDS);
      expect(s.routing.traffic.map((t) => [t.region, t.afterPercent])).toEqual(
        survivors.map((r) => [r.region, Math.round((10000 * r.weight) / weights) / 100]),
      );
      expect(s.capacity.regions.map((c) => [c.region, c.workloads[0]!.needed])).toEqual(
        survivors.map((r) => [r.region, Math.ceil((total * r.weight) / weights)]),
      );
      // The catalogue survives any one region: at worst a person promotes a writer or moves a shard.
      expect(s.capacity.verdict).toBe("holds");
      expect(s.verdict).not.toBe("fails");
    }
    // Deterministic: the same blueprint gives the same report.
    expect(JSON.stringify(simulate(loadBlueprintFile(path.join(CATALOGUE, file))))).toBe(
      JSON.stringify(report),
    );
  });
});

describe("numbers recomputed by hand", () => {
  test("GIVEN global-saas (40/40/20, Aurora writer us-east-1, 9 api replicas) WHEN us-east-1 is lost THEN 45 s, 6 + 3 replicas, a manual failover with up to 5 s lost", () => {
    const s = only(simulate(loadBlueprintFile("blueprints/global-saas.yaml"), "us-east-1"));

    // routing: health check 10 s x 2 failures + 10 s Route 53 propagation + TTL 15 s = 45 s, 15 s inside 60 s
    expect(s.routing).toMatchObject({
      mode: "route53-weighted",
      detectionSeconds: 20,
      propagationSeconds: 10,
      dnsCacheSeconds: 15,
      totalSeconds: 45,
      marginSeconds: 15,
      verdict: "holds",
    });
    expect(s.routing.propagationBasis).toMatch(/^assumption: /);
    // traffic: eu-west-1 40 / (40 + 20) = 66.67 %, ap-southeast-1 20 / 60 = 33.33 %
    expect(s.routing.traffic).toEqual([
      { region: "eu-west-1", cloud: "aws", weight: 40, beforePercent: 40, afterPercent: 66.67 },
      { region: "ap-southeast-1", cloud: "aws", weight: 20, beforePercent: 20, afterPercent: 33.33 },
    ]);
    // capacity: 9 x 40/100 = 3.6, 3.6, 1.8 -> largest remainder 4/3/2 now;
    // needed ceil(9 x 40/60) = 6 and ceil(9 x 20/60) = 3, HPA max 20;
    // nodes: 6 x 250m = 1500m < 1930m allocatable on one m6i.large (2000m - 70m reserved) -> 1 of 10
    expect(s.capacity.regions.map((r) => [r.region, r.workloads[0], r.nodes.needed, r.nodes.max])).toEqual([
      ["eu-west-1", { workload: "api", fixed: false, now: 3, needed: 6, ceiling: 20 }, 1, 10],
      ["ap-southeast-1", { workload: "api", fixed: false, now: 2, needed: 3, ceiling: 20 }, 1, 10],
    ]);
    // N-1: each survivor runs its HPA max 20 (20 x 250m = 5000m < 10 x 1930m): 40 >= 9
    expect(s.capacity.totals).toEqual([{ workload: "api", total: 9, available: 40 }]);
    expect(s.capacity.verdict).toBe("holds");
    // data: the writer is lost; a person fails the global cluster over to eu-west-1 (highest surviving weight)
    const aurora = s.data.datastores[0]!;
    expect(aurora).toMatchObject({ engine: "aurora-postgresql", writes: "after-action", rpoSeconds: 5 });
    expect(aurora.actions[0]!.command).toContain(
      "aws rds failover-global-cluster --region eu-west-1 --global-cluster-identifier global-saas-global",
    );
    expect(aurora.actions[0]!.command).toContain("--db-cluster-identifier global-saas-aws-eu-west-1");
    expect(aurora.actions[0]!.command).toContain("--allow-data-loss");
    expect(aurora.actions.map((a) => a.kind)).toEqual(["shell", "blueprint"]);
    expect(aurora.actions[1]!.command).toContain("spec.database.writerRegion: eu-west-1");
    expect(s.verdict).toBe("action");
  });

  test("GIVEN global-saas losing a region that is not the writer THEN writes go on with nothing lost (writes were forwarded)", () => {
    const s = only(simulate(loadBlueprintFile("blueprints/global-saas.yaml"), "ap-southeast-1"));
    expect(s.data.datastores[0]).toMatchObject({ writes: "continue", rpoSeconds: 0, verdict: "holds" });
    // 40 / (40 + 40) = 50 % each; ceil(9 x 0.5) = 5 replicas each
    expect(s.capacity.regions.map((r) => [r.sharePercent, r.workloads[0]!.needed])).toEqual([
      [50, 5],
      [50, 5],
    ]);
    expect(s.verdict).toBe("holds");
  });

  test("GIVEN global-saas with a TTL of 300 s WHEN a region is lost THEN 10 x 2 + 10 + 300 = 330 s > 60 s: the failover SLO fails", () => {
    const b = variant("global-saas.yaml", (spec) => {
      spec.dns.ttlSeconds = 300;
    });
    const r = simulate(b, "eu-west-1");
    const s = only(r);
    expect(s.routing).toMatchObject({ detectionSeconds: 20, dnsCacheSeconds: 300, totalSeconds: 330 });
    expect(s.routing.verdict).toBe("fails");
    expect(r.verdict).toBe("fails");
  });

  test.each([
    [25, 60, "at-risk"], // 20 + 10 + 25 = 55: 5 s of margin
    [30, 60, "at-risk"], // exactly at the SLO: no margin for what is not counted
    [20, 60, "holds"], // 50: 10 s of margin
    [31, 60, "fails"],
  ])("GIVEN global-saas with a TTL of %i s and a %i s SLO THEN routing %s", (ttl, slo, verdict) => {
    const b = variant("global-saas.yaml", (spec) => {
      spec.dns.ttlSeconds = ttl;
      spec.slo.failoverSeconds = slo;
    });
    const s = only(simulate(b, "eu-west-1"));
    expect(s.routing.verdict).toBe(verdict);
    if (verdict === "at-risk") {
      expect(s.routing.notes.join("\n")).toMatch(/at risk: \d+ s of margin to the SLO, under 10 s/);
      expect(simulate(b, "eu-west-1").verdict).toBe("at-risk");
    }
  });

  test("GIVEN global-saas with autoscaling.max 5 (the loader accepts: 5 + 5 >= 9) WHEN us-east-1 is lost THEN eu-west-1 needs ceil(9 x 40/60) = 6 > 5: capacity fails", () => {
    const b = variant("global-saas.yaml", (spec) => {
      spec.workloads[0].autoscaling.max = 5;
    });
    const s = only(simulate(b, "us-east-1"));
    const [eu, ap] = s.capacity.regions;
    expect([eu!.workloads[0]!.needed, eu!.workloads[0]!.ceiling, eu!.verdict]).toEqual([6, 5, "fails"]);
    expect([ap!.workloads[0]!.needed, ap!.workloads[0]!.ceiling, ap!.verdict]).toEqual([3, 5, "holds"]);
    // The N-1 sum alone would pass: 5 + 5 = 10 >= 9; traffic goes by weight, not to spare room.
    expect(s.capacity.totals).toEqual([{ workload: "api", total: 9, available: 10 }]);
    expect(s.capacity.verdict).toBe("fails");
    expect(s.verdict).toBe("fails");
    // Losing ap-southeast-1 instead: 40 / 80 -> ceil(4.5) = 5 <= 5 each, it holds.
    expect(only(simulate(b, "ap-southeast-1")).capacity.verdict).toBe("holds");
  });

  test("GIVEN global-saas on one node per region WHEN all but one region is lost THEN one m6i.large cannot run 9 replicas: capacity fails", () => {
    const b = variant("global-saas.yaml", (spec) => {
      spec.cluster.nodes = { min: 1, max: 1, instanceType: "m6i.large" };
    });
    const r = simulate(b, "all-but-one");
    expect(r.scenarios.map((s) => s.label)).toEqual([
      "all but us-east-1",
      "all but eu-west-1",
      "all but ap-southeast-1",
    ]);
    for (const s of r.scenarios) {
      const [kept] = s.capacity.regions;
      // all traffic: needed 9; 9 x 250m = 2250m > 1930m on one node -> 2 nodes of 1
      expect([kept!.sharePercent, kept!.workloads[0]!.needed]).toEqual([100, 9]);
      expect([kept!.nodes.needed, kept!.nodes.max, kept!.nodes.limitedBy]).toEqual([2, 1, "cpu"]);
      // N-1 arithmetic: ceiling 20 x 250m = 5000m on 1930m -> floor(20 x 1930 / 5000) = 7 < 9
      expect(s.capacity.totals).toEqual([{ workload: "api", total: 9, available: 7 }]);
      expect(s.capacity.notes[0]).toMatch(/can run 7 replicas of api but 9 are needed/);
      expect(s.capacity.verdict).toBe("fails");
    }
    expect(r.verdict).toBe("fails");
    // One region lost still holds: eu-west-1 needs 6 x 250m = 1500m on one node.
    expect(only(simulate(b, "us-east-1")).capacity.verdict).toBe("holds");
  });

  test("GIVEN gcp-global (Spanner nam-eur-asia1) WHEN us-central1 is lost THEN 10 x 3 + 10 = 40 s, no TTL, 3 of 5 votes: writes go on, RPO 0", () => {
    const s = only(simulate(loadBlueprintFile("blueprints/gcp-global.yaml"), "us-central1"));
    // The 60 s TTL of its A record does not count: the anycast address never changes.
    expect(s.routing).toMatchObject({
      mode: "gcp-global-lb",
      totalSeconds: 40,
      propagationSeconds: 10,
      dnsCacheSeconds: 0,
      verdict: "holds",
    });
    // us-central1 holds 2 of the 5 votes (us-central1 2, us-central2 2, witness us-east1 1)
    expect(s.data.datastores[0]).toMatchObject({ writes: "continue", rpoSeconds: 0, verdict: "holds" });
    expect(s.data.datastores[0]!.summary).toContain("3 of 5 votes left");
  });
});

describe("standby regions (weight 0)", () => {
  const withStandby = (mode?: string) =>
    variant("global-saas.yaml", (spec) => {
      spec.regions[2].weight = 0;
      if (mode) spec.dns.mode = mode;
    });

  test("GIVEN a standby WHEN a weighted region is lost THEN the standby still gets nothing", () => {
    const s = only(simulate(withStandby(), "us-east-1"));
    expect(s.routing.traffic.map((t) => [t.region, t.afterPercent])).toEqual([
      ["eu-west-1", 100],
      ["ap-southeast-1", 0],
    ]);
  });

  test("GIVEN Route 53 WHEN every weighted region is lost THEN the standby takes all traffic", () => {
    const s = simulate(withStandby(), "all-but-one").scenarios[2]!;
    expect(s.label).toBe("all but ap-southeast-1");
    expect(s.routing.traffic).toEqual([
      { region: "ap-southeast-1", cloud: "aws", weight: 0, beforePercent: 0, afterPercent: 100 },
    ]);
    expect(s.routing.verdict).toBe("holds");
  });

  test("GIVEN Global Accelerator WHEN every weighted region is lost THEN the dial-0 standby gets nothing: routing fails", () => {
    const s = simulate(withStandby("accelerator"), "all-but-one").scenarios[2]!;
    expect(s.routing.mode).toBe("global-accelerator");
    // no TTL behind anycast: 10 s x 2 + 30 s accelerator propagation = 50 s
    expect(s.routing.totalSeconds).toBe(50);
    expect(s.routing.traffic[0]!.afterPercent).toBe(0);
    expect(s.routing.verdict).toBe("fails");
    expect(s.routing.notes[0]).toMatch(/dial-0/);
  });
});

describe("data by pattern and engine", () => {
  test("GIVEN DynamoDB (read-local-write-local) THEN survivors keep writing with no action; RPO = the lag SLO", () => {
    const s = only(simulate(loadBlueprintFile("blueprints/profiles-local.yaml"), "us-east-1"));
    expect(s.data.datastores[0]).toMatchObject({
      engine: "dynamodb",
      writes: "continue",
      writers: ["eu-west-1"],
      actions: [],
      rpoSeconds: 5,
      verdict: "holds",
    });
  });

  test("GIVEN Aurora DSQL (us-east-1 + us-east-2, witness us-west-2) WHEN one peer is lost THEN 2 of 3 votes: writes go on, RPO 0", () => {
    const s = only(simulate(loadBlueprintFile("blueprints/ledger-consensus.yaml"), "us-east-2"));
    expect(s.data.datastores[0]).toMatchObject({ writes: "continue", rpoSeconds: 0, verdict: "holds" });
    expect(s.data.datastores[0]!.summary).toContain(
      "2 of 3 votes left (us-east-1 1, us-east-2 1, us-west-2 1)",
    );
  });

  test("GIVEN Spanner nam6 with both read-write regions in the blueprint WHEN only the read-only one is kept THEN 1 of 5 votes: writes stop", () => {
    const b = variant("gcp-global.yaml", (spec) => {
      spec.regions = [
        { cloud: "gcp", region: "us-central1", cidr: "10.60.0.0/16", project: "acme-global-prod" },
        { cloud: "gcp", region: "us-east1", cidr: "10.70.0.0/16", project: "acme-global-prod" },
        { cloud: "gcp", region: "us-west1", cidr: "10.80.0.0/16", project: "acme-global-prod" },
      ];
    });
    const s = simulate(b, "all-but-one").scenarios[2]!;
    expect(s.label).toBe("all but us-west1");
    expect(s.data.datastores[0]).toMatchObject({ writes: "stop", verdict: "fails" });
    expect(s.data.datastores[0]!.summary).toContain("1 of 5 votes left");
  });

  test("GIVEN multi-cloud WHEN aws is lost THEN the aws shards stop (their data is in the lost cloud) and gcp shards go on", () => {
    const r = simulate(loadBlueprintFile("blueprints/multi-cloud.yaml"), "aws");
    const s = only(r);
    expect(s.lost).toEqual(["us-east-1", "eu-west-1"]);
    expect(s.data.datastores.map((d) => [d.cloud, d.writes])).toEqual([
      ["aws", "stop"],
      ["gcp", "continue"],
    ]);
    expect(s.data.shards.map((x) => [x.shard, x.writes])).toEqual([
      ["acme", "stop"],
      ["globex", "stop"],
      ["initech", "continue"],
      ["umbrella", "continue"],
    ]);
    expect(r.verdict).toBe("fails");
  });

  test("GIVEN multi-cloud WHEN us-east-1 (Aurora writer, owner of acme and globex) is lost THEN the shards move to the promoted writer", () => {
    const s = only(simulate(loadBlueprintFile("blueprints/multi-cloud.yaml"), "us-east-1"));
    const aws = s.data.datastores.find((d) => d.cloud === "aws")!;
    expect(aws.actions[0]!.command).toContain("--region eu-west-1");
    expect(
      s.data.shards.filter((x) => x.owner === "us-east-1").map((x) => [x.shard, x.writer, x.action?.kind]),
    ).toEqual([
      ["acme", "eu-west-1", "blueprint"],
      ["globex", "eu-west-1", "blueprint"],
    ]);
  });

  test("GIVEN multi-cloud WHEN europe-west1 (Cloud SQL writer, owner of initech) is lost THEN promote us-central1 and move initech there", () => {
    const s = only(simulate(loadBlueprintFile("blueprints/multi-cloud.yaml"), "europe-west1"));
    const gcp = s.data.datastores.find((d) => d.cloud === "gcp")!;
    // Cloud SQL does not fence: the old writer is stopped before the replica is promoted.
    expect(gcp.actions.map((a) => a.command)).toEqual([
      "gcloud sql instances patch multi-cloud-europe-west1 --project acme-shop-prod --activation-policy=NEVER",
      "gcloud sql instances promote-replica multi-cloud-us-central1 --project acme-shop-prod",
      "set spec.database.writerRegion: us-central1 in the blueprint, synthesize and apply",
    ]);
    expect(s.data.shards.find((x) => x.shard === "initech")).toMatchObject({
      writer: "us-central1",
      writes: "after-action",
    });
  });
});

describe("what the simulator refuses (exit 2)", () => {
  const b = loadBlueprintFile("blueprints/global-saas.yaml");

  test("GIVEN --lose with a region the blueprint lacks THEN a usage error naming the choices", () => {
    expect(() => simulate(b, "eu-west-9")).toThrow(UsageError);
    expect(() => simulate(b, "eu-west-9")).toThrow(
      /--lose: not a region or cloud of the blueprint \(found "eu-west-9", expected us-east-1, eu-west-1, ap-southeast-1, all-but-one\)/,
    );
  });

  test("GIVEN --lose with a region key (aws-us-east-1) THEN the same scenario as its name", () => {
    expect(JSON.stringify(simulate(b, "aws-us-east-1").scenarios)).toBe(
      JSON.stringify(simulate(b, "us-east-1").scenarios),
    );
  });

  test("GIVEN --lose aws on an aws-only blueprint THEN nothing would survive: usage error", () => {
    expect(() => simulate(b, "aws")).toThrow(/every region of the blueprint is on aws/);
  });

  test("every engine the loader accepts is one the simulator knows (a new engine must teach it)", () => {
    expect([...ENGINES].sort()).toEqual([...SIMULATED_ENGINES].sort());
  });

  test("GIVEN an engine the simulator does not know THEN a usage error, not a guess", () => {
    const odd = { ...b, database: { ...b.database, engines: { aws: "cassandra" } } } as unknown as Blueprint;
    expect(() => simulate(odd, "us-east-1")).toThrow(
      /spec\.database\.engine: the simulator cannot reason about the aws engine \(found "cassandra"/,
    );
  });

  test("GIVEN a routing mode the simulator does not know THEN a usage error, not a guess", () => {
    const odd = { ...b, dns: { ...b.dns, mode: "anycast-magic" } } as unknown as Blueprint;
    expect(() => simulate(odd)).toThrow(
      /spec\.dns\.mode: the simulator cannot reason about this routing mode/,
    );
  });
});

describe("markdown", () => {
  test("GIVEN a diagram block THEN it sits under the title, before the table; without one, nothing is added", () => {
    const report = simulate(loadBlueprintFile("blueprints/profiles-local.yaml"));
    const diagram = "```mermaid\nflowchart LR\n  a --> b\n```";
    const md = formatReport(report, "markdown", { diagram });
    expect(md.indexOf(diagram)).toBeGreaterThan(md.indexOf("## activeactive simulate: profiles"));
    expect(md.indexOf(diagram)).toBeLessThan(md.indexOf("| lost |"));
    expect(formatReport(report, "markdown")).not.toContain("mermaid");
  });
});
