import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../../lib/blueprint/load";
import { APP_METRICS } from "../../../lib/core/app-contract";
import { SLO_METRICS } from "../../../lib/k8s/slo-rules";
import { renderManifests } from "../../../lib/k8s/synth";
import { grafanaDashboards } from "../../../lib/operate/dashboards/grafana-dashboards";
import {
  KUBE_STATE_METRICS,
  PROMETHEUS_METRICS,
  type PrometheusSource,
} from "../../../lib/operate/dashboards/produced-metrics";
import { metricNamesIn } from "../../../lib/operate/dashboards/promql";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => path.join("blueprints", f));

type Rule = { record?: string; alert?: string; expr: string; labels?: Record<string, string> };

/** Every rule of the generated PrometheusRules of a blueprint's clusters. */
function generatedRules(file: string): Rule[] {
  const docs = [...renderManifests(loadBlueprintFile(file)).values()].flat();
  return docs
    .filter((d) => d.kind === "PrometheusRule")
    .flatMap((d) => (d.spec as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));
}

const bySource = (s: PrometheusSource) =>
  PROMETHEUS_METRICS.filter((m) => m.source === s)
    .map((m) => m.name)
    .sort();

describe("the produced-metrics list agrees with what we generate", () => {
  const rules = CATALOGUE.flatMap(generatedRules);
  const exprs = rules.map((r) => r.expr).join("\n");

  test("names are unique", () => {
    const names = PROMETHEUS_METRICS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test("workload metrics: the request metrics the SLO alerts read and every app-contract metric", () => {
    const expected = [
      SLO_METRICS.requests,
      SLO_METRICS.durationBuckets,
      ...Object.entries(APP_METRICS).map(([k, v]) => (k === "convergence" ? `${v}_bucket` : v)),
    ].sort();
    expect(bySource("workload")).toEqual(expected);
    // each is read by a generated alert of some catalogue blueprint: the workload must expose it
    for (const m of expected) expect({ m, read: exprs.includes(m) }).toEqual({ m, read: true });
  });

  test("recording rules: exactly the records of the generated PrometheusRule", () => {
    const records = [...new Set(rules.flatMap((r) => (r.record ? [r.record] : [])))].sort();
    expect(records.length).toBeGreaterThan(0);
    expect(bySource("recording-rule")).toEqual(records);
  });

  test("every metric a generated rule reads is on the list (the rules and the dashboards read the same world)", () => {
    const read = [...new Set(rules.flatMap((r) => metricNamesIn(r.expr)))].sort();
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((m) => !PROMETHEUS_METRICS.some((p) => p.name === m))).toEqual([]);
  });

  test("ALERTS: every alert a dashboard names is a generated alert carrying the blueprint label", () => {
    for (const file of CATALOGUE) {
      const b = loadBlueprintFile(file);
      const alerts = generatedRules(file).filter((r) => r.alert);
      for (const a of alerts) expect(a.labels?.blueprint).toBe(b.name);
      const named = grafanaDashboards(b)
        .flatMap((d) => d.dashboard.panels)
        .flatMap((p) => p.targets ?? [])
        .flatMap((t) => ("expr" in t ? [...t.expr.matchAll(/alertname="([^"]+)"/g)].map((m) => m[1]!) : []));
      expect(named.length).toBeGreaterThan(0);
      for (const n of named)
        expect({ n, generated: alerts.some((a) => a.alert === n) }).toEqual({ n, generated: true });
    }
  });

  test("kube-state-metrics: the prerequisite list in docs/operate.md is the module's list", () => {
    const doc = fs.readFileSync("docs/operate.md", "utf8");
    const section = doc.slice(doc.indexOf("## dashboards"));
    const end = section.indexOf("\n## ", 3);
    const listed = [...(end > 0 ? section.slice(0, end) : section).matchAll(/`(kube_[a-z_]+)`/g)].map(
      (m) => m[1],
    );
    expect([...new Set(listed)].sort()).toEqual([...KUBE_STATE_METRICS].sort());
    expect(bySource("kube-state-metrics")).toEqual([...KUBE_STATE_METRICS].sort());
  });
});
