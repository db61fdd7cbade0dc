import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import type { Pattern } from "../../lib/blueprint/schema";
import { APP_METRICS, crdtItemLayout, PATTERN_CONTRACTS, REQUEST_METRICS } from "../../lib/core/app-contract";
import { PATTERNS } from "../../lib/core/patterns";
import { contractEnv, patternSignalRules } from "../../lib/k8s/app-contract";
import { renderManifests } from "../../lib/k8s/synth";
import { fullWorkload, multiCloud, threeRegions } from "./fixtures";

const { regionEnv: _omit, ...rest } = fullWorkload;
const api = { ...rest, name: "api" };
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-1"];

/** A loaded blueprint with another pattern (engine fit is the loader's business, not the rules'). */
const as = (b: Blueprint, pattern: Pattern): Blueprint => ({ ...b, pattern });

function regionConfig(b: Blueprint, region: string): Record<string, string> {
  const docs = renderManifests(b).get(`k8s/${b.name}-aws-${region}/workload-api.yaml`)!;
  const cm = docs.find(
    (d) => d.kind === "ConfigMap" && String((d.metadata as { name: string }).name) === "api-region",
  );
  return (cm as { data: Record<string, string> }).data;
}

function alertExprs(b: Blueprint, region: string): Record<string, string[]> {
  const [rule] = renderManifests(b).get(`k8s/${b.name}-aws-${region}/slo-rules.yaml`)!;
  const groups = (rule!.spec as { groups: { name: string; rules: { alert?: string; expr: string }[] }[] })
    .groups;
  const out: Record<string, string[]> = {};
  for (const r of groups.find((g) => g.name.endsWith(".pattern.signals"))?.rules ?? []) {
    out[r.alert!] = [...(out[r.alert!] ?? []), r.expr];
  }
  return out;
}

describe("the application contract", () => {
  const dynamo = threeRegions([40, 40, 20], [api], { database: { engine: "dynamodb" } });

  test.each([
    [
      "read-local-write-local",
      { ActiveActiveWriteConflictRateHigh: "conflicts", ActiveActiveStaleReads: "staleReadAge" },
    ],
    [
      "multi-master-crdt",
      { ActiveActiveWriteConflictRateHigh: "conflicts", ActiveActiveConvergenceSlow: "convergence" },
    ],
    [
      "event-sourced",
      { ActiveActiveConvergenceSlow: "convergence", ActiveActiveDuplicateDeliveries: "duplicateDeliveries" },
    ],
    ["primary-per-shard", { ActiveActiveMisroutedWrites: "misroutedWrites" }],
  ] as const)("%s: the alerts read the metric names the ConfigMap gives the workload", (pattern, alerts) => {
    const b = as(dynamo, pattern);
    const env = regionConfig(b, "eu-west-1");
    const exprs = alertExprs(b, "eu-west-1");
    for (const [alert, metric] of Object.entries(alerts)) {
      const name = APP_METRICS[metric as keyof typeof APP_METRICS];
      expect(Object.values(env)).toContain(name);
      expect(exprs[alert]?.join("\n")).toContain(name);
    }
    // Every metric of the contract is in the ConfigMap, nothing else is.
    const given = Object.entries(env).filter(([k]) => k.startsWith("ACTIVEACTIVE_METRIC_"));
    expect(given.map(([, v]) => v).sort()).toEqual(
      PATTERN_CONTRACTS[pattern].metrics.map((m) => APP_METRICS[m]).sort(),
    );
    expect(env.ACTIVEACTIVE_PATTERN).toBe(pattern);
    expect(env.ACTIVEACTIVE_IDEMPOTENCY_HEADER).toBe("Idempotency-Key");
  });

  test("M4 and M9 exist for read-local-write-local only where the table says; M5 not", () => {
    const names = (p: Pattern) =>
      (patternSignalRules(as(dynamo, p), () => ({}))?.rules ?? []).map((r) => r.alert);
    expect(names("read-local-write-local")).toEqual(
      expect.arrayContaining(["ActiveActiveWriteConflictRateHigh", "ActiveActiveStaleReads"]),
    );
    expect(names("read-local-write-local")).not.toContain("ActiveActiveConvergenceSlow");
    expect(names("global-consensus")).toEqual([]);
  });

  test("a DynamoDB region is a writer everywhere", () => {
    for (const r of dynamo.regions) expect(contractEnv(dynamo, r).ACTIVEACTIVE_ROLE).toBe("writer");
  });

  test("Aurora: the writer region is the writer, the others forward; a promotion flips the roles", () => {
    const before = threeRegions([40, 40, 20], [api]);
    const after = threeRegions([40, 40, 20], [api], {
      database: { engine: "aurora-postgresql", writerRegion: "eu-west-1" },
    });
    expect(REGIONS.map((r) => regionConfig(before, r).ACTIVEACTIVE_ROLE)).toEqual([
      "writer",
      "forwarder",
      "forwarder",
    ]);
    expect(REGIONS.map((r) => regionConfig(after, r).ACTIVEACTIVE_ROLE)).toEqual([
      "forwarder",
      "writer",
      "forwarder",
    ]);
    expect(REGIONS.map((r) => regionConfig(after, r).ACTIVEACTIVE_WRITER_REGION)).toEqual([
      "eu-west-1",
      "eu-west-1",
      "eu-west-1",
    ]);
  });

  test.each([
    ["ledger-consensus.yaml", "aurora-dsql"],
    ["orders-events.yaml", "kinesis"],
    ["cart-crdt.yaml", "dynamodb"],
    ["gcp-global.yaml", "spanner"],
  ])("%s (%s, every region writes): no writer region is named", (file, engine) => {
    const b = loadBlueprintFile(path.join("blueprints", file));
    for (const r of b.regions) {
      const env = contractEnv(b, r);
      expect(b.database.engines[r.cloud]).toBe(engine);
      expect(env.ACTIVEACTIVE_ROLE).toBe("writer");
      expect(Object.keys(env).filter((k) => k.includes("WRITER"))).toEqual([]);
    }
  });

  test("single-writer engines name their writer region in every region (Aurora and Cloud SQL)", () => {
    const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
    for (const r of b.regions) {
      const writer = b.regions.find((x) => x.cloud === r.cloud && x.writer)!;
      expect(contractEnv(b, r).ACTIVEACTIVE_WRITER_REGION).toBe(writer.region);
    }
  });

  test("primary-per-shard: each region is told the shards it owns and the shard header", () => {
    const b = threeRegions([40, 40, 20], [api], {
      pattern: "primary-per-shard",
      database: { engine: "dynamodb" },
      sharding: {
        header: "X-Tenant-Id",
        owners: { acme: "eu-west-1", globex: "us-east-1", initech: "eu-west-1" },
      },
    });
    expect(REGIONS.map((r) => regionConfig(b, r).ACTIVEACTIVE_OWNED_SHARDS)).toEqual([
      "globex",
      "acme,initech",
      "",
    ]);
    // DynamoDB: every region writes its own table replica.
    expect(REGIONS.map((r) => regionConfig(b, r).ACTIVEACTIVE_WRITE_PATH)).toEqual([
      "local",
      "local",
      "local",
    ]);
    expect(regionConfig(b, "us-east-1").ACTIVEACTIVE_SHARD_HEADER).toBe("X-Tenant-Id");
  });

  test("primary-per-shard with one writer and no owners: every region accepts every key (*), the writer directly, the others forwarded", () => {
    const before = threeRegions([40, 40, 20], [api], { pattern: "primary-per-shard" });
    const after = threeRegions([40, 40, 20], [api], {
      pattern: "primary-per-shard",
      database: { engine: "aurora-postgresql", writerRegion: "ap-southeast-1" },
    });
    const view = (b: Blueprint) =>
      REGIONS.map((r) => [
        regionConfig(b, r).ACTIVEACTIVE_ROLE,
        regionConfig(b, r).ACTIVEACTIVE_OWNED_SHARDS,
        regionConfig(b, r).ACTIVEACTIVE_WRITE_PATH,
      ]);
    // An app following the contract rejects no write anywhere: Aurora write forwarding carries the others'.
    expect(view(before)).toEqual([
      ["writer", "*", "local"],
      ["forwarder", "*", "forwarded"],
      ["forwarder", "*", "forwarded"],
    ]);
    // A promotion moves the direct write path with the writer.
    expect(view(after)).toEqual([
      ["forwarder", "*", "forwarded"],
      ["forwarder", "*", "forwarded"],
      ["writer", "*", "local"],
    ]);
  });

  test("the default blueprint (global-saas) tells every region it accepts every key, and which write path it has", () => {
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    const env = (region: string) => {
      const docs = renderManifests(b).get(`k8s/global-saas-aws-${region}/workload-api.yaml`)!;
      return (docs.find((d) => d.kind === "ConfigMap") as { data: Record<string, string> }).data;
    };
    expect(
      REGIONS.map((r) => [
        env(r).ACTIVEACTIVE_ROLE,
        env(r).ACTIVEACTIVE_OWNED_SHARDS,
        env(r).ACTIVEACTIVE_WRITE_PATH,
      ]),
    ).toEqual([
      ["writer", "*", "local"],
      ["forwarder", "*", "forwarded"],
      ["forwarder", "*", "forwarded"],
    ]);
    // An app following the contract counts a write as misrouted (what the alert reads) only when its
    // shard is not accepted here: with no owners no region counts any, forwarded writes included.
    const misrouted = (owned: string, shard: string) => owned !== "*" && !owned.split(",").includes(shard);
    for (const r of REGIONS) {
      for (const shard of ["acme", "globex", ""]) {
        expect([r, shard, misrouted(env(r).ACTIVEACTIVE_OWNED_SHARDS!, shard)]).toEqual([r, shard, false]);
      }
    }
  });

  test("multi-master-crdt: each region is told its own item layout and suffix, and whose copies to merge", () => {
    const b = threeRegions([40, 40, 20], [api], {
      pattern: "multi-master-crdt",
      database: { engine: "dynamodb" },
    });
    for (const region of REGIONS) {
      const env = regionConfig(b, region);
      expect(env.ACTIVEACTIVE_ITEM_LAYOUT).toBe(`pk=<key>,sk=<key>#${region}`);
      expect(env.ACTIVEACTIVE_ITEM_REGION_SUFFIX).toBe(`#${region}`);
      expect(env.ACTIVEACTIVE_ITEM_REGIONS).toBe(REGIONS.join(","));
    }
    // No two regions write the same copy.
    const suffixes = REGIONS.map((r) => regionConfig(b, r).ACTIVEACTIVE_ITEM_REGION_SUFFIX);
    expect(new Set(suffixes).size).toBe(REGIONS.length);
    // Only the CRDT pattern has a per-region item layout.
    expect(
      regionConfig(as(b, "read-local-write-local"), "us-east-1").ACTIVEACTIVE_ITEM_LAYOUT,
    ).toBeUndefined();
  });

  test("multi-master-crdt on Bigtable: the row key carries the region", () => {
    expect(crdtItemLayout("bigtable", "europe-west1")).toBe("row=<key>#europe-west1");
  });
});

/** PromQL words that are not metric names: aggregation modifiers, set operators, `bool`, `offset`. */
const PROMQL_KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);
const PROMQL_OPERATORS = new Set(["and", "or", "unless", "bool", "offset"]);

/**
 * The metric names a PromQL expression reads: identifiers that are not a
 * function call, a keyword, a label inside `{...}`, a grouping label list, a
 * range `[...]` or a string.
 */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names: string[] = [];
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = m[0];
    const after = bare.slice(m.index! + word.length);
    const before = bare.slice(0, m.index!);
    if (/^\s*\(/.test(after)) continue; // a function
    if (PROMQL_KEYWORDS.has(word) || PROMQL_OPERATORS.has(word)) continue;
    if (/[0-9.]$/.test(before) || /^(e[+-]?)?[0-9]/i.test(word)) continue; // 1e3, numbers
    names.push(word);
  }
  return names;
}

describe("every PrometheusRule expression reads a metric something produces", () => {
  /** What the app contract says the workload exposes: APP_METRICS (the M5 histogram as its buckets) and REQUEST_METRICS. */
  const produced = new Set<string>([
    ...Object.values(APP_METRICS),
    `${APP_METRICS.convergence}_bucket`,
    ...Object.values(REQUEST_METRICS),
  ]);
  const blueprints: [string, Blueprint][] = [
    ...fs
      .readdirSync("blueprints")
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f): [string, Blueprint] => [f, loadBlueprintFile(path.join("blueprints", f))]),
    ...PATTERNS.map((p): [string, Blueprint] => [`multi-cloud as ${p}`, { ...multiCloud(), pattern: p }]),
    ["no workloads", multiCloud([])],
  ];

  test("the extractor finds names and skips functions, labels, ranges, keywords and numbers", () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le) (rate(a_bucket{ns="x",code=~"5.."}[10m]))) > 1e3\nand\nabsent(b) or vector(0) == c:d:rate5m',
      ),
    ).toEqual(["a_bucket", "b", "c:d:rate5m"]);
  });

  test.each(blueprints)("%s", (_, b) => {
    const rules = [...renderManifests(b).values()]
      .flat()
      .filter((d) => d.kind === "PrometheusRule")
      .flatMap((d) => (d.spec as { groups: { rules: { record?: string; expr: string }[] }[] }).groups)
      .flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(0);
    const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
    const unknown = rules
      .flatMap((r) => metricNames(r.expr))
      .filter((name) => !produced.has(name) && !recorded.has(name));
    expect([...new Set(unknown)]).toEqual([]);
  });
});
