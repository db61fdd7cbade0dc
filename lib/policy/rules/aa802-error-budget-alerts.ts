import { REPLICATED_KINDS } from "../facts/k8s";
import type { InventoryView as Inventory, K8sObject, Rule, RuleResult } from "../types";
import { blocksOf, isObj, str } from "../values";

/**
 * An alert on the error budget: multi-window burn rate (Google SRE workbook),
 * as written by hand, by Sloth (`... error budget burn rate ...`) or Pyrra
 * (`...:burnrate5m`), or ours. Matched on the alert's name, expression, labels
 * and annotations, not on exact text, so a reworded alert still counts.
 */
const BUDGET = /burn|error[\s_-]*budget/i;

function alertRules(o: K8sObject): Record<string, unknown>[] {
  const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
  const out: Record<string, unknown>[] = [];
  for (const g of Array.isArray(spec["groups"]) ? spec["groups"] : []) {
    for (const r of isObj(g) && Array.isArray(g["rules"]) ? g["rules"] : []) {
      if (isObj(r) && typeof r["alert"] === "string") out.push(r);
    }
  }
  return out;
}

function watchesBudget(alert: Record<string, unknown>): boolean {
  const text = [alert["alert"], alert["expr"]].map(String);
  for (const key of ["labels", "annotations"]) {
    const m = alert[key];
    if (isObj(m)) for (const [k, v] of Object.entries(m)) text.push(k, String(v));
  }
  return text.some((t) => BUDGET.test(t));
}

/**
 * A burn-rate alarm in Terraform: a CloudWatch alarm whose name, description
 * or metric math speaks of it, or a Cloud Monitoring policy on
 * select_slo_burn_rate. It watches the service, so it counts for every cluster.
 */
function cloudBudgetAlarm(inv: Inventory): boolean {
  for (const a of inv.ofType("aws_cloudwatch_metric_alarm")) {
    const text = [a.values["alarm_name"], a.values["alarm_description"]].map((v) => str(v) ?? "");
    for (const q of blocksOf(a.values, "metric_query"))
      text.push(str(q["expression"]) ?? "", str(q["label"]) ?? "");
    if (text.some((t) => BUDGET.test(t))) return true;
  }
  for (const p of inv.ofType("google_monitoring_alert_policy")) {
    for (const c of blocksOf(p.values, "conditions")) {
      const filter = str(blocksOf(c, "condition_threshold")[0]?.["filter"]) ?? "";
      if (/select_slo_burn_rate/.test(filter)) return true;
    }
    if (BUDGET.test(str(p.values["display_name"]) ?? "")) return true;
  }
  return false;
}

export const rule: Rule = {
  id: "AA802",
  title: "Alerting without an error-budget burn-rate alert",
  severity: "error",
  failureMode: "F5",
  inputs: ["k8s", "terraform"],
  covers: [
    "PrometheusRule",
    "Deployment",
    "StatefulSet",
    "Rollout",
    "aws_cloudwatch_metric_alarm",
    "google_monitoring_alert_policy",
  ],
  rationale:
    "The guide's production-readiness checklist asks for an error budget that is defined and monitored, and its alerting guidance pages on burn rate. A region that fails part of its requests while its health check still answers keeps its traffic; threshold alerts on error rate either page on every blip or miss a slow burn. A multi-window burn-rate alert per region pages when the budget is being spent too fast to last, and tells the on-call which region to take out of routing.",
  fix: "Add multi-window burn-rate alerts to the cluster's PrometheusRule (for a 99.9% SLO: error ratio above 14.4x the budget over 1h and 5m, and 6x over 6h and 30m), by hand or with Sloth or Pyrra; activeactive synth generates them from spec.slo. A CloudWatch alarm on the SLO's burn rate (named or described as such, or metric math that says so) or a Cloud Monitoring alert policy on select_slo_burn_rate among the inputs counts for every cluster.",
  unknowns:
    "Manifests hold literal values, so nothing is unknown. A cluster is judged only when its inputs hold alerting (a PrometheusRule) and a workload: alerts kept in another repository are not guessed at. An alert counts when its name, expression, labels or annotations speak of a burn rate or an error budget.",
  *check(inv) {
    const out: RuleResult[] = [];
    if (cloudBudgetAlarm(inv)) return;
    const rulesByCluster = new Map<string, K8sObject[]>();
    for (const o of inv.ofKind("PrometheusRule")) {
      const list = rulesByCluster.get(o.cluster) ?? [];
      list.push(o);
      rulesByCluster.set(o.cluster, list);
    }
    const serving = new Set(inv.ofKind(...REPLICATED_KINDS).map((o) => o.cluster));
    for (const [cluster, rules] of rulesByCluster) {
      if (!serving.has(cluster)) continue;
      if (rules.some((r) => alertRules(r).some(watchesBudget))) continue;
      const first = rules[0]!;
      const where = cluster ? `cluster ${cluster}` : "the manifests in no cluster";
      out.push({
        subject: first,
        message: `no alert on the error budget's burn rate in ${where}: ${rules.length} PrometheusRule(s), the first ${first.namespace}/${first.name}, watch only other signals`,
      });
    }
    yield* out;
  },
};
