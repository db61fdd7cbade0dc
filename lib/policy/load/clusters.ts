import * as path from "node:path";
import type { K8sObject } from "../types";
import { isObj } from "../values";
import type { LoadedObject } from "./forms/form";
import { REGION_LABEL } from "./k8s-yaml";

/** Which cluster each path is, as the user said (`.activeactive.yaml` `clusters: {name: [paths]}`). */
export type ClusterMap = Readonly<Record<string, readonly string[]>>;

/** Our own layout: `dist/k8s/<cluster>/…` (any folder named k8s with one folder per cluster). */
const LAYOUT = /(?:^|\/)k8s\/([^/]+)\//;

function regionLabel(o: LoadedObject): string | undefined {
  const meta = isObj(o.doc["metadata"]) ? o.doc["metadata"] : {};
  const labels = isObj(meta["labels"]) ? meta["labels"] : {};
  return typeof labels[REGION_LABEL] === "string" ? labels[REGION_LABEL] : undefined;
}

/**
 * Gives each object its cluster. A cluster is only what someone said it is:
 * the config's `clusters` (a path and everything under it), our own
 * `dist/k8s/<cluster>/` layout, or the region label when every labelled
 * object of one source (a file, a kustomize build) names the same region.
 * Anything else is in no cluster (""), and AA502 compares nothing for it.
 */
export function assignClusters(
  loaded: readonly LoadedObject[],
  clusters: ClusterMap | undefined,
  cwd: string,
): K8sObject[] {
  const configured = Object.entries(clusters ?? {}).flatMap(([name, paths]) =>
    paths.map((p) => ({ name, abs: path.resolve(cwd, p) })),
  );
  // Longest path first: a more specific entry wins.
  configured.sort((a, b) => b.abs.length - a.abs.length);
  const bySource = new Map<string, Set<string>>();
  for (const o of loaded) {
    const r = regionLabel(o);
    if (r === undefined) continue;
    const set = bySource.get(o.source) ?? new Set<string>();
    set.add(r);
    bySource.set(o.source, set);
  }
  const memo = new Map<string, string | undefined>();
  const stated = (source: string): string | undefined => {
    if (memo.has(source)) return memo.get(source);
    const abs = path.resolve(cwd, source);
    const hit = configured.find((c) => abs === c.abs || abs.startsWith(`${c.abs}${path.sep}`))?.name;
    const layout = LAYOUT.exec(`${source.split(path.sep).join("/")}/`)?.[1];
    const labels = bySource.get(source);
    const labelled = labels?.size === 1 ? [...labels][0] : undefined;
    const cluster = hit ?? layout ?? labelled;
    memo.set(source, cluster);
    return cluster;
  };
  return loaded.map((o) => {
    const label = regionLabel(o);
    const cluster = stated(o.source) ?? label ?? "";
    const region = label ?? (cluster || undefined);
    const { source: _, ...object } = o;
    return { ...object, cluster, ...(region ? { region } : {}) };
  });
}
