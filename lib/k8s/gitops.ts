import type { IApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import type { IAppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Construct } from "constructs";
import type { Blueprint } from "../blueprint/model";
import { clusterName, workloadNamespace } from "../core/names";
import { BLUEPRINT_LABEL, MANAGED_BY } from "./labels";
import { typedObject } from "./typed-object";

/** Labels of an Argo CD cluster Secret the ApplicationSet selects clusters by. */
export const CLUSTER_CLOUD_LABEL = "cloud";
export const CLUSTER_REGION_LABEL = "region";

export interface GitOpsProps {
  readonly blueprint: Blueprint;
  /** Git repository holding the synthesized manifests. */
  readonly repoURL: string;
  /** Branch, tag or commit Argo CD follows. */
  readonly revision: string;
  /** Folder of the per-cluster folders inside the repository (the clusters' folders are `<path>/<cluster>`). */
  readonly path: string;
  /** Namespace Argo CD runs in. */
  readonly argocdNamespace: string;
  /** The `group/kind` of every object in the cluster folders: all the project may create. */
  readonly kinds: readonly { readonly group: string; readonly kind: string }[];
}

/**
 * Argo CD objects that keep every regional cluster at the blueprint's state:
 * an AppProject fenced to the blueprint's clusters, namespace, repository and
 * kinds, and an ApplicationSet that makes one Application per cluster Secret
 * labelled with the blueprint, a cloud and a region, rolled out region by
 * region (RollingSync): the first region alone, then the others, so a release
 * that fails its health checks stops in the first region.
 */
export class GitOps extends Construct {
  constructor(scope: Construct, id: string, props: GitOpsProps) {
    super(scope, id);
    const b = props.blueprint;
    const namespace = workloadNamespace(b);
    const labels = {
      "app.kubernetes.io/name": b.name,
      "app.kubernetes.io/part-of": b.name,
      "app.kubernetes.io/managed-by": MANAGED_BY,
      [BLUEPRINT_LABEL]: b.name,
    };
    const clusters = b.regions.map((r) => clusterName(b, r));
    // NodeClass and NodePool: the EKS Auto Mode nodes (lib/k8s/eks-node-pool.ts).
    const clusterScoped = new Set(["Namespace", "NodeClass", "NodePool"]);

    typedObject<IAppProject>(this, "Project", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: { name: b.name, namespace: props.argocdNamespace, labels },
      spec: {
        description: `${b.name}: the same workloads in every region (activeactive)`,
        sourceRepos: [props.repoURL],
        destinations: [
          ...clusters.map((name) => ({ name, namespace })),
          // The amazon-vpc-cni ConfigMap that turns network policy enforcement on (EKS).
          ...b.regions
            .filter((r) => r.cloud === "aws")
            .map((r) => ({ name: clusterName(b, r), namespace: "kube-system" })),
        ],
        clusterResourceWhitelist: props.kinds.filter((k) => clusterScoped.has(k.kind)),
        namespaceResourceWhitelist: props.kinds.filter((k) => !clusterScoped.has(k.kind)),
        // Objects in the namespace that git does not hold are drift: show them.
        orphanedResources: { warn: true },
      },
    });

    const [first, ...rest] = b.regions;
    const step = (regions: readonly { region: string }[]) => ({
      matchExpressions: [{ key: CLUSTER_REGION_LABEL, operator: "In", values: regions.map((r) => r.region) }],
    });
    typedObject<IApplicationSet>(this, "ApplicationSet", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "ApplicationSet",
      metadata: { name: b.name, namespace: props.argocdNamespace, labels },
      spec: {
        goTemplate: true,
        goTemplateOptions: ["missingkey=error"],
        generators: [
          {
            clusters: {
              selector: {
                matchLabels: { [BLUEPRINT_LABEL]: b.name },
                matchExpressions: [
                  {
                    key: CLUSTER_CLOUD_LABEL,
                    operator: "In",
                    values: [...new Set(b.regions.map((r) => r.cloud))],
                  },
                  { key: CLUSTER_REGION_LABEL, operator: "In", values: b.regions.map((r) => r.region) },
                ],
              },
            },
          },
        ],
        strategy: {
          type: "RollingSync",
          rollingSync: { steps: [step([first!]), ...(rest.length ? [step(rest)] : [])] },
        },
        // Deleting the ApplicationSet must not delete the workloads of every region at once.
        syncPolicy: { preserveResourcesOnDeletion: true },
        template: {
          metadata: {
            name: "{{ .name }}",
            labels: {
              ...labels,
              [CLUSTER_CLOUD_LABEL]: `{{ index .metadata.labels "${CLUSTER_CLOUD_LABEL}" }}`,
              [CLUSTER_REGION_LABEL]: `{{ index .metadata.labels "${CLUSTER_REGION_LABEL}" }}`,
            },
          },
          spec: {
            project: b.name,
            source: {
              repoURL: props.repoURL,
              targetRevision: props.revision,
              path: `${props.path}/{{ .name }}`,
            },
            destination: { name: "{{ .name }}", namespace },
            // RollingSync turns automated sync off and syncs each step itself.
            syncPolicy: {
              syncOptions: ["PruneLast=true", "ServerSideApply=true"],
              retry: { limit: 3, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
            },
          },
        },
      },
    });
  }
}
