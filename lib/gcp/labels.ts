import type { Blueprint, Region } from "../blueprint/model";

/**
 * The blueprint's tags as Google Cloud labels: keys and values lowercase,
 * only letters, digits, `_` and `-`, at most 63 characters, keys starting
 * with a letter. Adds `region` (the region name, or `global` for what spans
 * regions), as AWS resources carry a `region` tag; the region's budget
 * filters on it.
 * @see https://cloud.google.com/resource-manager/docs/labels-overview#requirements
 */
export function gcpLabels(b: Blueprint, region: Region | "global"): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(b.tags)) {
    let key = clean(k);
    if (!/^[a-z]/.test(key)) key = `t-${key}`.slice(0, 63);
    labels[key] = clean(v);
  }
  labels[GCP_REGION_LABEL] = region === "global" ? "global" : region.region;
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/** The label every regional resource carries; the region's budget filters on it. */
export const GCP_REGION_LABEL = "region";

function clean(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "_")
    .slice(0, 63);
}
