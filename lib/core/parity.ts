/**
 * The parity contract: the fields that may differ between the regional copies
 * of the same Kubernetes object, defined once. Synth writes only these per
 * region (the label and annotation names below), AA502's default
 * `allowedWorkloadDifferences` is this list (`AA502_DEFAULT_ALLOWANCES`), and
 * docs/k8s.md's table is tested against it.
 *
 * Every regional cluster gets the same objects (matched by apiVersion, kind,
 * namespace and name), identical except at the paths listed here.
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
  /**
   * `activeactive` when our own manifests differ there; `other tools` for
   * per-region fields other tools write, which AA502 accepts too.
   * @default "activeactive"
   */
  readonly setBy?: "activeactive" | "other tools";
}

export const PARITY_ALLOWED_DIFFERENCES: readonly ParityAllowance[] = [
  {
    kind: "*",
    path: ["metadata", "labels", REGION_LABEL],
    reason: "every object says which region's cluster it belongs to",
  },
  {
    kind: "*",
    path: ["spec", "template", "metadata", "labels", REGION_LABEL],
    reason: "every pod says which region it runs in",
  },
  {
    kind: "Deployment",
    path: ["spec", "template", "metadata", "annotations", REGION_CONFIG_HASH_ANNOTATION],
    reason: "hash of the region ConfigMap, which differs by design",
  },
  {
    kind: "*",
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
    reason: "REGION, CLOUD, the application contract and the workload's regionEnv",
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
    kind: "TargetGroupBinding",
    path: ["spec", "targetGroupARN"],
    reason: "on aws clusters each region's pods register in that region's target group",
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
  {
    kind: "*",
    path: ["spec", "template", "spec", "nodeSelector", REGION_LABEL],
    reason: "pods pinned to their region's nodes",
    setBy: "other tools",
  },
  {
    kind: "ServiceAccount",
    path: ["metadata", "annotations", "eks.amazonaws.com/role-arn"],
    reason: "each region's IAM role for service accounts (IRSA)",
    setBy: "other tools",
  },
  {
    kind: "ServiceAccount",
    path: ["metadata", "annotations", "azure.workload.identity/client-id"],
    reason: "each region's Azure workload identity",
    setBy: "other tools",
  },
];

/**
 * An allowance in AA502's `[Kind[/name-glob]:]path` form, e.g.
 * `ConfigMap/*-region:data`; a label or annotation key is the last segment.
 */
export function allowanceText(a: ParityAllowance): string {
  const kind = a.kind === "*" ? "" : `${a.kind}${a.nameSuffix !== undefined ? `/*${a.nameSuffix}` : ""}:`;
  return `${kind}${a.path.join(".")}`;
}

/** AA502's default `allowedWorkloadDifferences`: the whole contract. */
export const AA502_DEFAULT_ALLOWANCES: readonly string[] = PARITY_ALLOWED_DIFFERENCES.map(allowanceText);
