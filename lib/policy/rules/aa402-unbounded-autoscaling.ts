import type { Rule, RuleResult } from "../types";
import { dynamicUnknown, undetermined } from "../unknown";
import { blocks, bool, firstOf, isObj, isSet, num } from "../values";

export const rule: Rule = {
  id: "AA402",
  title: "Unbounded autoscaling",
  severity: "error",
  failureMode: "F7",
  inputs: ["terraform", "k8s"],
  covers: [
    "aws_eks_node_group",
    "aws_autoscaling_group",
    "aws_appautoscaling_target",
    "google_container_node_pool",
    "google_container_cluster",
    "HorizontalPodAutoscaler",
    "NodePool (karpenter.sh)",
  ],
  rationale:
    "When one region fails, the survivors scale up to take its traffic; a retry storm or a bug makes them scale without end. A ceiling per node group keeps a failover from becoming a cost explosion.",
  fix: "Give every node group and pool a maximum: scaling_config.max_size, autoscaling.max_node_count (or total_max_node_count), cluster_autoscaling.resource_limits, HPA maxReplicas, Karpenter spec.limits.",
  unknowns:
    "A maximum set by any expression counts as set; an autoscaling block made by a dynamic block is not judged (a pool without a known autoscaling block is taken as fixed size).",
  *check(inv) {
    const out: RuleResult[] = [];
    for (const r of inv.ofType("aws_eks_node_group")) {
      const s = firstOf(r.values, "scaling_config");
      const hidden = s ? undefined : dynamicUnknown(inv, r, r.values, "scaling_config");
      if (hidden) out.push(undetermined(r, "its scaling limits", hidden));
      else if (!s || !isSet(s["max_size"]))
        out.push({ subject: r, message: `${r.address} has no scaling_config.max_size` });
    }
    for (const r of inv.ofType("aws_autoscaling_group")) {
      if (!isSet(r.values["max_size"])) out.push({ subject: r, message: `${r.address} has no max_size` });
    }
    for (const r of inv.ofType("aws_appautoscaling_target")) {
      if (!isSet(r.values["max_capacity"]))
        out.push({ subject: r, message: `${r.address} has no max_capacity` });
    }
    for (const r of inv.ofType("google_container_node_pool")) {
      const a = firstOf(r.values, "autoscaling");
      if (!a) continue; // a fixed-size pool is bounded
      const max = num(a["max_node_count"]) ?? 0;
      const total = num(a["total_max_node_count"]) ?? 0;
      if (
        max <= 0 &&
        total <= 0 &&
        !(typeof a["max_node_count"] === "string" || typeof a["total_max_node_count"] === "string")
      ) {
        out.push({
          subject: r,
          message: `${r.address} autoscales without max_node_count or total_max_node_count`,
        });
      }
    }
    for (const r of inv.ofType("google_container_cluster")) {
      const ca = firstOf(r.values, "cluster_autoscaling");
      if (ca && bool(ca["enabled"]) === true) {
        const limits = blocks(ca["resource_limits"]);
        const cpu = limits.find((l) => l["resource_type"] === "cpu" && isSet(l["maximum"]));
        if (!cpu)
          out.push({
            subject: r,
            message: `${r.address} has node auto-provisioning without a cpu maximum (cluster_autoscaling.resource_limits)`,
          });
      }
    }
    for (const o of inv.ofKind("HorizontalPodAutoscaler")) {
      const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
      if (typeof spec["maxReplicas"] !== "number")
        out.push({
          subject: o,
          message: `HorizontalPodAutoscaler ${o.namespace}/${o.name} has no maxReplicas`,
        });
    }
    for (const o of inv.ofKind("NodePool")) {
      if (!o.apiVersion.startsWith("karpenter.sh/")) continue;
      const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
      if (!isObj(spec["limits"]) || Object.keys(spec["limits"]).length === 0) {
        out.push({
          subject: o,
          message: `Karpenter NodePool ${o.name} has no spec.limits: it can add nodes without end`,
        });
      }
    }
    yield* out;
  },
};
