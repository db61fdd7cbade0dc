import { inCluster, objectId, REPLICATED_KINDS } from "../facts/k8s";
import type { Rule } from "../types";
import { isObj } from "../values";

export const rule: Rule = {
  id: "AA603",
  title: "Workload with a single replica",
  severity: "error",
  failureMode: "F3",
  inputs: ["k8s"],
  covers: [...REPLICATED_KINDS, "HorizontalPodAutoscaler", "ScaledObject (keda.sh)"],
  rationale:
    "One pod per region means every restart, eviction or node failure takes the region out of service and pushes its traffic onto the others.",
  fix: "Run at least two replicas per cluster: spec.replicas >= 2, or a HorizontalPodAutoscaler with minReplicas >= 2 (a KEDA ScaledObject with minReplicaCount >= 2).",
  unknowns:
    "Kubernetes manifests hold literal values, so nothing is unknown here; Helm templates are not read (render them first) and a field a kustomize patch may set elsewhere is the loader's concern, not the rule's.",
  *check(inv) {
    // An autoscaler owns the replica count: a HorizontalPodAutoscaler (minReplicas, default 1)
    // or a KEDA ScaledObject (minReplicaCount, default 0).
    const scalers = inv.ofKind("HorizontalPodAutoscaler", "ScaledObject");
    for (const o of inv.ofKind(...REPLICATED_KINDS)) {
      const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
      const scaler = scalers.find((h) => {
        const hs = isObj(h.doc["spec"]) ? h.doc["spec"] : {};
        const ref = isObj(hs["scaleTargetRef"]) ? hs["scaleTargetRef"] : {};
        // KEDA's scaleTargetRef.kind defaults to Deployment.
        const kind = ref["kind"] ?? (h.kind === "ScaledObject" ? "Deployment" : undefined);
        return (
          h.cluster === o.cluster && h.namespace === o.namespace && kind === o.kind && ref["name"] === o.name
        );
      });
      const ss = scaler && isObj(scaler.doc["spec"]) ? scaler.doc["spec"] : {};
      const field = scaler?.kind === "ScaledObject" ? "minReplicaCount" : "minReplicas";
      const min = ss[field];
      const replicas = scaler
        ? typeof min === "number"
          ? min
          : scaler.kind === "ScaledObject"
            ? 0
            : 1
        : typeof spec["replicas"] === "number"
          ? spec["replicas"]
          : 1;
      if (replicas < 2) {
        yield {
          subject: o,
          message: `${objectId(o)}${inCluster(o)} runs ${replicas} replica(s)${scaler ? ` at minimum (${scaler.kind} ${scaler.name} ${field})` : spec["replicas"] === undefined ? " (spec.replicas not set)" : ""}`,
        };
      }
    }
  },
};
