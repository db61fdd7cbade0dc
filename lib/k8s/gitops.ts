import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type { IAppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Construct } from "constructs";
import type { Blueprint, Region } from "../blueprint/model";
import { clusterName, workloadNamespace } from "../core/names";
import { BLUEPRINT_LABEL, MANAGED_BY } from "./labels";
import type { RolloutWave } from "./rollout";
import { typedObject } from "./typed-object";

/** The API server of the cluster Argo CD runs in. */
export const IN_CLUSTER = "https://kubernetes.default.svc";

/** Annotations of an Application that carry its place in the rollout. */
export const WAVE_ANNOTATION = "activeactive.dev/rollout-wave";
export const BAKE_ANNOTATION = "activeactive.dev/bake-minutes";

export interface GitOpsProps {
  readonly blueprint: Blueprint;
  /** The region whose cluster runs this Argo CD. */
  readonly region: Region;
  /** Git repository holding the synthesized manifests. */
  readonly repoURL: string;
  /** Folder of the per-cluster folders inside the repository (this cluster's is `<path>/<cluster>`). */
  readonly path: string;
  /** Folder of the per-cluster Argo CD folders (this file's folder is `<gitopsPath>/<cluster>`). */
  readonly gitopsPath: string;
  /** Namespace Argo CD runs in. */
  readonly argocdNamespace: string;
  /** The `group/kind` of every object in this cluster's folder: all the project may create. */
  readonly kinds: readonly { readonly group: string; readonly kind: string }[];
  /** This cluster's place in the rollout: the branch it follows and the bake after it. */
  readonly wave: RolloutWave;
}

/**
 * The Argo CD objects of one regional cluster, for the Argo CD that runs in
 * that cluster (pull): an AppProject fenced to this cluster, the blueprint's
 * namespace, the repository and the kinds the folders hold, and one
 * Application that syncs the cluster's own folder from the branch of its
 * rollout wave, pruning and healing drift. No cluster reaches another and no
 * region's serving depends on another region's Argo CD.
 *
 * A second project and Application (`<blueprint>-gitops`, `<cluster>-gitops`)
 * sync these very objects from `<gitopsPath>/<cluster>` on the same branch,
 * so after the one-time bootstrap a change to them (a new kind the project
 * must allow) arrives through Git and the rollout like any release.
 */
export class GitOps extends Construct {
  constructor(scope: Construct, id: string, props: GitOpsProps) {
    super(scope, id);
    const b = props.blueprint;
    const cluster = clusterName(b, props.region);
    const namespace = workloadNamespace(b);
    const labels = {
      "app.kubernetes.io/name": b.name,
      "app.kubernetes.io/part-of": b.name,
      "app.kubernetes.io/managed-by": MANAGED_BY,
      [BLUEPRINT_LABEL]: b.name,
    };
    // NodeClass and NodePool: the EKS Auto Mode nodes (lib/k8s/eks-node-pool.ts).
    const clusterScoped = new Set(["Namespace", "NodeClass", "NodePool"]);

    typedObject<IAppProject>(this, "Project", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: { name: b.name, namespace: props.argocdNamespace, labels },
      spec: {
        description: `${b.name} in ${props.region.region}: the same workloads as every region (activeactive)`,
        sourceRepos: [props.repoURL],
        destinations: [
          { server: IN_CLUSTER, namespace },
          // The amazon-vpc-cni ConfigMap that turns network policy enforcement on (EKS).
          ...(props.region.cloud === "aws" ? [{ server: IN_CLUSTER, namespace: "kube-system" }] : []),
        ],
        clusterResourceWhitelist: props.kinds.filter((k) => clusterScoped.has(k.kind)),
        namespaceResourceWhitelist: props.kinds.filter((k) => !clusterScoped.has(k.kind)),
        // Objects in the namespace that git does not hold are drift: show them.
        orphanedResources: { warn: true },
      },
    });

    const gitopsProject = `${b.name}-gitops`;
    typedObject<IAppProject>(this, "GitOpsProject", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: { name: gitopsProject, namespace: props.argocdNamespace, labels },
      spec: {
        description: `${b.name} in ${props.region.region}: Argo CD's own objects for the blueprint (activeactive)`,
        sourceRepos: [props.repoURL],
        destinations: [{ server: IN_CLUSTER, namespace: props.argocdNamespace }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: "argoproj.io", kind: "AppProject" },
          { group: "argoproj.io", kind: "Application" },
        ],
      },
    });
    typedObject<IApplication>(this, "GitOpsApplication", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: `${cluster}-gitops`, namespace: props.argocdNamespace, labels },
      spec: {
        project: gitopsProject,
        source: {
          repoURL: props.repoURL,
          targetRevision: props.wave.branch,
          path: `${props.gitopsPath}/${cluster}`,
        },
        destination: { server: IN_CLUSTER, namespace: props.argocdNamespace },
        // No prune: removing an Application from git must not delete a region's workloads.
        syncPolicy: { automated: { prune: false, selfHeal: true }, syncOptions: ["ServerSideApply=true"] },
      },
    });

    typedObject<IApplication>(this, "Application", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: {
        name: cluster,
        namespace: props.argocdNamespace,
        labels,
        annotations: {
          [WAVE_ANNOTATION]: String(props.wave.wave),
          [BAKE_ANNOTATION]: String(props.wave.bakeMinutes),
        },
      },
      spec: {
        project: b.name,
        source: {
          repoURL: props.repoURL,
          targetRevision: props.wave.branch,
          path: `${props.path}/${cluster}`,
        },
        destination: { server: IN_CLUSTER, namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ["PruneLast=true", "ServerSideApply=true"],
          retry: { limit: 3, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
        },
      },
    });
  }
}
