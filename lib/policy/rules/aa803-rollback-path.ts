import { objectId } from "../facts/k8s";
import type { Rule, RuleResult } from "../types";
import { isObj } from "../values";

/** Workloads whose controller keeps old revisions to roll back to (a bare ReplicaSet has none to keep). */
const WITH_HISTORY = ["Deployment", "StatefulSet", "DaemonSet", "Rollout"];

export const rule: Rule = {
  id: "AA803",
  title: "No rollback path: revision history switched off",
  severity: "error",
  failureMode: "F4",
  inputs: ["k8s"],
  covers: ["Deployment", "StatefulSet", "DaemonSet", "Rollout (argoproj.io)", "Application (argoproj.io)"],
  rationale:
    "The guide's production-readiness checklist asks for a rollback process tested end to end, and its runbooks roll a bad release back region by region. revisionHistoryLimit: 0 deletes every previous ReplicaSet or ControllerRevision, so `kubectl rollout undo` has nothing to return to; on an Argo CD Application it leaves `argocd app rollback` no history. The region that got the bad release first then stays on it while the others wait.",
  fix: "Keep revisionHistoryLimit at its default (10) or at least 1 on every workload and Argo CD Application; activeactive synth keeps 5.",
  unknowns:
    "Manifests hold literal values, so nothing is unknown; an absent revisionHistoryLimit takes the default (10).",
  *check(inv) {
    const out: RuleResult[] = [];
    for (const o of inv.ofKind(...WITH_HISTORY)) {
      if (o.kind === "Rollout" && !o.apiVersion.startsWith("argoproj.io/")) continue;
      const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
      if (spec["revisionHistoryLimit"] === 0)
        out.push({
          subject: o,
          message: `${objectId(o)} has revisionHistoryLimit: 0: no previous revision is kept to roll back to`,
        });
    }
    for (const o of inv.ofKind("Application")) {
      if (!o.apiVersion.startsWith("argoproj.io/")) continue;
      const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
      if (spec["revisionHistoryLimit"] === 0)
        out.push({
          subject: o,
          message: `Argo CD Application ${o.namespace}/${o.name} has revisionHistoryLimit: 0: argocd app rollback has no history to return to`,
        });
    }
    yield* out;
  },
};
