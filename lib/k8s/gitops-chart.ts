import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { Blueprint } from "../blueprint/model";
import { clusterName } from "../core/names";
import { type ManifestDoc, objectsOf } from "./cluster-chart";
import { ClusterSecret } from "./cluster-secret";
import { GitOps, type GitOpsProps } from "./gitops";

export type GitOpsChartProps = GitOpsProps;

/**
 * What the Argo CD management cluster gets: the AppProject and ApplicationSet
 * (`argocd.yaml`) and one cluster Secret template per region
 * (`clusters/<cluster>.yaml`, filled in by the operator before it is applied).
 */
export class GitOpsChart extends Chart {
  readonly gitops: GitOps;
  readonly clusterSecrets: readonly ClusterSecret[];
  private readonly blueprint: Blueprint;

  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    this.blueprint = props.blueprint;
    this.gitops = new GitOps(this, "GitOps", props);
    this.clusterSecrets = props.blueprint.regions.map(
      (region) =>
        new ClusterSecret(this, clusterName(props.blueprint, region), {
          blueprint: props.blueprint,
          region,
          argocdNamespace: props.argocdNamespace,
        }),
    );
  }

  /** The chart's objects by file: `argocd.yaml` and `clusters/<cluster>.yaml`. */
  files(): Map<string, ManifestDoc[]> {
    return new Map([
      ["argocd.yaml", objectsOf(this.gitops)],
      ...this.clusterSecrets.map((s, i): [string, ManifestDoc[]] => [
        `clusters/${clusterName(this.blueprint, this.blueprint.regions[i]!)}.yaml`,
        objectsOf(s),
      ]),
    ]);
  }
}
