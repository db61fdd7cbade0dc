import { objectId, REPLICATED_KINDS } from "../facts/k8s";
import type { Rule } from "../types";
import { isObj } from "../values";

export const rule: Rule = {
  id: "AA603",
  title: "Workload with a single replica",
  severity: "error",
  failureMode: "F3",
  inputs: ["k8s"],
  covers: [...REPLICATED_KINDS, "HorizontalPodAutoscaler"],
  rationale:
    "One pod per region means every restart, eviction or node failure takes the region out of service and pushes its traffic onto the others.",
  fix: "Run at least two replicas per cluster: spec.replicas >= 2, or a HorizontalPodAutoscaler with minReplicas >= 2.",
  *check(inv) {
    const hpas = inv.ofKind("HorizontalPodAutoscaler");
    for (const o of inv.ofKind(...REPLICATED_KINDS)) {
      const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
      const hpa = hpas.find((h) => {
        const ref =
          isObj(h.doc["spec"]) && isObj(h.doc["spec"]["scaleTargetRef"])
            ? h.doc["spec"]["scaleTargetRef"]
            : {};
        return (
          h.cluster === o.cluster &&
          h.namespace === o.namespace &&
          ref["kind"] === o.kind &&
          ref["name"] === o.name
        );
      });
      const hpaMin = hpa && isObj(hpa.doc["spec"]) ? hpa.doc["spec"]["minReplicas"] : undefined;
      const replicas = hpa
        ? typeof hpaMin === "number"
          ? hpaMin
          : 1
        : typeof spec["replicas"] === "number"
          ? spec["replicas"]
          : 1;
      if (replicas < 2) {
        yield {
          subject: o,
          message: `${objectId(o)} in cluster ${o.cluster} runs ${replicas} replica${hpa ? ` at minimum (HorizontalPodAutoscaler ${hpa.name} minReplicas)` : spec["replicas"] === undefined ? " (spec.replicas not set)" : ""}`,
        };
      }
    }
  },
};
