import { objectId, WORKLOAD_KINDS } from "../facts/k8s";
import type { K8sObject, Rule, RuleResult } from "../types";
import { addTo, isObj } from "../values";

/** Fields Kubernetes or the tooling set per object; never a drift. */
const ALWAYS_ALLOWED = [
  "status",
  "metadata.uid",
  "metadata.resourceVersion",
  "metadata.generation",
  "metadata.creationTimestamp",
  "metadata.managedFields",
  "metadata.annotations.kubectl.kubernetes.io/last-applied-configuration",
];

function matches(path: string[], pattern: string[]): boolean {
  if (pattern.length > path.length) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] !== "*" && pattern[i] !== path[i]) return false;
  return true;
}

function splitPattern(p: string): string[] {
  // Label and annotation keys carry dots and slashes: `metadata.labels.topology.kubernetes.io/region`.
  const m = /^(.*?\b(?:labels|annotations|nodeSelector))\.(.+)$/.exec(p);
  return m ? [...m[1]!.split("."), m[2]!] : p.split(".");
}

/** The paths where two values differ, skipping allowed ones; arrays of named items are compared by name. */
function diff(a: unknown, b: unknown, path: string[], allowed: string[][], out: string[]): void {
  if (out.length >= 5) return;
  if (allowed.some((p) => matches(path, p))) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = [...a, ...b].every((x) => isObj(x) && typeof x["name"] === "string");
    if (named) {
      const keys = new Set([...a, ...b].map((x) => String((x as Record<string, unknown>)["name"])));
      for (const k of keys) {
        diff(
          a.find((x) => (x as Record<string, unknown>)["name"] === k),
          b.find((x) => (x as Record<string, unknown>)["name"] === k),
          [...path, k],
          allowed,
          out,
        );
      }
      return;
    }
    if (a.length !== b.length) {
      out.push(path.join("."));
      return;
    }
    for (let i = 0; i < a.length; i++) diff(a[i], b[i], [...path, String(i)], allowed, out);
    return;
  }
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      diff(a[k], b[k], [...path, k], allowed, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path.join("."));
}

export const rule: Rule = {
  id: "AA502",
  title: "The same workload differs between clusters beyond the allowed per-region fields",
  severity: "error",
  failureMode: "F4",
  inputs: ["k8s"],
  covers: WORKLOAD_KINDS,
  rationale:
    "Active-active means any region can take any request. A workload whose image, configuration or resources differ between clusters behaves differently depending on where a request lands, and a failover exposes the difference all at once.",
  fix: "Render every cluster's manifests from one source and keep per-region differences to the allowed fields (replicas, region labels, annotations, or the paths in allowedWorkloadDifferences); deploy the workload to every cluster.",
  *check(inv, params) {
    const allowed = [...ALWAYS_ALLOWED, ...params.allowedWorkloadDifferences].map(splitPattern);
    const clusters = new Set(inv.objects.map((o) => o.cluster));
    const byId = new Map<string, K8sObject[]>();
    for (const o of inv.ofKind(...WORKLOAD_KINDS)) {
      addTo(byId, objectId(o), o);
    }
    const workloadClusters = new Set([...byId.values()].flat().map((o) => o.cluster));
    if (workloadClusters.size < 2) return;
    const out: RuleResult[] = [];
    for (const [id, list] of byId) {
      const here = new Set(list.map((o) => o.cluster));
      const missing = [...workloadClusters].filter((c) => !here.has(c) && clusters.has(c)).sort();
      if (missing.length) {
        out.push({
          subject: list[0]!,
          message: `${id} runs in ${[...here].sort().join(", ")} but not in cluster(s) ${missing.join(", ")}`,
        });
      }
      const [first, ...rest] = list;
      for (const other of rest) {
        if (other.cluster === first!.cluster) continue;
        const paths: string[] = [];
        diff(first!.doc, other.doc, [], allowed, paths);
        if (paths.length) {
          out.push({
            subject: other,
            message: `${id} in cluster ${other.cluster} differs from cluster ${first!.cluster} at ${paths.join(", ")}`,
          });
        }
      }
    }
    yield* out;
  },
};
