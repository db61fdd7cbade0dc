import { inCluster, objectId, podLabels, REPLICATED_KINDS, selects } from "../facts/k8s";
import type { Rule } from "../types";
import { isObj } from "../values";

export const rule: Rule = {
  id: "AA602",
  title: "Workload without a PodDisruptionBudget",
  severity: "error",
  failureMode: "F3",
  inputs: ["k8s"],
  covers: [...REPLICATED_KINDS, "PodDisruptionBudget"],
  rationale:
    "Node upgrades and drains evict every pod of a workload at once unless a PodDisruptionBudget holds some back; the region silently stops serving and the others take its traffic.",
  fix: "Add a PodDisruptionBudget in the same namespace whose selector matches the pod template labels (minAvailable or maxUnavailable).",
  unknowns:
    "Kubernetes manifests hold literal values, so nothing is unknown here; Helm templates are not read (render them first) and a field a kustomize patch may set elsewhere is the loader's concern, not the rule's.",
  *check(inv) {
    const pdbs = inv.ofKind("PodDisruptionBudget");
    for (const o of inv.ofKind(...REPLICATED_KINDS)) {
      const labels = podLabels(o);
      const covered = pdbs.some((p) => {
        if (p.cluster !== o.cluster || p.namespace !== o.namespace) return false;
        const spec = isObj(p.doc["spec"]) ? p.doc["spec"] : {};
        return selects(spec["selector"], labels);
      });
      if (!covered) {
        yield {
          subject: o,
          message: `${objectId(o)}${inCluster(o)} has no PodDisruptionBudget selecting its pods`,
        };
      }
    }
  },
};
