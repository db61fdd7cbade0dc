import type { Blueprint } from "../../lib/blueprint/model";
import { renderManifests } from "../../lib/k8s/synth";
import { fullWorkload, multiCloud } from "./fixtures";

type Rule = { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string> };
type RuleDoc = {
  kind: string;
  metadata: { labels: Record<string, string> };
  spec: { groups: { rules: Rule[] }[] };
};

function rulesByRegion(b: Blueprint): Map<string, Rule[]> {
  const docs = [...renderManifests(b).values()].flat() as unknown as RuleDoc[];
  return new Map(
    docs
      .filter((d) => d.kind === "PrometheusRule")
      .map((d) => [
        d.metadata.labels["topology.kubernetes.io/region"]!,
        d.spec.groups.flatMap((g) => g.rules),
      ]),
  );
}

const slo = { availabilityPercent: 99.9, errorRatePercent: 1, latencyP95Ms: 250, replicationLagSeconds: 3 };

describe("SLO alert rules", () => {
  const rules = rulesByRegion(multiCloud([fullWorkload], { slo }));
  const us = rules.get("us-east-1")!;
  const alerts = (name: string) => us.filter((r) => r.alert === name);

  test("one PrometheusRule per regional cluster, each alert naming its region and cloud", () => {
    expect([...rules.keys()].sort()).toEqual(["europe-west1", "us-east-1"]);
    for (const [region, list] of rules) {
      for (const r of list.filter((x) => x.alert)) {
        expect(r.labels).toMatchObject({
          region,
          cloud: region === "us-east-1" ? "aws" : "gcp",
          blueprint: "shop",
        });
      }
    }
  });

  test("burn-rate alerts: 1h/5m at 14.4x and 6h/30m at 6x the budget of slo.availabilityPercent", () => {
    // GIVEN availability 99.9%: a 0.1% error budget
    const burn = alerts("ActiveActiveErrorBudgetBurn");
    // THEN the fast pair pages at 1.44% errors, the slow pair warns at 0.6%
    expect(burn.map((r) => [r.labels!.window, r.labels!.severity, r.expr])).toEqual([
      [
        "1h/5m",
        "critical",
        'activeactive:http_errors:ratio_rate1h{service="api"} > 0.0144\nand\nactiveactive:http_errors:ratio_rate5m{service="api"} > 0.0144',
      ],
      [
        "6h/30m",
        "warning",
        'activeactive:http_errors:ratio_rate6h{service="api"} > 0.006\nand\nactiveactive:http_errors:ratio_rate30m{service="api"} > 0.006',
      ],
    ]);
  });

  test("error rate and p95 latency thresholds come from the blueprint", () => {
    expect(alerts("ActiveActiveErrorRateHigh")[0]!.expr).toMatch(/ > 0\.01$/);
    expect(alerts("ActiveActiveLatencyP95High")[0]!.expr).toMatch(/^histogram_quantile\(0\.95, .* > 0\.25$/);
  });

  test("no rule reads a replication lag gauge nothing exports: the datastore's own lag alarms page for it", () => {
    for (const r of us) expect(r.expr).not.toContain("replication_lag");
    expect(us.filter((r) => /ReplicationLag/.test(r.alert ?? ""))).toEqual([]);
  });

  test("the defaults give clean thresholds (no binary fractions like 0.007199999999999999)", () => {
    const defaults = rulesByRegion(multiCloud()).get("us-east-1")!;
    const burn = defaults.filter((r) => r.alert === "ActiveActiveErrorBudgetBurn").map((r) => r.expr);
    // 99.95% leaves 0.05%: 14.4x is 0.72%, 6x is 0.3%
    expect(burn[0]).toContain("> 0.0072\n");
    expect(burn[1]).toContain("> 0.003\n");
  });

  test("every recording rule an alert reads is defined, and every expression has balanced brackets", () => {
    const recorded = new Set(us.filter((r) => r.record).map((r) => r.record));
    for (const r of us) {
      for (const used of r.expr.match(/activeactive:[a-z_:0-9]+/g) ?? []) expect(recorded).toContain(used);
      for (const [open, close] of ["()", "{}", "[]"]) {
        expect(r.expr.split(open!).length).toBe(r.expr.split(close!).length);
      }
    }
  });
});
