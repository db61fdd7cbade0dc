import * as fs from "node:fs";
import * as path from "node:path";
import { App, Yaml } from "cdk8s";
import type { Blueprint } from "../blueprint/model";
import { clusterName } from "../core/names";
import { ClusterChart, type ManifestDoc } from "./cluster-chart";
import { GitOpsChart } from "./gitops-chart";
import { rolloutPlan } from "./rollout";
import { TARGET_GROUP_BINDING_KIND } from "./target-group-binding";
import { resolveWorkloads } from "./workload-defaults";

/** Overrides of the blueprint's `spec.gitops`. */
export interface ManifestOptions {
  /**
   * Git repository each cluster's Argo CD pulls its manifests from.
   * @default - `spec.gitops.repoURL`; without either, no `gitops/` folder is written
   */
  readonly repoURL?: string;
  /** The branch releases are committed to, which wave 1 is promoted from. @default - `spec.gitops.revision`, else main */
  readonly revision?: string;
  /** Folder of the cluster folders inside that repository. @default - `spec.gitops.path`, else dist/k8s */
  readonly path?: string;
  /** Namespace Argo CD runs in. @default - `spec.gitops.argocdNamespace`, else argocd */
  readonly argocdNamespace?: string;
  /** Minutes a rollout wave bakes before the next. @default - `spec.gitops.bakeMinutes`, else 30 */
  readonly bakeMinutes?: number;
}

/** Argo CD release the bootstrap installs (`install.yaml`: its API server stays a ClusterIP service, never exposed). */
export const ARGOCD_VERSION = "v3.1.0";

/** The settings of the GitOps output, options over `spec.gitops` over defaults; undefined without a repository. */
export function gitopsSettings(b: Blueprint, options: ManifestOptions = {}) {
  const repoURL = options.repoURL ?? b.gitops?.repoURL;
  if (repoURL === undefined) return undefined;
  const path = options.path ?? b.gitops?.path ?? "dist/k8s";
  return {
    repoURL,
    revision: options.revision ?? b.gitops?.revision ?? "main",
    path,
    // `synth` writes gitops/ next to k8s/.
    gitopsPath: path.includes("/") ? `${path.slice(0, path.lastIndexOf("/"))}/gitops` : "gitops",
    argocdNamespace: options.argocdNamespace ?? b.gitops?.argocdNamespace ?? "argocd",
    bakeMinutes: options.bakeMinutes ?? b.gitops?.bakeMinutes ?? 30,
  };
}

/**
 * `gitops/rollout.json`: the release order for the promotion job (see
 * docs/first-deploy.md): the branch releases land on, then per wave the
 * cluster, the branch its Argo CD follows and the bake before the next.
 */
export function rolloutFile(b: Blueprint, options: ManifestOptions = {}): string | undefined {
  const settings = gitopsSettings(b, options);
  if (settings === undefined) return undefined;
  const plan = {
    blueprint: b.name,
    repoURL: settings.repoURL,
    source: settings.revision,
    argocd: {
      version: ARGOCD_VERSION,
      namespace: settings.argocdNamespace,
      install: `https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD_VERSION}/manifests/install.yaml`,
    },
    waves: rolloutPlan(b, settings.bakeMinutes),
  };
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/**
 * Renders the blueprint's manifests: `k8s/<cluster>/*.yaml` (a ClusterChart
 * per regional cluster) and `gitops/*.yaml` (the GitOpsChart), keyed by path
 * relative to the output folder, in sorted order. Pure: nothing is written.
 */
export function renderManifests(b: Blueprint, options: ManifestOptions = {}): Map<string, ManifestDoc[]> {
  const workloads = resolveWorkloads(b);
  const app = new App({ outdir: "unused" });
  const out = new Map<string, ManifestDoc[]>();
  for (const region of b.regions) {
    const cluster = clusterName(b, region);
    const chart = new ClusterChart(app, cluster, { blueprint: b, region, workloads });
    for (const [file, docs] of chart.files()) out.set(`k8s/${cluster}/${file}`, docs.map(canonical));
  }
  const settings = gitopsSettings(b, options);
  if (settings !== undefined) {
    const awsClusters = new Set(b.regions.filter((r) => r.cloud === "aws").map((r) => clusterName(b, r)));
    const gitops = new GitOpsChart(app, "gitops", {
      blueprint: b,
      repoURL: settings.repoURL,
      path: settings.path,
      gitopsPath: settings.gitopsPath,
      argocdNamespace: settings.argocdNamespace,
      bakeMinutes: settings.bakeMinutes,
      kinds: (cluster) =>
        kindsOf(
          [...out].filter(([f]) => f.startsWith(`k8s/${cluster}/`)).flatMap(([, d]) => d),
          awsClusters.has(cluster) ? frontDoorKinds(b) : [],
        ),
    });
    for (const [file, docs] of gitops.files()) out.set(`gitops/${file}`, docs.map(canonical));
  }
  return new Map([...out].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)));
}

/**
 * Writes the manifests into `outdir` (`k8s/<cluster>/*.yaml`, and with a
 * repository `gitops/<cluster>/argocd.yaml` and `gitops/rollout.json`) and
 * returns the files written, relative and sorted.
 */
export function writeManifests(b: Blueprint, outdir: string, options: ManifestOptions = {}): string[] {
  const rendered = renderManifests(b, options);
  const write = (file: string, text: string) => {
    const target = path.join(outdir, ...file.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  };
  for (const [file, docs] of rendered) write(file, toYaml(b, docs));
  const rollout = rolloutFile(b, options);
  if (rollout !== undefined) write("gitops/rollout.json", rollout);
  return [...rendered.keys(), ...(rollout !== undefined ? ["gitops/rollout.json"] : [])].sort();
}

/** Multi-document YAML with a header naming the source. */
export function toYaml(b: Blueprint, docs: readonly ManifestDoc[]): string {
  return `# Generated by activeactive from blueprint ${b.name}. Do not edit: change the blueprint.\n${Yaml.stringify(...docs)}`;
}

/**
 * Kinds every AWS cluster's AppProject admits: the TargetGroupBinding, also
 * while a region has no `targetGroupArn` yet, so adding the ARN changes only
 * the cluster's own folder (see lib/k8s/target-group-binding.ts).
 */
function frontDoorKinds(b: Blueprint): { group: string; kind: string }[] {
  const aws = b.regions.some((r) => r.cloud === "aws");
  return aws && b.workloads.length > 0
    ? [{ group: "eks.amazonaws.com", kind: TARGET_GROUP_BINDING_KIND }]
    : [];
}

/** The distinct `group/kind` pairs of some objects and extra kinds, sorted. */
function kindsOf(
  docs: readonly ManifestDoc[],
  extra: readonly { group: string; kind: string }[] = [],
): { group: string; kind: string }[] {
  const seen = new Map<string, { group: string; kind: string }>();
  for (const k of extra) seen.set(`${k.group}/${k.kind}`, k);
  for (const d of docs) {
    const apiVersion = String(d.apiVersion);
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
    const kind = String(d.kind);
    seen.set(`${group}/${kind}`, { group, kind });
  }
  return [...seen.entries()].sort(([a], [c]) => (a < c ? -1 : 1)).map(([, v]) => v);
}

/**
 * Keys sorted at every level, `apiVersion`, `kind` and `metadata` first. cdk8s
 * sorts too, unless CDK8S_DISABLE_SORT is set: the output must not depend on
 * the environment.
 */
function canonical(doc: ManifestDoc): ManifestDoc {
  const { apiVersion, kind, metadata, ...rest } = sortKeys(doc) as ManifestDoc;
  return { apiVersion, kind, metadata, ...rest };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}
