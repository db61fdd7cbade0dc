import { objectId, WORKLOAD_KINDS } from "../facts/k8s";
import type { K8sObject, Rule, RuleResult } from "../types";
import { addTo, isObj } from "../values";

/** The objects a workload is made of: each must be the same in every cluster. */
const PARITY_KINDS = [
  ...WORKLOAD_KINDS,
  "CronJob",
  "Job",
  "Service",
  "ServiceAccount",
  "ConfigMap",
  "HorizontalPodAutoscaler",
  "PodDisruptionBudget",
  "NetworkPolicy",
  "Ingress",
  "PrometheusRule",
  "TargetGroupBinding",
];

/** Fields Kubernetes or the tooling set per object; never a drift. */
const ALWAYS_ALLOWED = [
  "status",
  "metadata.uid",
  "metadata.resourceVersion",
  "metadata.generation",
  "metadata.creationTimestamp",
  "metadata.managedFields",
  "metadata.annotations.kubectl.kubernetes.io/last-applied-configuration",
  "metadata.annotations.deployment.kubernetes.io/revision",
  "metadata.annotations.argocd.argoproj.io/tracking-id",
];

/** An allowance: a path pattern, limited to a kind and a name glob when it says so. */
interface Allowance {
  readonly kind?: string;
  readonly name?: RegExp;
  readonly path: string[];
}

/** `[Kind[/name-glob]:]path`, e.g. `ConfigMap/*-region:data` or `spec.replicas`. */
function parseAllowance(text: string): Allowance {
  const m = /^([A-Za-z][A-Za-z0-9]*)(?:\/([^:]+))?:(.+)$/.exec(text);
  if (!m) return { path: splitPath(text) };
  const name = m[2]
    ? new RegExp(`^${m[2].replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`)
    : undefined;
  return { kind: m[1]!, ...(name ? { name } : {}), path: splitPath(m[3]!) };
}

function splitPath(p: string): string[] {
  // Label and annotation keys carry dots and slashes: `metadata.labels.topology.kubernetes.io/region`.
  const m = /^(.*?\b(?:labels|annotations|nodeSelector))\.(.+)$/.exec(p);
  return m ? [...m[1]!.split("."), m[2]!] : p.split(".");
}

function matches(path: string[], pattern: string[]): boolean {
  if (pattern.length > path.length) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] !== "*" && pattern[i] !== path[i]) return false;
  return true;
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
  // A map on one side only (annotations on one cloud's copy) differs key by key,
  // so an allowance for one key need not cover the whole map.
  const mapA = a === undefined && isObj(b) ? {} : a;
  const mapB = b === undefined && isObj(a) ? {} : b;
  if (isObj(mapA) && isObj(mapB)) {
    for (const k of new Set([...Object.keys(mapA), ...Object.keys(mapB)]))
      diff(mapA[k], mapB[k], [...path, k], allowed, out);
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
  covers: PARITY_KINDS,
  rationale:
    "Active-active means any region can take any request. A workload whose image, configuration, disruption budget or resources differ between clusters behaves differently depending on where a request lands, and a failover exposes the difference all at once.",
  fix: "Render every cluster's manifests from one source and keep per-region differences to the allowed fields (replicas, region labels, workload identity, or the paths in allowedWorkloadDifferences); deploy the workload to every cluster.",
  unknowns:
    "Kubernetes manifests hold literal values, so nothing is unknown here; only clusters the loader identifies are compared, and fields listed in allowedWorkloadDifferences are ignored.",
  *check(inv, params) {
    const allowances = [...ALWAYS_ALLOWED, ...params.allowedWorkloadDifferences].map(parseAllowance);
    const allowedFor = (o: K8sObject) =>
      allowances
        .filter(
          (a) => (a.kind === undefined || a.kind === o.kind) && (a.name === undefined || a.name.test(o.name)),
        )
        .map((a) => a.path);
    const byId = new Map<string, K8sObject[]>();
    // Only objects in a stated cluster are compared: a folder nobody named a cluster is not one.
    for (const o of inv.ofKind(...PARITY_KINDS)) if (o.cluster !== "") addTo(byId, objectId(o), o);
    // Regional clusters: every cluster that runs something (a namespace counts),
    // so a cluster missing all of its workloads is still seen.
    const regional = new Set(
      [...inv.ofKind("Namespace"), ...[...byId.values()].flat()]
        .map((o) => o.cluster)
        .filter((c) => c !== ""),
    );
    if (regional.size < 2) return;
    const out: RuleResult[] = [];
    for (const [id, list] of byId) {
      const here = new Set(list.map((o) => o.cluster));
      const missing = [...regional].filter((c) => !here.has(c)).sort();
      if (missing.length && WORKLOAD_KINDS.includes(list[0]!.kind)) {
        out.push({
          subject: list[0]!,
          message: `${id} runs in ${[...here].sort().join(", ")} but not in cluster(s) ${missing.join(", ")}`,
        });
      }
      out.push(...drift(id, list, allowedFor(list[0]!)));
    }
    yield* out;
  },
};

/**
 * Compares the copies of one object against the copy most like the others
 * (the fewest differing copies; ties to the copy read first), so with
 * three or more clusters the one that drifted is the one named.
 */
function drift(id: string, list: readonly K8sObject[], allowed: string[][]): RuleResult[] {
  const copies = [...new Map(list.map((o) => [o.cluster, o])).values()];
  if (copies.length < 2) return [];
  const paths = copies.map((a) =>
    copies.map((b) => {
      const out: string[] = [];
      if (a !== b) diff(a.doc, b.doc, [], allowed, out);
      return out;
    }),
  );
  const differing = paths.map((row) => row.filter((p) => p.length > 0).length);
  const ref = differing.indexOf(Math.min(...differing));
  const reference = copies[ref]!;
  return copies.flatMap((other, i) =>
    i === ref || paths[ref]![i]!.length === 0
      ? []
      : [
          {
            subject: other,
            message: `${id} in cluster ${other.cluster} differs from cluster ${reference.cluster} at ${paths[ref]![i]!.join(", ")}`,
          },
        ],
  );
}
