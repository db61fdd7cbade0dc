import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../../lib/blueprint/load";
import { APP_METRICS } from "../../../lib/core/app-contract";
import { SLO_METRICS } from "../../../lib/k8s/slo-rules";
import { renderManifests } from "../../../lib/k8s/synth";
import { grafanaDashboards } from "../../../lib/operate/dashboards/grafana-dashboards";
import {
  CLOUD_MONITORING_METRICS,
  KUBE_STATE_METRICS,
  PROMETHEUS_METRICS,
  type PrometheusSource,
} from "../../../lib/operate/dashboards/produced-metrics";
import { metricNamesIn } from "../../../lib/operate/dashboards/promql";
import { synthBlueprint } from "../../stacks/helpers";

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

describe("the Cloud Monitoring metrics are published by resources the gcp region stacks create", () => {
  // Every catalogue blueprint with a gcp region, synthesized once.
  const gcp = CATALOGUE.filter((f) => loadBlueprintFile(f).regions.some((r) => r.cloud === "gcp"));
  const synthesized = gcp.map((file) => ({ file, stacks: synthBlueprint(file).stacks }));
  type Instance = { project?: string; name?: string; master_instance_name?: string };
  const instancesOf = (stacks: (typeof synthesized)[number]["stacks"], resource: string) =>
    Object.values(stacks).flatMap((s) =>
      Object.values((s.resource?.[resource] ?? {}) as Record<string, Instance>),
    );

  test.each(CLOUD_MONITORING_METRICS.map((m) => [m.metricType, m] as const))(
    "%s: some catalogue blueprint creates its resource, and the stacks alert on the same metric",
    (_, m) => {
      const made = synthesized.flatMap(({ stacks }) =>
        instancesOf(stacks, m.resource).filter((i) => m.onlyWith === undefined || m.onlyWith in i),
      );
      expect(made.length).toBeGreaterThan(0);
      const alerted = synthesized.some(({ stacks }) =>
        JSON.stringify(
          Object.values(stacks).map((s) => s.resource?.google_monitoring_alert_policy ?? {}),
        ).includes(m.metricType),
      );
      expect(alerted).toBe(true);
    },
  );

  test.each(gcp)(
    "%s: every Cloud Monitoring target names a resource of the list the blueprint creates",
    (file) => {
      const { stacks } = synthesized.find((s) => s.file === file)!;
      const targets = grafanaDashboards(loadBlueprintFile(file))
        .flatMap((d) => d.dashboard.panels)
        .flatMap((p) => p.targets ?? [])
        .flatMap((t) => ("timeSeriesList" in t ? [t] : []));
      for (const t of targets) {
        const f = t.timeSeriesList.filters;
        const value = (key: string) => f[f.indexOf(key) + 2];
        const m = CLOUD_MONITORING_METRICS.find((c) => c.metricType === value("metric.type"))!;
        expect(m).toBeDefined();
        const ids = instancesOf(stacks, m.resource)
          .filter((i) => m.onlyWith === undefined || m.onlyWith in i)
          .map((i) => `${i.project}:${i.name}`);
        for (const label of Object.keys(m.labels))
          expect({ label, value: value(label), ids }).toEqual({
            label,
            value: expect.any(String),
            ids: expect.arrayContaining([value(label)]),
          });
        expect(t.timeSeriesList.projectName).toBe(value("resource.label.database_id")!.split(":")[0]);
      }
      // a blueprint with Cloud SQL replicas graphs each of them
      const replicas = instancesOf(stacks, "google_sql_database_instance").filter(
        (i) => "master_instance_name" in i,
      );
      expect([...new Set(targets.map((t) => t.timeSeriesList.filters.at(-1)))].sort()).toEqual(
        replicas.map((i) => `${i.project}:${i.name}`).sort(),
      );
    },
  );
});
