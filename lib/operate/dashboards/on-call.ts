import type { Blueprint } from "../../blueprint/model";
import { APP_METRICS, type AppMetric, PATTERN_CONTRACTS } from "../../core/app-contract";
import {
  buildDashboard,
  dashboardContext,
  type GrafanaDashboard,
  num,
  type PanelSpec,
  promPanel,
  REGION_SERIES_LABEL,
  thresholdLine,
} from "./grafana-model";
import { errorRatioRecord, HTTP_METRICS } from "./produced-metrics";
import { replicationLagPanel } from "./replication-lag";

/**
 * The field guide's on-call dashboard: error rate, replication lag and p95
 * latency per region against the blueprint's SLOs, the pattern's own signals
 * (conflicts, convergence, stale reads...), rollouts by region and what is
 * firing.
 */
export function onCallDashboard(b: Blueprint): GrafanaDashboard {
  const ctx = dashboardContext(b);
  const { regions, sel } = ctx;
  const region = REGION_SERIES_LABEL;
  const by = `by (${region})`;
  const slo = b.slo;
  return buildDashboard(
    ctx,
    "on-call",
    "on-call",
    `Per-region health of ${b.name} against its SLOs: which region, which signal, since when.`,
    [
      promPanel(
        `Error rate by region (5m), SLO ${slo.errorRatePercent}%`,
        "M2: 5xx share of requests per region and workload (the recording rule the error-rate and burn-rate alerts read).",
        [
          {
            expr: `max by (${region}, service) (${errorRatioRecord("5m")}{${regions}})`,
            legend: `{{${region}}} {{service}}`,
          },
        ],
        "percentunit",
        {
          fieldConfig: {
            defaults: { unit: "percentunit", ...thresholdLine(num(slo.errorRatePercent / 100)) },
            overrides: [],
          },
        },
      ),
      ...optional(
        replicationLagPanel(
          b,
          `Replication lag by region, SLO ${slo.replicationLagSeconds}s`,
          "M3, from the datastore (CloudWatch): how far each region's copy is behind the writes accepted elsewhere. A failover now loses or reorders what is behind.",
        ),
      ),
      promPanel(
        `p95 latency by region, SLO ${slo.latencyP95Ms} ms`,
        "M8: 95th percentile request duration per region and workload over 5 minutes.",
        [
          {
            expr: `histogram_quantile(0.95, sum by (${region}, service, le) (rate(${HTTP_METRICS.durationBuckets}{${sel}}[5m])))`,
            legend: `{{${region}}} {{service}}`,
          },
        ],
        "s",
        {
          fieldConfig: {
            defaults: { unit: "s", ...thresholdLine(num(slo.latencyP95Ms / 1000)) },
            overrides: [],
          },
        },
      ),
      promPanel(
        "Requests per second by region",
        "Where the traffic is now: a region falling to zero has been taken out of routing (or its metrics stopped).",
        [{ expr: `sum ${by} (rate(${HTTP_METRICS.requests}{${sel}}[5m]))`, legend: `{{${region}}}` }],
        "reqps",
      ),
      ...patternPanels(b, sel),
      promPanel(
        "Rollouts by region: updated replicas",
        "Per region and Deployment, replicas on the newest template out of those wanted (kube-state-metrics). A release rolls out region by region, so one region at a time moves.",
        [
          {
            expr:
              `sum by (${region}, deployment) (kube_deployment_status_replicas_updated{${sel}})\n` +
              `/ sum by (${region}, deployment) (kube_deployment_spec_replicas{${sel}})`,
            legend: `{{${region}}} {{deployment}}`,
          },
        ],
        "percentunit",
      ),
      promPanel(
        "Rollouts by region: generations not yet observed",
        "Per region, Deployments whose latest spec the controller has not acted on yet: a rollout in progress or stuck.",
        [
          {
            expr:
              `sum ${by} (kube_deployment_metadata_generation{${sel}}\n` +
              `- kube_deployment_status_observed_generation{${sel}})`,
            legend: `{{${region}}}`,
          },
        ],
        "none",
      ),
      {
        ...promPanel(
          "Alerts firing",
          "The generated alerts (PrometheusRule) firing now, by region, alert and severity.",
          [
            {
              expr: `sum by (${region}, alertname, severity) (ALERTS{alertstate="firing",blueprint="${b.name}"})`,
              legend: `{{${region}}} {{alertname}} ({{severity}})`,
            },
          ],
          "none",
        ),
        width: 24,
      },
    ],
  );
}

/** One panel per signal of the pattern's application contract, reading exactly the contract's metrics. */
function patternPanels(b: Blueprint, sel: string): PanelSpec[] {
  const metrics = PATTERN_CONTRACTS[b.pattern].metrics;
  const has = (m: AppMetric) => metrics.includes(m);
  const region = REGION_SERIES_LABEL;
  const lag = b.slo.replicationLagSeconds;
  const panels: PanelSpec[] = [];
  if (has("conflicts") && has("writes")) {
    panels.push(
      promPanel(
        "Write conflicts per 10k writes by region",
        "M4: writes that replaced a concurrent write from another region. The generated alert fires above 1%.",
        [
          {
            expr:
              `10000 * sum by (${region}) (rate(${APP_METRICS.conflicts}{${sel}}[10m]))\n` +
              `/ sum by (${region}) (rate(${APP_METRICS.writes}{${sel}}[10m]))`,
            legend: `{{${region}}}`,
          },
        ],
        "none",
      ),
    );
  }
  if (has("convergence")) {
    panels.push(
      promPanel(
        `Convergence time p99 by region, alert above ${lag}s`,
        "M5: time from a write (or append) in another region until it is visible here.",
        [
          {
            expr: `histogram_quantile(0.99, sum by (${region}, le) (rate(${APP_METRICS.convergence}_bucket{${sel}}[10m])))`,
            legend: `{{${region}}}`,
          },
        ],
        "s",
        { fieldConfig: { defaults: { unit: "s", ...thresholdLine(lag) }, overrides: [] } },
      ),
    );
  }
  if (has("staleReadAge")) {
    panels.push(
      promPanel(
        `Stale-read probe age by region, alert above ${lag}s`,
        "M9: age of the newest probe value another region wrote, as read here.",
        [{ expr: `max by (${region}) (${APP_METRICS.staleReadAge}{${sel}})`, legend: `{{${region}}}` }],
        "s",
        { fieldConfig: { defaults: { unit: "s", ...thresholdLine(lag) }, overrides: [] } },
      ),
    );
  }
  if (has("misroutedWrites")) {
    panels.push(
      promPanel(
        "Misrouted writes by region",
        "Writes that reached a region which does not own their shard: a missing shard header or stale routes.",
        [
          {
            expr: `sum by (${region}) (rate(${APP_METRICS.misroutedWrites}{${sel}}[5m]))`,
            legend: `{{${region}}}`,
          },
        ],
        "wps",
      ),
    );
  }
  if (has("duplicateDeliveries")) {
    panels.push(
      promPanel(
        "Duplicate deliveries by region",
        "Events delivered again and dropped by the idempotency store: expected around failovers, a leak if it persists.",
        [
          {
            expr: `sum by (${region}) (rate(${APP_METRICS.duplicateDeliveries}{${sel}}[10m]))`,
            legend: `{{${region}}}`,
          },
        ],
        "ops",
      ),
    );
  }
  if (has("writes") && !has("conflicts")) {
    panels.push(
      promPanel(
        "Writes per second by region",
        "Commits applied per region.",
        [{ expr: `sum by (${region}) (rate(${APP_METRICS.writes}{${sel}}[5m]))`, legend: `{{${region}}}` }],
        "wps",
      ),
    );
  }
  return panels;
}

function optional<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}
