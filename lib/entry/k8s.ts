// `import { ... } from "activeactive/k8s"`: the cdk8s charts and constructs of
// the regional clusters and GitOps, and the functions that render them. It loads
// cdk8s, never cdktf or a Terraform provider.
// An explicit list on purpose: what is not named here is internal.

export { ClusterChart, type ClusterChartProps, type ManifestDoc } from "../k8s/cluster-chart";
export { EksNodePool, type EksNodePoolProps } from "../k8s/eks-node-pool";
export { GitOps, type GitOpsProps } from "../k8s/gitops";
export { GitOpsChart, type GitOpsChartProps } from "../k8s/gitops-chart";
export { RegionalNamespace, type RegionalNamespaceProps } from "../k8s/regional-namespace";
export { deployBranch, type RolloutWave, rolloutPlan } from "../k8s/rollout";
export { SloRules, type SloRulesProps } from "../k8s/slo-rules";
export { type ManifestOptions, renderManifests, writeManifests } from "../k8s/synth";
export { Workload, type WorkloadProps } from "../k8s/workload";
export { type ResolvedProbe, type ResolvedWorkload, resolveWorkloads } from "../k8s/workload-defaults";
