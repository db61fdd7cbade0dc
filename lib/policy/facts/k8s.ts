import type { K8sObject } from "../types";
import { isObj, type Obj } from "../values";

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout"];
/** Workloads that run a number of replicas (a DaemonSet runs one per node). */
export const REPLICATED_KINDS = ["Deployment", "StatefulSet", "ReplicaSet", "Rollout"];

export function podSpec(o: K8sObject): Obj | undefined {
  const spec = o.doc["spec"];
  if (!isObj(spec)) return undefined;
  const template = spec["template"];
  if (!isObj(template)) return undefined;
  return isObj(template["spec"]) ? template["spec"] : undefined;
}

export function podLabels(o: K8sObject): Obj {
  const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
  const template = isObj(spec["template"]) ? spec["template"] : {};
  const meta = isObj(template["metadata"]) ? template["metadata"] : {};
  return isObj(meta["labels"]) ? meta["labels"] : {};
}

export function containers(o: K8sObject): Obj[] {
  const spec = podSpec(o);
  const list = spec?.["containers"];
  return Array.isArray(list) ? list.filter(isObj) : [];
}

/** Does a label selector (matchLabels + matchExpressions) select these labels? */
export function selects(selector: unknown, labels: Obj): boolean {
  if (!isObj(selector)) return false;
  const ml = isObj(selector["matchLabels"]) ? selector["matchLabels"] : {};
  const me = Array.isArray(selector["matchExpressions"]) ? selector["matchExpressions"].filter(isObj) : [];
  if (Object.keys(ml).length === 0 && me.length === 0) return true; // an empty selector selects everything
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const e of me) {
    const key = String(e["key"]);
    const values = Array.isArray(e["values"]) ? e["values"].map(String) : [];
    const has = key in labels;
    switch (e["operator"]) {
      case "In":
        if (!has || !values.includes(String(labels[key]))) return false;
        break;
      case "NotIn":
        if (has && values.includes(String(labels[key]))) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function objectId(o: K8sObject): string {
  return `${o.kind}/${o.namespace}/${o.name}`;
}

/** ` in cluster X` for messages, or nothing when the object is in no stated cluster. */
export function inCluster(o: K8sObject): string {
  return o.cluster ? ` in cluster ${o.cluster}` : "";
}
