import type { Blueprint, Region } from "../lib/blueprint/model";

/**
 * Deterministic names shared across stacks. Stacks never pass tokens to each
 * other (a cross-stack token becomes remote state that cannot plan offline);
 * they agree on names computed here from the blueprint instead.
 */
export const stackNames = {
  global: (b: Blueprint) => `${b.name}-global`,
  region: (b: Blueprint, r: Region) => `${b.name}-${r.key}`,
  interconnect: (b: Blueprint) => `${b.name}-interconnect`,
};

/** The hostname each region serves on, behind the one global name. */
export function regionalHostname(b: Blueprint, r: Region): string {
  return `${r.region}.${b.dns.domain}`;
}

/** Resource name prefix unique per blueprint and region, e.g. `shop-aws-us-east-1`. */
export function regionalName(b: Blueprint, r: Region): string {
  return `${b.name}-${r.key}`;
}

/** The Kubernetes cluster name in a region; also the folder under dist/k8s. */
export function clusterName(b: Blueprint, r: Region): string {
  return `${b.name}-${r.key}`;
}
