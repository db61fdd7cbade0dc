import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { Blueprint } from "../blueprint/model";
import { clusterName } from "../core/names";
import { type ManifestDoc, objectsOf } from "./cluster-chart";
import { GitOps, type GitOpsProps } from "./gitops";
import { rolloutPlan } from "./rollout";

export interface GitOpsChartProps extends Omit<GitOpsProps, "region" | "wave" | "kinds"> {
  /** The `group/kind` of every object in a cluster's folder, by cluster name. */
  readonly kinds: (cluster: string) => GitOpsProps["kinds"];
  /** Minutes each rollout wave bakes before the next. */
  readonly bakeMinutes: number;
}

/**
 * What each regional cluster's own Argo CD gets, one folder per cluster
 * (`<cluster>/argocd.yaml`: AppProject and Application), applied once when
 * Argo CD is installed there (docs/first-deploy.md).
 */
export class GitOpsChart extends Chart {
  readonly clusters: readonly GitOps[];
  private readonly blueprint: Blueprint;

  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const b = props.blueprint;
    this.blueprint = b;
    const plan = rolloutPlan(b, props.bakeMinutes);
    this.clusters = b.regions.map((region) => {
      const cluster = clusterName(b, region);
      return new GitOps(this, cluster, {
        ...props,
        region,
        kinds: props.kinds(cluster),
        wave: plan.find((w) => w.cluster === cluster)!,
      });
    });
  }

  /** The chart's objects by file: `<cluster>/argocd.yaml`. */
  files(): Map<string, ManifestDoc[]> {
    return new Map(
      this.clusters.map((g, i): [string, ManifestDoc[]] => [
        `${clusterName(this.blueprint, this.blueprint.regions[i]!)}/argocd.yaml`,
        objectsOf(g),
      ]),
    );
  }
}
