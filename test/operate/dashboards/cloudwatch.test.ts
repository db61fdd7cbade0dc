import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../../lib/blueprint/load";
import { regionsOf } from "../../../lib/blueprint/model";
import { regionalName, stackNames } from "../../../lib/core/names";
import type { MetricWidget, Widget } from "../../../lib/operate/dashboards/cloudwatch";
import { dsqlDashboardName, routingDashboardName } from "../../../lib/operate/dashboards/cloudwatch";
import { grafanaDashboards } from "../../../lib/operate/dashboards/grafana-dashboards";
import { producedCloudWatchMetric } from "../../../lib/operate/dashboards/produced-metrics";
import type { StackJson } from "../../aws/synth";
import { synthBlueprint } from "../../stacks/helpers";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => path.join("blueprints", f));

type Resource = Record<string, unknown>;
const REFERENCE = /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}$/;

/** The region of a resource: its provider is `aws.<region>` (stacks/…: one aliased provider per region). */
const regionOf = (r: Resource) => String(r.provider ?? "").replace(/^aws\./, "");

/** The dashboards of a stack: name, the provider's region and the parsed body. */
function dashboardsOf(stack: StackJson): { name: string; region: string; widgets: Widget[] }[] {
  return Object.values(stack.resource?.aws_cloudwatch_dashboard ?? {}).map((d) => ({
    name: String(d.dashboard_name),
    region: regionOf(d),
    widgets: (JSON.parse(String(d.dashboard_body)) as { widgets: Widget[] }).widgets,
  }));
}

/**
 * What is wrong with a dashboard's widgets, as text: a metric no resource we
 * create publishes, a dimension value that is not the right attribute of a
 * resource in this stack (or, by name, in another stack of the app), a
 * widget reading a region the resource is not in.
 */
function widgetProblems(
  stacks: Record<string, StackJson>,
  stackName: string,
  widgets: readonly Widget[],
): string[] {
  const stack = stacks[stackName]!;
  const problems: string[] = [];
  for (const w of widgets.filter((x): x is MetricWidget => x.type === "metric")) {
    const region = w.properties.region;
    for (const line of w.properties.metrics) {
      const parts = line.filter((p): p is string => typeof p === "string");
      const [namespace, metric, ...dims] = parts;
      const names = dims.filter((_, i) => i % 2 === 0);
      const produced = producedCloudWatchMetric(namespace!, metric!, names);
      if (produced === undefined) {
        problems.push(`${namespace} ${metric} (${names.join(",")}): no resource we create publishes it`);
        continue;
      }
      if (produced.region === "us-east-1" && region !== "us-east-1")
        problems.push(`${metric}: published in us-east-1, read in ${region}`);
      for (let i = 0; i < dims.length; i += 2) {
        const [name, value] = [dims[i]!, dims[i + 1]!];
        const source = produced.dimensions[name]!;
        if (source === "replica-region") {
          // A global table lives in its provider's region and in each replica's.
          const tables = Object.values(stacks).flatMap((s) =>
            Object.values(s.resource?.aws_dynamodb_table ?? {}),
          );
          const regionsOfTable = (t: Resource) => [
            regionOf(t),
            ...((t.replica as { region_name: string }[] | undefined) ?? []).map((x) => x.region_name),
          ];
          const replicated = tables.some(
            (t) => regionsOfTable(t).includes(value) && regionsOfTable(t).includes(region),
          );
          if (value === region || !replicated)
            problems.push(`${name}=${value}: not a replica region other than ${region}`);
          continue;
        }
        const ref = REFERENCE.exec(value);
        if (ref) {
          const [, type, id, attribute] = ref;
          const resource = stack.resource?.[type!]?.[id!];
          if (type !== source.resource || attribute !== source.attribute || resource === undefined)
            problems.push(
              `${name}=${value}: expected ${source.resource}.<name>.${source.attribute} of this stack`,
            );
          else if (produced.region === "resource" && regionOf(resource) !== region)
            problems.push(`${name}=${value}: resource in ${regionOf(resource)}, read in ${region}`);
          continue;
        }
        // A literal: the name of a resource some stack of the app creates, in the region read.
        const owners = Object.values(stacks).flatMap((s) =>
          Object.values(s.resource?.[source.resource] ?? {}).filter((r) => r[source.attribute] === value),
        );
        const inRegion = owners.filter(
          (o) =>
            produced.region !== "resource" ||
            regionOf(o) === region ||
            ((o.replica as { region_name: string }[] | undefined) ?? []).some(
              (x) => x.region_name === region,
            ),
        );
        if (owners.length === 0)
          problems.push(`${name}=${value}: no ${source.resource} with ${source.attribute} ${value}`);
        else if (inRegion.length === 0) problems.push(`${name}=${value}: not in ${region}`);
      }
    }
  }
  return problems;
}

describe.each(CATALOGUE)("%s: the CloudWatch dashboards", (file) => {
  const b = loadBlueprintFile(file);
  const { stacks } = synthBlueprint(file);
  const aws = regionsOf(b, "aws");

  test("every AWS region stack has its dashboard, every widget on a metric of a resource we create", () => {
    for (const r of aws) {
      const stackName = stackNames.region(b, r);
      const dashboards = dashboardsOf(stacks[stackName]!);
      expect(dashboards.map((d) => [d.name, d.region])).toEqual([[regionalName(b, r), r.region]]);
      expect(widgetProblems(stacks, stackName, dashboards[0]!.widgets)).toEqual([]);
      // the front door is always there: requests, 5xx and p95 of this stack's load balancer
      const metrics = dashboards[0]!.widgets.flatMap((w) =>
        w.type === "metric" ? w.properties.metrics : [],
      );
      const names = new Set(metrics.map((m) => m[1]));
      for (const m of ["RequestCount", "HTTPCode_Target_5XX_Count", "TargetResponseTime"])
        expect(names).toContain(m);
      // and the datastore of this region, by engine
      const engine = b.database.engines.aws;
      if (engine === "aurora-postgresql") expect(names).toContain("AuroraGlobalDBReplicationLag");
      if (engine === "dynamodb" || engine === "kinesis") {
        const to = metrics.filter((m) => m[1] === "ReplicationLatency").map((m) => m[5]);
        expect(to.sort()).toEqual(
          aws
            .filter((o) => o.key !== r.key)
            .map((o) => o.region)
            .sort(),
        );
      }
      if (engine === "kinesis") expect(names).toContain("SubscribeToShardEvent.MillisBehindLatest");
    }
  });

  test("the global stack's dashboards: every Route 53 health check it creates; with Aurora DSQL, every peer cluster", () => {
    const global = stacks[stackNames.global(b)];
    const checks = Object.keys(global?.resource?.aws_route53_health_check ?? {});
    const clusters = Object.keys(global?.resource?.aws_dsql_cluster ?? {});
    const dashboards = global ? dashboardsOf(global) : [];
    const home = aws.find((r) => r.primary)?.region;
    expect(dashboards.map((d) => [d.name, d.region]).sort()).toEqual(
      [
        ...(checks.length > 0 ? [[routingDashboardName(b), "us-east-1"]] : []),
        ...(clusters.length > 0 ? [[dsqlDashboardName(b), home]] : []),
      ].sort(),
    );
    for (const d of dashboards) expect(widgetProblems(stacks, stackNames.global(b), d.widgets)).toEqual([]);
    const shown = (name: string) =>
      dashboards
        .filter((d) => d.name === name)
        .flatMap((d) => d.widgets)
        .flatMap((w) => (w.type === "metric" ? w.properties.metrics.map((m) => String(m[3])) : []));
    for (const id of checks)
      expect(shown(routingDashboardName(b))).toContain(`\${aws_route53_health_check.${id}.id}`);
    for (const id of clusters)
      expect(shown(dsqlDashboardName(b))).toContain(`\${aws_dsql_cluster.${id}.identifier}`);
  });

  test("each CloudWatch query of the Grafana dashboards reads a resource we create, by its name, in its region", () => {
    const targets = grafanaDashboards(b)
      .flatMap((d) => d.dashboard.panels)
      .flatMap((p) => p.targets ?? [])
      .flatMap((t) => ("namespace" in t ? [t] : []));
    // the AWS datastores' lag (Route 53 is a link to the routing dashboard: its ids exist only after apply)
    const lags = ["aurora-postgresql", "dynamodb", "kinesis"].includes(b.database.engines.aws ?? "");
    expect(targets.length > 0).toBe(aws.length > 0 && lags);
    const anyStack = Object.keys(stacks)[0]!;
    for (const t of targets) {
      const dims = Object.entries(t.dimensions);
      // No wildcard: it would show every resource of the account (the Route 53 panel is a link for that reason).
      expect(dims.filter(([, v]) => v === "*")).toEqual([]);
      const widget: Widget = {
        type: "metric",
        x: 0,
        y: 0,
        width: 12,
        height: 6,
        properties: {
          title: t.label,
          region: t.region,
          view: "timeSeries",
          stacked: false,
          period: 60,
          stat: t.statistic,
          metrics: [[t.namespace, t.metricName, ...dims.flat()]],
        },
      };
      expect(widgetProblems(stacks, anyStack, [widget])).toEqual([]);
    }
  });

  test("no other stack has a dashboard (gcp stacks, interconnect, accelerator)", () => {
    const expected = [
      ...aws.map((r) => stackNames.region(b, r)),
      ...(Object.keys(stacks[stackNames.global(b)]?.resource?.aws_route53_health_check ?? {}).length
        ? [stackNames.global(b)]
        : []),
    ].sort();
    const withDashboards = Object.keys(stacks)
      .filter((n) => stacks[n]!.resource?.aws_cloudwatch_dashboard !== undefined)
      .sort();
    expect(withDashboards).toEqual(expected);
  });
});

describe("the widget check fails on a broken dashboard", () => {
  const file = "blueprints/cart-crdt.yaml";
  const b = loadBlueprintFile(file);
  const { stacks } = synthBlueprint(file);
  const r = regionsOf(b, "aws")[0]!;
  const stackName = stackNames.region(b, r);
  const widgets = dashboardsOf(stacks[stackName]!)[0]!.widgets;
  const withLine = (line: MetricWidget["properties"]["metrics"][number], region = r.region): Widget[] => [
    {
      ...(widgets[1] as MetricWidget),
      properties: { ...(widgets[1] as MetricWidget).properties, region, metrics: [line] },
    },
  ];
  const lb = String((widgets[1] as MetricWidget).properties.metrics[0]![3]);

  test("the real one passes", () => {
    expect(widgetProblems(stacks, stackName, widgets)).toEqual([]);
  });

  test("a metric no resource publishes, a reference to a missing resource or attribute, a wrong region, an unknown table", () => {
    expect(
      widgetProblems(stacks, stackName, withLine(["AWS/ApplicationELB", "MadeUpCount", "LoadBalancer", lb])),
    ).toEqual(["AWS/ApplicationELB MadeUpCount (LoadBalancer): no resource we create publishes it"]);
    expect(
      widgetProblems(
        stacks,
        stackName,
        withLine(["AWS/ApplicationELB", "RequestCount", "LoadBalancer", `\${aws_lb.Nope.arn_suffix}`]),
      ),
    ).toEqual([`LoadBalancer=\${aws_lb.Nope.arn_suffix}: expected aws_lb.<name>.arn_suffix of this stack`]);
    expect(
      widgetProblems(
        stacks,
        stackName,
        withLine(["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb.replace("arn_suffix", "arn")]),
      ),
    ).toHaveLength(1);
    expect(
      widgetProblems(
        stacks,
        stackName,
        withLine(["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb], "ap-south-1"),
      ),
    ).toEqual([`LoadBalancer=${lb}: resource in ${r.region}, read in ap-south-1`]);
    expect(
      widgetProblems(
        stacks,
        stackName,
        withLine([
          "AWS/DynamoDB",
          "ReplicationLatency",
          "TableName",
          "other-table",
          "ReceivingRegion",
          "eu-west-1",
        ]),
      ),
    ).toEqual(["TableName=other-table: no aws_dynamodb_table with name other-table"]);
  });
});
