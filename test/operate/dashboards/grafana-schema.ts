import Ajv from "ajv";
import type { GrafanaDashboard } from "../../../lib/operate/dashboards/grafana-model";

/**
 * The shape Grafana's dashboard JSON model requires of what we write
 * (schemaVersion 36+, panels with id, type, gridPos, datasource and targets,
 * templating), closed where a typo would go unnoticed. Written from the
 * documented model, no network:
 * https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */
const datasource = {
  type: "object",
  additionalProperties: false,
  required: ["type", "uid"],
  properties: {
    type: { enum: ["prometheus", "cloudwatch", "stackdriver"] },
    uid: { type: "string", pattern: "^\\$\\{[a-z]+\\}$" },
  },
};
/** Grafana's Mixed data source: the panel's targets each name theirs. */
const mixed = {
  type: "object",
  additionalProperties: false,
  required: ["type", "uid"],
  properties: { type: { const: "datasource" }, uid: { const: "-- Mixed --" } },
};
const promTarget = {
  type: "object",
  additionalProperties: false,
  required: ["refId", "datasource", "expr"],
  properties: {
    refId: { type: "string", pattern: "^[A-Z]+$" },
    datasource,
    expr: { type: "string", minLength: 1 },
    legendFormat: { type: "string" },
    range: { type: "boolean" },
  },
};
const cloudWatchTarget = {
  type: "object",
  additionalProperties: false,
  required: [
    "refId",
    "datasource",
    "namespace",
    "metricName",
    "dimensions",
    "statistic",
    "region",
    "queryMode",
  ],
  properties: {
    refId: { type: "string", pattern: "^[A-Z]+$" },
    datasource,
    queryMode: { const: "Metrics" },
    metricQueryType: { const: 0 },
    metricEditorMode: { const: 0 },
    region: { type: "string" },
    namespace: { type: "string", pattern: "^AWS/" },
    metricName: { type: "string" },
    dimensions: { type: "object", additionalProperties: { type: "string" } },
    matchExact: { type: "boolean" },
    statistic: { enum: ["Average", "Sum", "Minimum", "Maximum", "SampleCount"] },
    period: { type: "string", pattern: "^[0-9]+$" },
    label: { type: "string" },
  },
};
/** Grafana's Google Cloud Monitoring query model (timeSeriesList), filters as key, operator, value triples. */
const cloudMonitoringTarget = {
  type: "object",
  additionalProperties: false,
  required: ["refId", "datasource", "queryType", "timeSeriesList"],
  properties: {
    refId: { type: "string", pattern: "^[A-Z]+$" },
    datasource,
    queryType: { const: "timeSeriesList" },
    timeSeriesList: {
      type: "object",
      additionalProperties: false,
      required: ["projectName", "filters", "crossSeriesReducer"],
      properties: {
        projectName: { type: "string", pattern: "^[a-z][a-z0-9-]{4,28}[a-z0-9]$" },
        filters: { type: "array", items: { type: "string" } },
        crossSeriesReducer: { type: "string", pattern: "^REDUCE_" },
        perSeriesAligner: { type: "string", pattern: "^ALIGN_" },
        alignmentPeriod: { type: "string" },
        groupBys: { type: "array", items: { type: "string" } },
        view: { enum: ["FULL", "HEADERS"] },
      },
    },
    aliasBy: { type: "string" },
  },
};
const gridPos = {
  type: "object",
  additionalProperties: false,
  required: ["x", "y", "w", "h"],
  properties: {
    x: { type: "integer", minimum: 0, maximum: 23 },
    y: { type: "integer", minimum: 0 },
    w: { type: "integer", minimum: 1, maximum: 24 },
    h: { type: "integer", minimum: 1 },
  },
};
const panel = {
  type: "object",
  additionalProperties: false,
  required: ["id", "type", "title", "gridPos"],
  properties: {
    id: { type: "integer", minimum: 1 },
    type: { enum: ["timeseries", "stat", "text", "table"] },
    title: { type: "string", minLength: 1 },
    description: { type: "string" },
    gridPos,
    datasource: { oneOf: [datasource, mixed] },
    targets: {
      type: "array",
      minItems: 1,
      items: { oneOf: [promTarget, cloudWatchTarget, cloudMonitoringTarget] },
    },
    fieldConfig: {
      type: "object",
      required: ["defaults", "overrides"],
      properties: { defaults: { type: "object" }, overrides: { type: "array" } },
    },
    options: { type: "object" },
  },
  // A panel that queries names its data source and has targets; a text panel has content.
  if: { properties: { type: { const: "text" } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else
  then: {
    required: ["options"],
    properties: { options: { required: ["content"] } },
    not: { anyOf: [{ required: ["targets"] }, { required: ["datasource"] }] },
  },
  else: { required: ["datasource", "targets"] },
};
const variable = {
  type: "object",
  required: ["name", "type", "query", "current", "options"],
  properties: {
    name: { type: "string", pattern: "^[a-z][a-z0-9_]*$" },
    type: { enum: ["datasource", "custom", "query", "constant"] },
    query: { type: "string" },
  },
};
export const DASHBOARD_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["uid", "title", "schemaVersion", "panels", "templating", "time", "tags", "version"],
  properties: {
    uid: { type: "string", pattern: "^[A-Za-z0-9_-]{1,40}$" },
    title: { type: "string", minLength: 1 },
    description: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    timezone: { type: "string" },
    editable: { type: "boolean" },
    graphTooltip: { enum: [0, 1, 2] },
    schemaVersion: { type: "integer", minimum: 36 },
    version: { type: "integer" },
    refresh: { type: "string" },
    time: {
      type: "object",
      required: ["from", "to"],
      properties: { from: { type: "string" }, to: { type: "string" } },
    },
    templating: {
      type: "object",
      required: ["list"],
      additionalProperties: false,
      properties: { list: { type: "array", items: variable } },
    },
    annotations: { type: "object", required: ["list"] },
    links: { type: "array" },
    panels: { type: "array", minItems: 1, items: panel },
  },
};

const validate = new Ajv({ allErrors: true, strict: false }).compile(DASHBOARD_SCHEMA);

/**
 * The problems of a dashboard: schema errors, then what a schema cannot say
 * (unique panel ids, panels that overlap, refIds unique per panel, data source
 * variables that exist). Empty when it is valid.
 */
export function dashboardProblems(d: GrafanaDashboard | Record<string, unknown>): string[] {
  if (!validate(d)) return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const dash = d as unknown as GrafanaDashboard;
  const problems: string[] = [];
  const ids = dash.panels.map((p) => p.id);
  if (new Set(ids).size !== ids.length) problems.push(`panel ids are not unique: ${ids.join(",")}`);
  const variables = new Set(dash.templating.list.map((v) => v.name));
  dash.panels.forEach((p, i) => {
    const g = p.gridPos;
    if (g.x + g.w > 24) problems.push(`panel ${p.id} is wider than the grid`);
    for (const q of dash.panels.slice(i + 1)) {
      const h = q.gridPos;
      if (g.x < h.x + h.w && h.x < g.x + g.w && g.y < h.y + h.h && h.y < g.y + g.h)
        problems.push(`panels ${p.id} and ${q.id} overlap`);
    }
    const refIds = (p.targets ?? []).map((t) => t.refId);
    for (const t of p.targets ?? []) {
      if (p.datasource?.uid !== "-- Mixed --" && t.datasource.type !== p.datasource?.type)
        problems.push(
          `panel ${p.id}: target ${t.refId} reads ${t.datasource.type}, the panel ${p.datasource?.type}`,
        );
      if ("timeSeriesList" in t && !validFilters(t.timeSeriesList.filters))
        problems.push(
          `panel ${p.id}: target ${t.refId} filters are not key, operator, value triples joined by AND`,
        );
    }
    if (new Set(refIds).size !== refIds.length) problems.push(`panel ${p.id} repeats a refId`);
    for (const ds of [p.datasource, ...(p.targets ?? []).map((t) => t.datasource)]) {
      if (ds?.uid === "-- Mixed --") continue;
      const name = ds?.uid.slice(2, -1);
      if (name !== undefined && !variables.has(name))
        problems.push(`panel ${p.id} reads undefined variable ${name}`);
    }
  });
  return problems;
}

/** Grafana's Cloud Monitoring filters: `key, op, value` triples joined by `"AND"`, the metric type among them. */
function validFilters(filters: readonly string[]): boolean {
  if (filters.length % 4 !== 3) return false;
  for (let i = 0; i < filters.length; i += 4) {
    if (!["=", "!=", "=~", "!=~"].includes(filters[i + 1]!)) return false;
    if (i + 3 < filters.length && filters[i + 3] !== "AND") return false;
  }
  return filters.some((f, i) => f === "metric.type" && i % 4 === 0);
}
