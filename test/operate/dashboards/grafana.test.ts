import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../../lib/blueprint/load";
import { APP_METRICS, PATTERN_CONTRACTS } from "../../../lib/core/app-contract";
import {
  DASHBOARD_NAMES,
  dashboardJson,
  grafanaDashboards,
} from "../../../lib/operate/dashboards/grafana-dashboards";
import type { GrafanaDashboard, PrometheusTarget } from "../../../lib/operate/dashboards/grafana-model";
import {
  CLOUD_MONITORING_METRICS,
  CLOUDWATCH_METRICS,
  PROMETHEUS_METRICS,
} from "../../../lib/operate/dashboards/produced-metrics";
import { metricNamesIn } from "../../../lib/operate/dashboards/promql";
import { dashboardProblems } from "./grafana-schema";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => path.join("blueprints", f));

const PRODUCED = new Set(PROMETHEUS_METRICS.map((m) => m.name));

/** Every metric a dashboard reads that nothing we generate produces, as `panel title: metric`. */
function unproducedMetrics(d: GrafanaDashboard): string[] {
  const out: string[] = [];
  for (const p of d.panels) {
    for (const t of p.targets ?? []) {
      if ("expr" in t) {
        for (const m of metricNamesIn(t.expr)) if (!PRODUCED.has(m)) out.push(`${p.title}: ${m}`);
      } else if ("timeSeriesList" in t) {
        const f = t.timeSeriesList.filters;
        const value = (key: string) => f[f.indexOf(key) + 2];
        const known = CLOUD_MONITORING_METRICS.find(
          (c) => c.metricType === value("metric.type") && c.resourceType === value("resource.type"),
        );
        // and filtered by exactly the labels the list says identify our resource
        const labels = f.filter((x, i) => i % 4 === 0 && x.startsWith("resource.label.")).sort();
        if (!known || labels.join(",") !== Object.keys(known.labels).sort().join(","))
          out.push(`${p.title}: ${value("resource.type")} ${value("metric.type")} (${labels.join(",")})`);
      } else {
        const dims = Object.keys(t.dimensions).sort().join(",");
        const known = CLOUDWATCH_METRICS.some(
          (c) =>
            c.namespace === t.namespace &&
            c.metrics.includes(t.metricName) &&
            Object.keys(c.dimensions).sort().join(",") === dims,
        );
        if (!known) out.push(`${p.title}: ${t.namespace} ${t.metricName} (${dims})`);
      }
    }
  }
  return out;
}

const exprs = (d: GrafanaDashboard) =>
  d.panels.flatMap((p) =>
    (p.targets ?? []).filter((t): t is PrometheusTarget => "expr" in t).map((t) => t.expr),
  );

describe.each(CATALOGUE)("%s: the Grafana dashboards", (file) => {
  const b = loadBlueprintFile(file);
  const dashboards = grafanaDashboards(b);

  test("are the guide's three, each valid against the dashboard schema shape", () => {
    expect(dashboards.map((d) => d.name)).toEqual([...DASHBOARD_NAMES]);
    for (const { name, dashboard } of dashboards) {
      expect({ name, problems: dashboardProblems(dashboard) }).toEqual({ name, problems: [] });
    }
    // uids are unique across the three (Grafana keys dashboards by uid)
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(3);
  });

  test("every panel queries a metric something we generate produces", () => {
    for (const { dashboard } of dashboards) expect(unproducedMetrics(dashboard)).toEqual([]);
    // and the panels do query: every dashboard reads metrics
    for (const { dashboard } of dashboards)
      expect(exprs(dashboard).flatMap(metricNamesIn).length).toBeGreaterThan(0);
  });

  test("the on-call dashboard reads every metric of the pattern's application contract", () => {
    const onCall = dashboards.find((d) => d.name === "on-call")!.dashboard;
    const read = new Set(exprs(onCall).flatMap(metricNamesIn));
    for (const m of PATTERN_CONTRACTS[b.pattern].metrics) {
      const name = m === "convergence" ? `${APP_METRICS[m]}_bucket` : APP_METRICS[m];
      expect({ metric: name, read: read.has(name) }).toEqual({ metric: name, read: true });
    }
  });

  test("the region variable lists the blueprint's regions; the JSON is the same on every call", () => {
    for (const { dashboard } of dashboards) {
      const region = dashboard.templating.list.find((v) => v.name === "region")!;
      expect(region.query.split(",")).toEqual(b.regions.map((r) => r.region));
    }
    const again = grafanaDashboards(loadBlueprintFile(file));
    expect(again.map((d) => dashboardJson(d.dashboard))).toEqual(
      dashboards.map((d) => dashboardJson(d.dashboard)),
    );
  });
});

describe("dashboard numbers from the blueprint (global-saas: weights 40/40/20, 99.95%)", () => {
  const b = loadBlueprintFile("blueprints/global-saas.yaml");
  const [executive, onCall] = grafanaDashboards(b).map((d) => d.dashboard);

  test("traffic share lines are each region's weight over the total", () => {
    const weights = exprs(executive!).filter((e) => e.startsWith("label_replace(vector("));
    // 40 / 100, 40 / 100, 20 / 100
    expect(weights).toEqual([
      'label_replace(vector(0.4), "region", "us-east-1", "", "")',
      'label_replace(vector(0.4), "region", "eu-west-1", "", "")',
      'label_replace(vector(0.2), "region", "ap-southeast-1", "", "")',
    ]);
  });

  test("burn rate divides by the error budget 1 - 0.9995 = 0.0005; thresholds follow spec.slo", () => {
    expect(exprs(executive!).filter((e) => e.includes("/ 0.0005"))).toHaveLength(2);
    const lag = onCall!.panels.find((p) => p.title.startsWith("Replication lag"))!;
    // replicationLagSeconds 5, in the datastore's milliseconds
    expect(lag.fieldConfig?.defaults.thresholds?.steps.at(-1)?.value).toBe(5000);
    const latency = onCall!.panels.find((p) => p.title.startsWith("p95 latency"))!;
    // latencyP95Ms 200 (default) in seconds
    expect(latency.fieldConfig?.defaults.thresholds?.steps.at(-1)?.value).toBe(0.2);
  });

  test("replication lag reads each region's Aurora member by the identifier the region stack gives it", () => {
    const lag = onCall!.panels.find((p) => p.title.startsWith("Replication lag"))!;
    expect(lag.datasource?.type).toBe("cloudwatch");
    expect(
      lag.targets!.map((t) =>
        "namespace" in t ? [t.region, t.metricName, t.dimensions.DBClusterIdentifier] : t.refId,
      ),
    ).toEqual([
      ["us-east-1", "AuroraGlobalDBReplicationLag", "global-saas-aws-us-east-1"],
      ["eu-west-1", "AuroraGlobalDBReplicationLag", "global-saas-aws-eu-west-1"],
      ["ap-southeast-1", "AuroraGlobalDBReplicationLag", "global-saas-aws-ap-southeast-1"],
    ]);
  });

  test("the monthly budget panel lists each region's share of spec.budget.monthlyUsd", () => {
    const text = String(executive!.panels.find((p) => p.type === "text")!.options!.content);
    for (const r of b.regions) expect(text).toContain(`| ${r.region} | aws | ${b.budget.byRegion[r.key]} |`);
    expect(Object.values(b.budget.byRegion).reduce((n, v) => n + v, 0)).toBe(5000);
  });
});

describe("the checks fail on a broken dashboard", () => {
  const good = grafanaDashboards(loadBlueprintFile("blueprints/cart-crdt.yaml"))[1]!.dashboard;

  test("an unknown metric in a panel is reported", () => {
    const p = good.panels[0]!;
    const t = p.targets![0] as PrometheusTarget;
    const broken = {
      ...good,
      panels: [
        { ...p, targets: [{ ...t, expr: 'sum by (region) (rate(made_up_requests_total{code="500"}[5m]))' }] },
      ],
    };
    expect(unproducedMetrics(good)).toEqual([]);
    expect(unproducedMetrics(broken)).toEqual([`${p.title}: made_up_requests_total`]);
  });

  test("a panel without gridPos, repeated ids, overlaps and an undefined data source variable are reported", () => {
    const [a, b2] = good.panels;
    const { gridPos: _, ...noGrid } = a!;
    expect(dashboardProblems({ ...good, panels: [noGrid] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/must have required property 'gridPos'/)]),
    );
    expect(dashboardProblems({ ...good, panels: [a!, { ...b2!, id: a!.id }] })).toEqual([
      expect.stringMatching(/panel ids are not unique/),
    ]);
    expect(dashboardProblems({ ...good, panels: [a!, { ...b2!, gridPos: a!.gridPos }] })).toEqual([
      `panels ${a!.id} and ${b2!.id} overlap`,
    ]);
    expect(dashboardProblems({ ...good, templating: { list: [] } })).toEqual(
      expect.arrayContaining([`panel ${a!.id} reads undefined variable datasource`]),
    );
    expect(dashboardProblems({ ...good, schemaVersion: 16 })).toEqual(["/schemaVersion must be >= 36"]);
  });
});

describe("metricNamesIn", () => {
  test("finds the metrics and skips functions, keywords, labels, strings, ranges and groupings", () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (region, le) (rate(http_request_duration_seconds_bucket{namespace="x",region=~"$region"}[5m])))',
      ),
    ).toEqual(["http_request_duration_seconds_bucket"]);
    expect(
      metricNamesIn(
        'sum by (region) (rate(a_total{x="y"}[5m])) / scalar(sum(rate(b_total[5m]))) and on (region) c > bool 1e3',
      ),
    ).toEqual(["a_total", "b_total", "c"]);
    expect(metricNamesIn('label_replace(vector(0.4), "region", "us-east-1", "", "")')).toEqual([]);
    expect(metricNamesIn("activeactive:http_errors:ratio_rate1h / 0.0005")).toEqual([
      "activeactive:http_errors:ratio_rate1h",
    ]);
  });
});

describe("multi-cloud: Cloud SQL lag beside Aurora's, the Route 53 panel a link", () => {
  const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
  const [, onCall, debug] = grafanaDashboards(b).map((d) => d.dashboard);

  test("the on-call and debug lag panels read each Cloud SQL replica from Cloud Monitoring, in seconds", () => {
    for (const d of [onCall!, debug!]) {
      const lag = d.panels.find((p) => /^Replication (lag|backlog)/.test(p.title))!;
      expect(lag.datasource).toEqual({ type: "datasource", uid: "-- Mixed --" });
      const gcm = lag.targets!.flatMap((t) => ("timeSeriesList" in t ? [t] : []));
      // us-central1 follows the writer europe-west1: the one replica
      expect(
        gcm.map((t) => [t.datasource.uid, t.timeSeriesList.projectName, t.timeSeriesList.filters]),
      ).toEqual([
        [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's data source variable
          "${gcm}",
          "acme-shop-prod",
          [
            "metric.type",
            "=",
            "cloudsql.googleapis.com/database/replication/replica_lag",
            "AND",
            "resource.type",
            "=",
            "cloudsql_database",
            "AND",
            "resource.label.database_id",
            "=",
            "acme-shop-prod:multi-cloud-us-central1",
          ],
        ],
      ]);
      // Aurora's members stay on CloudWatch, in milliseconds; the Cloud SQL series are overridden to seconds
      expect(lag.targets!.filter((t) => "namespace" in t).map((t) => t.datasource.uid)).toEqual([
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's data source variable
        "${cloudwatch}",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's data source variable
        "${cloudwatch}",
      ]);
      expect(lag.fieldConfig?.defaults.unit).toBe("ms");
      expect(lag.fieldConfig?.overrides).toEqual([
        {
          matcher: { id: "byFrameRefID", options: gcm[0]!.refId },
          properties: [
            { id: "unit", value: "s" },
            {
              id: "thresholds",
              value: expect.objectContaining({ steps: [expect.anything(), { color: "red", value: 5 }] }),
            },
          ],
        },
      ]);
      expect(d.templating.list.map((v) => v.name)).toEqual(
        expect.arrayContaining(["datasource", "cloudwatch", "gcm"]),
      );
    }
  });

  test("the debug dashboard queries no Route 53 wildcard: it links to the routing CloudWatch dashboard", () => {
    const targets = debug!.panels.flatMap((p) => p.targets ?? []);
    expect(targets.filter((t) => "namespace" in t && t.namespace === "AWS/Route53")).toEqual([]);
    const link = debug!.panels.find((p) => p.title === "Route 53 health checks")!;
    expect(link.type).toBe("text");
    expect(String(link.options?.content)).toContain(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/multi-cloud-routing",
    );
  });

  test("a Cloud Monitoring target on an unknown metric or with bad filters is reported", () => {
    const lag = onCall!.panels.find((p) => p.title.startsWith("Replication lag"))!;
    const gcm = lag.targets!.find((t) => "timeSeriesList" in t)!;
    if (!("timeSeriesList" in gcm)) throw new Error("no Cloud Monitoring target");
    const withFilters = (filters: string[]) => ({
      ...onCall!,
      panels: [{ ...lag, targets: [{ ...gcm, timeSeriesList: { ...gcm.timeSeriesList, filters } }] }],
    });
    const made = withFilters([
      "metric.type",
      "=",
      "cloudsql.googleapis.com/database/made_up",
      "AND",
      "resource.type",
      "=",
      "cloudsql_database",
    ]);
    expect(unproducedMetrics(made)).toEqual([
      `${lag.title}: cloudsql_database cloudsql.googleapis.com/database/made_up ()`,
    ]);
    expect(dashboardProblems(withFilters(["resource.type", "=", "cloudsql_database", "OR"]))).toEqual([
      `panel ${lag.id}: target ${gcm.refId} filters are not key, operator, value triples joined by AND`,
    ]);
  });
});
