import type { Blueprint } from "../../blueprint/model";
import { fitName, workloadNamespace } from "../../core/names";

/**
 * The subset of Grafana's dashboard JSON model (schemaVersion 39, Grafana
 * 10/11) the generated dashboards use.
 * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */
export const GRAFANA_SCHEMA_VERSION = 39;

/** The dashboard variable of the Prometheus data source: every Prometheus panel reads `${datasource}`. */
export const PROMETHEUS_DATASOURCE_VARIABLE = "datasource";
/** The dashboard variable of the CloudWatch data source (the AWS datastores' replication lag). */
export const CLOUDWATCH_DATASOURCE_VARIABLE = "cloudwatch";
/** The dashboard variable of the Google Cloud Monitoring data source (Cloud SQL replica lag). */
export const CLOUD_MONITORING_DATASOURCE_VARIABLE = "gcm";
/**
 * The Prometheus label naming the region a series comes from: each regional
 * Prometheus sets it as an external label, and the global view (Thanos
 * Query, Mimir, federation) keeps it (docs/operate.md#dashboards).
 */
export const REGION_SERIES_LABEL = "region";

export interface DataSourceRef {
  /** `stackdriver` is the plugin id of Grafana's built-in Google Cloud Monitoring data source. */
  readonly type: "prometheus" | "cloudwatch" | "stackdriver";
  readonly uid: string;
}

/** Grafana's Mixed data source: a panel whose targets each name their own data source. */
export interface MixedDataSourceRef {
  readonly type: "datasource";
  readonly uid: "-- Mixed --";
}

export interface PrometheusTarget {
  readonly refId: string;
  readonly datasource: DataSourceRef;
  readonly expr: string;
  readonly legendFormat: string;
  readonly range: true;
}

/** A CloudWatch metric query of Grafana's CloudWatch data source (metric search, builder mode). */
export interface CloudWatchTarget {
  readonly refId: string;
  readonly datasource: DataSourceRef;
  readonly queryMode: "Metrics";
  readonly metricQueryType: 0;
  readonly metricEditorMode: 0;
  readonly region: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly matchExact: boolean;
  readonly statistic: string;
  readonly period: string;
  readonly label: string;
}

/**
 * A metric query of Grafana's Google Cloud Monitoring data source, in the
 * current query model (`queryType: "timeSeriesList"`; the metric type is a
 * filter, as Grafana's own migration writes it). Filters are flat triples
 * `key, operator, value` joined by `"AND"`.
 */
export interface CloudMonitoringTarget {
  readonly refId: string;
  readonly datasource: DataSourceRef;
  readonly queryType: "timeSeriesList";
  readonly timeSeriesList: {
    readonly projectName: string;
    readonly filters: readonly string[];
    readonly crossSeriesReducer: "REDUCE_NONE";
    readonly perSeriesAligner: string;
    readonly alignmentPeriod: string;
    readonly groupBys: readonly string[];
    readonly view: "FULL";
  };
  readonly aliasBy: string;
}

export type Target = PrometheusTarget | CloudWatchTarget | CloudMonitoringTarget;

export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Threshold {
  readonly color: string;
  readonly value: number | null;
}

export interface Panel {
  readonly id: number;
  readonly type: "timeseries" | "stat" | "text" | "table";
  readonly title: string;
  readonly description: string;
  readonly gridPos: GridPos;
  readonly datasource?: DataSourceRef | MixedDataSourceRef;
  readonly targets?: readonly Target[];
  readonly fieldConfig?: {
    readonly defaults: {
      readonly unit?: string;
      readonly min?: number;
      readonly max?: number;
      readonly thresholds?: { readonly mode: "absolute"; readonly steps: readonly Threshold[] };
      readonly custom?: Readonly<Record<string, unknown>>;
    };
    readonly overrides: readonly unknown[];
  };
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface TemplateVariable {
  readonly name: string;
  readonly label: string;
  readonly type: "datasource" | "custom";
  readonly query: string;
  readonly hide: 0 | 2;
  readonly includeAll?: boolean;
  readonly multi?: boolean;
  readonly allValue?: string;
  readonly current: Readonly<Record<string, unknown>>;
  readonly options: readonly Readonly<Record<string, unknown>>[];
}

export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly timezone: "utc";
  readonly editable: boolean;
  readonly graphTooltip: 1;
  readonly schemaVersion: number;
  readonly version: 1;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly templating: { readonly list: readonly TemplateVariable[] };
  readonly annotations: { readonly list: readonly unknown[] };
  readonly links: readonly unknown[];
  readonly panels: readonly Panel[];
}

/** A panel before layout: the builder gives it an id and a grid position. */
export type PanelSpec = Omit<Panel, "id" | "gridPos"> & {
  /** Width in grid columns (24 per row). @default 12 */
  readonly width?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
};

export const PROMETHEUS: DataSourceRef = { type: "prometheus", uid: `\${${PROMETHEUS_DATASOURCE_VARIABLE}}` };
export const CLOUDWATCH: DataSourceRef = { type: "cloudwatch", uid: `\${${CLOUDWATCH_DATASOURCE_VARIABLE}}` };
export const CLOUD_MONITORING: DataSourceRef = {
  type: "stackdriver",
  uid: `\${${CLOUD_MONITORING_DATASOURCE_VARIABLE}}`,
};
export const MIXED: MixedDataSourceRef = { type: "datasource", uid: "-- Mixed --" };

/** What the three dashboards share: selectors and names read from the blueprint. */
export interface DashboardContext {
  readonly blueprint: Blueprint;
  /** `namespace="<ns>"`: the workloads' namespace, the same on every cluster. */
  readonly ns: string;
  /** `region=~"$region"`: the regions picked in the dashboard's region variable. */
  readonly regions: string;
  /** Both, comma-separated, for a selector. */
  readonly sel: string;
}

export function dashboardContext(b: Blueprint): DashboardContext {
  const ns = `namespace="${workloadNamespace(b)}"`;
  const regions = `${REGION_SERIES_LABEL}=~"$${REGION_SERIES_LABEL}"`;
  return { blueprint: b, ns, regions, sel: `${ns},${regions}` };
}

/** The refId of the i-th query of a panel: A…Z, then AA, AB… */
export function refId(i: number): string {
  return i < 26
    ? String.fromCharCode(65 + i)
    : refId(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));
}

/** A Prometheus time series panel, one target per query. */
export function promPanel(
  title: string,
  description: string,
  queries: readonly { expr: string; legend: string }[],
  unit: string,
  extra: Partial<PanelSpec> = {},
): PanelSpec {
  return {
    type: "timeseries",
    title,
    description,
    datasource: PROMETHEUS,
    targets: queries.map((q, i) => ({
      refId: refId(i),
      datasource: PROMETHEUS,
      expr: q.expr,
      legendFormat: q.legend,
      range: true,
    })),
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { legend: { displayMode: "table", placement: "bottom", calcs: ["lastNotNull", "max"] } },
    ...extra,
  };
}

/** A red line at `value` on a time series: the SLO threshold of the panel. */
export function thresholdLine(value: number): NonNullable<Panel["fieldConfig"]>["defaults"] {
  return {
    thresholds: {
      mode: "absolute",
      steps: [
        { color: "green", value: null },
        { color: "red", value },
      ],
    },
    custom: { thresholdsStyle: { mode: "line" } },
  };
}

/** A Markdown panel: no query. */
export function textPanel(title: string, description: string, markdown: string, height = 8): PanelSpec {
  return { type: "text", title, description, options: { mode: "markdown", content: markdown }, height };
}

/**
 * A dashboard from its panels, laid out left to right in rows of 24 columns,
 * ids from 1 in order. Deterministic: the same blueprint gives the same JSON.
 */
export function buildDashboard(
  ctx: DashboardContext,
  kind: string,
  title: string,
  description: string,
  panels: readonly PanelSpec[],
): GrafanaDashboard {
  const b = ctx.blueprint;
  const laidOut: Panel[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  panels.forEach((spec, i) => {
    const { width = 12, height = 8, ...panel } = spec;
    if (x + width > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    laidOut.push({ id: i + 1, gridPos: { x, y, w: width, h: height }, ...panel });
    x += width;
    rowHeight = Math.max(rowHeight, height);
  });
  // A Mixed panel names its data sources on its targets.
  const uses = (type: DataSourceRef["type"]) =>
    laidOut.some(
      (p) => p.datasource?.type === type || (p.targets ?? []).some((t) => t.datasource.type === type),
    );
  const regionNames = b.regions.map((r) => r.region);
  return {
    // Grafana uids stop at 40 characters.
    uid: fitName(`${b.name}-${kind}`, 40),
    title: `${b.name}: ${title}`,
    description,
    tags: ["activeactive", b.name, kind],
    timezone: "utc",
    editable: false,
    graphTooltip: 1,
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
    refresh: "1m",
    time: { from: "now-6h", to: "now" },
    templating: {
      list: [
        dataSourceVariable(PROMETHEUS_DATASOURCE_VARIABLE, "Prometheus (all regions)", "prometheus"),
        ...(uses("cloudwatch")
          ? [dataSourceVariable(CLOUDWATCH_DATASOURCE_VARIABLE, "CloudWatch", "cloudwatch")]
          : []),
        ...(uses("stackdriver")
          ? [
              dataSourceVariable(
                CLOUD_MONITORING_DATASOURCE_VARIABLE,
                "Google Cloud Monitoring",
                "stackdriver",
              ),
            ]
          : []),
        {
          name: REGION_SERIES_LABEL,
          label: "Region",
          type: "custom",
          query: regionNames.join(","),
          hide: 0,
          includeAll: true,
          multi: true,
          allValue: ".*",
          current: { selected: true, text: ["All"], value: ["$__all"] },
          options: [
            { selected: true, text: "All", value: "$__all" },
            ...regionNames.map((r) => ({ selected: false, text: r, value: r })),
          ],
        },
      ],
    },
    annotations: { list: [] },
    links: [],
    panels: laidOut,
  };
}

function dataSourceVariable(name: string, label: string, pluginId: string): TemplateVariable {
  return { name, label, type: "datasource", query: pluginId, hide: 0, current: {}, options: [] };
}

/** A number without binary noise, for thresholds in queries and panels. */
export function num(x: number): number {
  return Number(x.toPrecision(10));
}
