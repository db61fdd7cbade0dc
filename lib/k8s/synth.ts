import type { Blueprint } from "../blueprint/model";

/** PLACEHOLDER: writes dist/k8s/<cluster>/ and dist/gitops/ into `outdir`; returns files written. */
export function writeManifests(blueprint: Blueprint, outdir: string): string[] {
  void blueprint;
  void outdir;
  return [];
}
