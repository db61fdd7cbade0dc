import { Construct } from "constructs";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { Blueprint, Region } from "../blueprint/model";
import { fitName, workloadNamespace } from "../core/names";
import { dashboardJson, grafanaDashboards } from "../operate/dashboards/grafana-dashboards";
import { objectLabels } from "./labels";
import { typedObject } from "./typed-object";

/**
 * The label Grafana's dashboard sidecar (Grafana Helm chart,
 * kube-prometheus-stack) watches ConfigMaps for, and its default value.
 * @see https://github.com/grafana/helm-charts/tree/main/charts/grafana#sidecar-for-dashboards
 */
export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";
export const GRAFANA_DASHBOARD_LABEL_VALUE = "1";

export interface GrafanaDashboardsProps {
  readonly blueprint: Blueprint;
  /** The region whose cluster this copy is for. */
  readonly region: Region;
}

/**
 * The blueprint's Grafana dashboards (executive, on-call, debug) as one
 * ConfigMap each in the workloads' namespace, labelled for the Grafana
 * sidecar, which loads `<name>.json` of each into Grafana. Every cluster gets
 * the same dashboards: they show every region (lib/operate/dashboards).
 */
export class GrafanaDashboards extends Construct {
  constructor(scope: Construct, id: string, props: GrafanaDashboardsProps) {
    super(scope, id);
    const { blueprint: b, region: r } = props;
    for (const { name, dashboard } of grafanaDashboards(b)) {
      typedObject<IConfigMap>(this, name, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: fitName(`${b.name}-dashboard-${name}`, 253),
          namespace: workloadNamespace(b),
          labels: { ...objectLabels(b, r, b.name), [GRAFANA_DASHBOARD_LABEL]: GRAFANA_DASHBOARD_LABEL_VALUE },
        },
        data: { [`${b.name}-${name}.json`]: dashboardJson(dashboard) },
      });
    }
  }
}
