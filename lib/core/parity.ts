/**
 * The fields that may differ between the regional copies of the same object.
 *
 * Every regional cluster gets the same objects (matched by apiVersion, kind,
 * namespace and name), identical except at the paths listed here. This module
 * is plain data and two small functions with no cdk8s import, so the policy
 * checker (AA502) can read parity from YAML without loading the synthesizer.
 */

/** Label that carries the region on every object and pod. */
export const REGION_LABEL = "topology.kubernetes.io/region";
/** Pod template annotation: hash of the region ConfigMap, so a change to it rolls the pods. */
export const REGION_CONFIG_HASH_ANNOTATION = "activeactive.dev/region-config-hash";
/** ServiceAccount annotation naming the IAM role EKS Pod Identity gives the pods (informational). */
export const POD_IDENTITY_ROLE_ANNOTATION = "activeactive.dev/pod-identity-role";
/** ServiceAccount annotation GKE Workload Identity reads. */
export const GKE_SERVICE_ACCOUNT_ANNOTATION = "iam.gke.io/gcp-service-account";
/** On gcp clusters, names the standalone NEG the global load balancer sends the front workload's traffic to. */
export const GKE_NEG_ANNOTATION = "cloud.google.com/neg";
/** Name suffix of the per-region ConfigMap (REGION, CLOUD and the workload's regionEnv). */
export const REGION_CONFIGMAP_SUFFIX = "-region";

export interface ParityAllowance {
  /** The kind this applies to, or `*` for every kind. */
  readonly kind: string;
  /** Only objects whose name ends with this. @default - any name */
  readonly nameSuffix?: string;
  /**
   * Keys from the object root; `*` matches any one key or array index. The
   * value there (and everything below it) may differ or be absent in a region.
   */
  readonly path: readonly string[];
  /** Why this may differ between regions. */
  readonly reason: string;
}

export const PARITY_ALLOWED_DIFFERENCES: readonly ParityAllowance[] = [
  {
    kind: "*",
    path: ["metadata", "labels", REGION_LABEL],
    reason: "every object says which region's cluster it belongs to",
  },
  {
    kind: "Deployment",
    path: ["spec", "template", "metadata", "labels", REGION_LABEL],
    reason: "every pod says which region it runs in",
  },
  {
    kind: "Deployment",
    path: ["spec", "template", "metadata", "annotations", REGION_CONFIG_HASH_ANNOTATION],
    reason: "hash of the region ConfigMap, which differs by design",
  },
  {
    kind: "Deployment",
    path: ["spec", "replicas"],
    reason: "replica counts follow the region's weight (set only without autoscaling)",
  },
  {
    kind: "HorizontalPodAutoscaler",
    path: ["spec", "minReplicas"],
    reason: "the autoscaler floor is the region's replica count",
  },
  {
    kind: "ConfigMap",
    nameSuffix: REGION_CONFIGMAP_SUFFIX,
    path: ["data"],
    reason: "REGION, CLOUD and the workload's regionEnv",
  },
  {
    kind: "ServiceAccount",
    path: ["metadata", "annotations", POD_IDENTITY_ROLE_ANNOTATION],
    reason: "each region's workload identity is its own IAM role (EKS Pod Identity)",
  },
  {
    kind: "ServiceAccount",
    path: ["metadata", "annotations", GKE_SERVICE_ACCOUNT_ANNOTATION],
    reason: "each region's workload identity is its own Google service account (Workload Identity)",
  },
  {
    kind: "Service",
    path: ["metadata", "annotations", GKE_NEG_ANNOTATION],
    reason:
      "on gcp clusters the front workload is exposed to the global load balancer through a standalone NEG",
  },
  {
    kind: "PrometheusRule",
    path: ["spec", "groups", "*", "rules", "*", "labels", "region"],
    reason: "alerts say which region fired them",
  },
  {
    kind: "PrometheusRule",
    path: ["spec", "groups", "*", "rules", "*", "labels", "cloud"],
    reason: "alerts say which cloud fired them",
  },
];

/** True when `path` inside an object of this kind and name may differ between regions. */
export function isAllowedDifference(kind: string, name: string, path: readonly (string | number)[]): boolean {
  return PARITY_ALLOWED_DIFFERENCES.some(
    (a) =>
      (a.kind === "*" || a.kind === kind) &&
      (a.nameSuffix === undefined || name.endsWith(a.nameSuffix)) &&
      a.path.length <= path.length &&
      a.path.every((key, i) => key === "*" || key === String(path[i])),
  );
}

/**
 * The allowed paths of one kind as dotted strings (`spec.replicas`,
 * `metadata.labels.topology.kubernetes.io/region`: a label or annotation key
 * is the last segment), for checkers that take path patterns. Allowances
 * limited to some names (the region ConfigMap) are left out.
 */
export function allowedPaths(kind: string): string[] {
  return PARITY_ALLOWED_DIFFERENCES.filter(
    (a) => (a.kind === "*" || a.kind === kind) && a.nameSuffix === undefined,
  ).map((a) => a.path.join("."));
}

/**
 * The paths where two values differ, deepest first found; a key or index
 * present on one side only is a difference at that key.
 */
export function differingPaths(a: unknown, b: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (a === b) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: (string | number)[][] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      out.push(...differingPaths(a[i], b[i], [...at, i]));
    return out;
  }
  // A map present on one side only (annotations on one cloud's copy) differs
  // key by key, so an allowance for one key does not have to cover the map.
  const mapA = a === undefined && isPlainObject(b) ? {} : a;
  const mapB = b === undefined && isPlainObject(a) ? {} : b;
  if (isPlainObject(mapA) && isPlainObject(mapB)) {
    const keys = [...new Set([...Object.keys(mapA), ...Object.keys(mapB)])].sort();
    return keys.flatMap((k) => differingPaths(mapA[k], mapB[k], [...at, k]));
  }
  return [at];
}

/** The differences between two regional copies of one object that no allowance covers. */
export function parityViolations(kind: string, name: string, a: unknown, b: unknown): (string | number)[][] {
  return differingPaths(a, b).filter((p) => !isAllowedDifference(kind, name, p));
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
