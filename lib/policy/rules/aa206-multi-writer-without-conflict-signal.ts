import { PATTERN_LABEL } from "../../core/app-contract";
import { objectId } from "../facts/k8s";
import type { K8sObject, Rule } from "../types";
import { isObj } from "../values";

/** Patterns where two regions may write the same item concurrently. */
const MULTI_WRITER = new Set(["read-local-write-local", "multi-master-crdt"]);
/** An alert reading a conflict or overwrite counter (ours is activeactive_write_conflicts_total). */
const CONFLICT = /conflict|overwrit/i;

function labelsOf(o: K8sObject): Record<string, unknown> {
  const meta = isObj(o.doc["metadata"]) ? o.doc["metadata"] : {};
  return isObj(meta["labels"]) ? meta["labels"] : {};
}

function conflictAlerts(rule: K8sObject): boolean {
  const spec = isObj(rule.doc["spec"]) ? rule.doc["spec"] : {};
  for (const g of Array.isArray(spec["groups"]) ? spec["groups"] : []) {
    for (const r of isObj(g) && Array.isArray(g["rules"]) ? g["rules"] : []) {
      if (isObj(r) && typeof r["alert"] === "string" && CONFLICT.test(String(r["expr"] ?? ""))) return true;
    }
  }
  return false;
}

export const rule: Rule = {
  id: "AA206",
  title: "Multi-writer pattern without a conflict signal",
  severity: "error",
  failureMode: "F1",
  inputs: ["k8s"],
  covers: ["Deployment", "StatefulSet", "PrometheusRule"],
  rationale: `Under read-local-write-local and multi-master-crdt every region writes, so two regions can write the same item at once; last-writer-wins drops one silently and a CRDT merge can hide a bad merge. Without an alert on the conflict/overwrite rate (field guide M4) the lost writes are found by users. The pattern is read from the ${PATTERN_LABEL} label the synth writes.`,
  fix: "Expose a conflict counter from the workload (activeactive_write_conflicts_total, see docs/patterns.md) and add a PrometheusRule alert on its rate in the same cluster and namespace; activeactive synth generates it.",
  unknowns:
    "Kubernetes manifests hold literal values, so nothing is unknown here; a workload without the pattern label is not judged, and a conflict alert in another namespace or cluster does not count.",
  *check(inv) {
    const rules = inv.ofKind("PrometheusRule");
    const seen = new Set<string>();
    for (const o of inv.ofKind("Deployment", "StatefulSet")) {
      const pattern = labelsOf(o)[PATTERN_LABEL];
      if (typeof pattern !== "string" || !MULTI_WRITER.has(pattern)) continue;
      const scope = `${o.cluster}/${o.namespace}`;
      if (seen.has(scope)) continue;
      seen.add(scope);
      const watched = rules.some(
        (r) => r.cluster === o.cluster && r.namespace === o.namespace && conflictAlerts(r),
      );
      if (!watched) {
        yield {
          subject: o,
          message: `${objectId(o)} in cluster ${o.cluster} runs the ${pattern} pattern (every region writes) and no PrometheusRule in namespace ${o.namespace} alerts on a conflict/overwrite rate`,
        };
      }
    }
  },
};
