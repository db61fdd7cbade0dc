import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { Construct } from "constructs";
import type { Blueprint, Region } from "../blueprint/model";
import { REQUEST_METRICS } from "../core/app-contract";
import { workloadNamespace } from "../core/names";
import { ALERT_RUNBOOKS, type AlertKind, alertRunbookUrl } from "../operate/runbooks/alerts";
import { patternSignalRules } from "./app-contract";
import { objectLabels } from "./labels";
import { typedObject } from "./typed-object";

/**
 * The metrics the SLO rules read: the request metrics of the app contract,
 * scraped by the workload's ServiceMonitor, which sets the `namespace` and
 * `service` labels. Replication lag is no Prometheus metric here: the
 * datastore's own lag alarms (CloudWatch, Cloud Monitoring) page for it,
 * where the lag is measured.
 */
export const SLO_METRICS = REQUEST_METRICS;

/** Multi-window burn-rate alerts (Google SRE workbook, ch. 5): long window, short window, factor. */
export const BURN_RATE_WINDOWS = [
  { long: "1h", short: "5m", factor: 14.4, severity: "critical", for: "2m" },
  { long: "6h", short: "30m", factor: 6, severity: "warning", for: "15m" },
] as const;

export interface SloRulesProps {
  readonly blueprint: Blueprint;
  /** The region whose cluster (and Prometheus) evaluates these rules. */
  readonly region: Region;
  /** The workloads to alert on. */
  readonly workloads: readonly string[];
}

type Rule = NonNullable<NonNullable<IPrometheusRule["spec"]["groups"]>[number]["rules"]>[number];

/**
 * The blueprint's SLOs as alert rules, evaluated by each regional cluster's
 * own Prometheus: an alert names the region it fired in, and keeps firing when
 * another region (or the global view) is down.
 */
export class SloRules extends Construct {
  constructor(scope: Construct, id: string, props: SloRulesProps) {
    super(scope, id);
    const { blueprint: b, region: r } = props;
    const slo = b.slo;
    const ns = workloadNamespace(b);
    const alertLabels = (severity: string, extra: Record<string, string>) => ({
      severity,
      blueprint: b.name,
      ...extra,
      cloud: r.cloud,
      region: r.region,
    });
    const errorRatio = (window: string) => `activeactive:http_errors:ratio_rate${window}`;
    const windows = [...new Set(BURN_RATE_WINDOWS.flatMap((w) => [w.short, w.long]))];
    const budget = (100 - slo.availabilityPercent) / 100;

    const recording: Rule[] = windows.map((w) => ({
      record: errorRatio(w),
      expr:
        `sum by (service) (rate(${SLO_METRICS.requests}{namespace="${ns}",code=~"5.."}[${w}]))\n` +
        `/\nsum by (service) (rate(${SLO_METRICS.requests}{namespace="${ns}"}[${w}]))`,
    }));

    const perWorkload: Rule[] = props.workloads.flatMap((name): Rule[] => {
      const sel = `namespace="${ns}",service="${name}"`;
      const labels = (severity: string, sloName: string) =>
        alertLabels(severity, { workload: name, slo: sloName });
      return [
        {
          alert: "ActiveActiveErrorRateHigh",
          expr: `${errorRatio("5m")}{service="${name}"} > ${num(slo.errorRatePercent / 100)}`,
          for: "5m",
          labels: labels("warning", "error-rate"),
          annotations: {
            summary: `${name}: error rate above ${slo.errorRatePercent}% in this region`,
            description: "5xx share of requests over 5 minutes is {{ $value | humanizePercentage }}.",
          },
        },
        {
          alert: "ActiveActiveLatencyP95High",
          expr:
            `histogram_quantile(0.95, sum by (le) (rate(${SLO_METRICS.durationBuckets}{${sel}}[5m])))` +
            ` > ${num(slo.latencyP95Ms / 1000)}`,
          for: "10m",
          labels: labels("warning", "latency-p95"),
          annotations: {
            summary: `${name}: p95 latency above ${slo.latencyP95Ms} ms in this region`,
            description: "p95 request duration over 5 minutes is {{ $value | humanizeDuration }}.",
          },
        },
        ...BURN_RATE_WINDOWS.map(
          (w): Rule => ({
            alert: "ActiveActiveErrorBudgetBurn",
            expr:
              `${errorRatio(w.long)}{service="${name}"} > ${num(w.factor * budget)}\n` +
              `and\n${errorRatio(w.short)}{service="${name}"} > ${num(w.factor * budget)}`,
            for: w.for,
            labels: { ...labels(w.severity, "availability"), window: `${w.long}/${w.short}` },
            annotations: {
              summary: `${name}: burning the ${slo.availabilityPercent}% availability budget ${w.factor}x too fast`,
              description: `Error ratio above ${w.factor}x the budget over ${w.long} and ${w.short}.`,
            },
          }),
        ),
        {
          alert: "ActiveActiveRegionNoTraffic",
          expr: `(sum(rate(${SLO_METRICS.requests}{${sel}}[5m])) or vector(0)) == 0`,
          for: "10m",
          labels: labels("info", "failover"),
          annotations: {
            summary: `${name}: no requests in this region for 10 minutes`,
            description:
              "Traffic has moved away from this region (a failover, or routing weight 0) or the metrics stopped.",
          },
        },
      ];
    });

    const signals = patternSignalRules(b, (severity, signal) => alertLabels(severity, { slo: signal }));

    typedObject<IPrometheusRule>(this, "Resource", {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: `${b.name}-slo`, namespace: ns, labels: objectLabels(b, r, b.name) },
      spec: {
        groups: [
          { name: `${b.name}.slo.recording`, rules: recording },
          ...(perWorkload.length ? [{ name: `${b.name}.slo.workloads`, rules: perWorkload }] : []),
          ...(signals ? [signals] : []),
        ].map((g) => ({ ...g, rules: g.rules?.map((rule) => withRunbook(b, rule)) })),
      },
    });
  }
}

/**
 * Every alert carries the `runbook_url` annotation (the Prometheus and
 * Alertmanager convention) of its runbook; an alert the runbook table does
 * not know is a programming error, caught by the runbook tests.
 */
function withRunbook(b: Blueprint, rule: Rule): Rule {
  if (rule.alert === undefined) return rule;
  const kind = rule.alert as AlertKind;
  if (!(kind in ALERT_RUNBOOKS)) return rule;
  return { ...rule, annotations: { ...rule.annotations, runbook_url: alertRunbookUrl(b, kind) } };
}

/** A threshold without binary noise (0.0005 * 14.4 is 0.0072, not 0.007199999999999999). */
function num(x: number): string {
  return String(Number(x.toPrecision(10)));
}
