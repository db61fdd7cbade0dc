import * as fs from "node:fs";
import * as path from "node:path";
import type { Blueprint } from "../../blueprint/model";
import { debugDashboard } from "./debug";
import { executiveDashboard } from "./executive";
import type { GrafanaDashboard } from "./grafana-model";
import { onCallDashboard } from "./on-call";

/** The field guide's three dashboards, by the name of their file. */
export const DASHBOARD_NAMES = ["executive", "on-call", "debug"] as const;
export type DashboardName = (typeof DASHBOARD_NAMES)[number];

/** Where `synth` writes the dashboards, inside the manifests folder (`dist/dashboards/<name>.json`). */
export const DASHBOARDS_FOLDER = "dashboards";

/** The blueprint's Grafana dashboards, in `DASHBOARD_NAMES` order. */
export function grafanaDashboards(b: Blueprint): { name: DashboardName; dashboard: GrafanaDashboard }[] {
  return [
    { name: "executive", dashboard: executiveDashboard(b) },
    { name: "on-call", dashboard: onCallDashboard(b) },
    { name: "debug", dashboard: debugDashboard(b) },
  ];
}

/** A dashboard as its file holds it: two-space JSON and a final newline. */
export function dashboardJson(dashboard: GrafanaDashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

/**
 * Writes `dashboards/<name>.json` into `outdir` (for Grafana's file
 * provisioning or an import by hand) and returns the paths written,
 * relative to `outdir`. The clusters get the same JSON as ConfigMaps
 * (lib/k8s/grafana-dashboards.ts).
 */
export function writeDashboardFiles(b: Blueprint, outdir: string): string[] {
  const dir = path.join(outdir, DASHBOARDS_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  return grafanaDashboards(b).map(({ name, dashboard }) => {
    fs.writeFileSync(path.join(dir, `${name}.json`), dashboardJson(dashboard));
    return `${DASHBOARDS_FOLDER}/${name}.json`;
  });
}
