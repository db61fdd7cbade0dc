import type { Blueprint } from "../../blueprint/model";
import { APP_METRICS, PATTERN_CONTRACTS } from "../../core/app-contract";
import {
  buildDashboard,
  CLOUDWATCH,
  dashboardContext,
  type GrafanaDashboard,
  type PanelSpec,
  promPanel,
  REGION_SERIES_LABEL,
  thresholdLine,
} from "./grafana-model";
import { HTTP_METRICS } from "./produced-metrics";
import { eventBacklogPanels, replicationLagPanel } from "./replication-lag";

/**
 * The field guide's debug dashboard: health-check events and routing
 * decisions, replication backlog, and pods and nodes per region.
 */
export function debugDashboard(b: Blueprint): GrafanaDashboard {
  const ctx = dashboardContext(b);
  const { regions, sel } = ctx;
  const region = REGION_SERIES_LABEL;
  const by = `by (${region})`;
  const lag = b.slo.replicationLagSeconds;
  const convergence = PATTERN_CONTRACTS[b.pattern].metrics.includes("convergence");
  return buildDashboard(
    ctx,
    "debug",
    "debug",
    `Deep troubleshooting of ${b.name}: health checks, routing, replication backlog, pods and nodes per region.`,
    [
      ...(b.regions.some((r) => r.cloud === "aws") ? [route53Panel()] : []),
      promPanel(
        "Regions out of routing",
        "ActiveActiveRegionNoTraffic per region: no requests for 10 minutes (a failover moved traffic away, or routing weight 0).",
        [
          {
            expr: `max ${by} (ALERTS{alertname="ActiveActiveRegionNoTraffic",alertstate="firing",blueprint="${b.name}"})`,
            legend: `{{${region}}}`,
          },
        ],
        "none",
      ),
      promPanel(
        "Pods not ready by region",
        "Pods failing their readiness probe: the load balancer's target health check reads the same path, so these pods get no traffic.",
        [
          {
            expr: `sum ${by} (kube_pod_status_ready{${sel},condition="false"})`,
            legend: `{{${region}}}`,
          },
        ],
        "none",
      ),
      promPanel(
        "Requests by region and status code",
        "Routing decisions as the workloads see them: where requests land and what they get.",
        [
          {
            expr: `sum by (${region}, code) (rate(${HTTP_METRICS.requests}{${sel}}[5m]))`,
            legend: `{{${region}}} {{code}}`,
          },
        ],
        "reqps",
      ),
      ...[
        replicationLagPanel(
          b,
          "Replication backlog by region",
          "M3 per region and direction, from the datastore (CloudWatch): writes from elsewhere not yet applied here.",
        ),
      ].filter((p): p is PanelSpec => p !== undefined),
      ...eventBacklogPanels(b),
      ...(convergence
        ? [
            promPanel(
              "Convergence time p50 and p99 by region",
              "M5 as the workloads see it: from a write elsewhere until it is visible here.",
              [0.5, 0.99].map((q) => ({
                expr: `histogram_quantile(${q}, sum by (${region}, le) (rate(${APP_METRICS.convergence}_bucket{${sel}}[10m])))`,
                legend: `{{${region}}} p${q * 100}`,
              })),
              "s",
              { fieldConfig: { defaults: { unit: "s", ...thresholdLine(lag) }, overrides: [] } },
            ),
          ]
        : []),
      promPanel(
        "Pods by region and phase",
        "The workloads' pods per region (kube-state-metrics).",
        [
          {
            expr: `sum by (${region}, phase) (kube_pod_status_phase{${sel}})`,
            legend: `{{${region}}} {{phase}}`,
          },
        ],
        "none",
      ),
      promPanel(
        "Container restarts by region (1h)",
        "Restarts of the workloads' containers over the last hour: crash loops show here first.",
        [
          {
            expr: `sum by (${region}, pod) (increase(kube_pod_container_status_restarts_total{${sel}}[1h])) > 0`,
            legend: `{{${region}}} {{pod}}`,
          },
        ],
        "none",
      ),
      promPanel(
        "Nodes by region",
        "Nodes per regional cluster, and those not Ready (kube-state-metrics).",
        [
          { expr: `count ${by} (kube_node_info{${regions}})`, legend: `{{${region}}} nodes` },
          {
            expr: `sum ${by} (kube_node_status_condition{${regions},condition="Ready",status!="true"})`,
            legend: `{{${region}}} not ready`,
          },
        ],
        "none",
      ),
      promPanel(
        "Available replicas by region and Deployment",
        "Replicas passing readiness per Deployment and region.",
        [
          {
            expr: `sum by (${region}, deployment) (kube_deployment_status_replicas_available{${sel}})`,
            legend: `{{${region}}} {{deployment}}`,
          },
        ],
        "none",
      ),
    ],
  );
}

/**
 * Route 53 health-check status from CloudWatch (published in us-east-1 only).
 * The ids exist only after apply, so the panel matches every health check of
 * the account; the per-region CloudWatch dashboards name each one exactly.
 */
function route53Panel(): PanelSpec {
  return {
    type: "timeseries",
    title: "Route 53 health checks (1 = healthy)",
    description:
      "HealthCheckStatus of the account's health checks (us-east-1). Each region's own check is on the CloudWatch routing dashboard of the global stack.",
    datasource: CLOUDWATCH,
    targets: [
      {
        refId: "A",
        datasource: CLOUDWATCH,
        queryMode: "Metrics",
        metricQueryType: 0,
        metricEditorMode: 0,
        region: "us-east-1",
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: "*" },
        matchExact: false,
        statistic: "Minimum",
        period: "60",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's CloudWatch label syntax
        label: "${PROP('Dim.HealthCheckId')}",
      },
    ],
    fieldConfig: { defaults: { unit: "none", min: 0, max: 1 }, overrides: [] },
    options: { legend: { displayMode: "table", placement: "bottom", calcs: ["min"] } },
  };
}
