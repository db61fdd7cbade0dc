/**
 * Names shared by the EKS Auto Mode cluster (Terraform) and the NodeClass and
 * NodePool it runs (Kubernetes manifests), so the two sides agree.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/automode.html
 */

/** The node IAM role of a cluster; the NodeClass names it in `spec.role`. */
export function eksNodeRoleName(cluster: string): string {
  return `${cluster}-node`;
}

/** Our NodeClass and NodePool: the only pool general workloads land on, bounded by `nodes.max`. */
export const EKS_NODE_CLASS = "activeactive";
export const EKS_NODE_POOL = "activeactive";

/**
 * Built-in pools left on. `general-purpose` is off: it has no limits, so it
 * would let workloads grow past `cluster.nodes.max`. `system` only takes pods
 * that tolerate `CriticalAddonsOnly`.
 */
export const EKS_BUILT_IN_NODE_POOLS: readonly string[] = ["system"];
