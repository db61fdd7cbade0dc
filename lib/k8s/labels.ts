import type { Blueprint, Region } from "../blueprint/model";
import { PATTERN_LABEL } from "../core/app-contract";
import { fitName } from "../core/names";
import { REGION_LABEL } from "../core/parity";

/** Label carrying the blueprint name on every generated object, Argo CD objects included. */
export const BLUEPRINT_LABEL = "activeactive.dev/blueprint";
export const MANAGED_BY = "activeactive";

/** Selector labels of a workload: identical in every region and never changed (selectors are immutable). */
export function selectorLabels(b: Blueprint, workload: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": workload,
    // Label values stop at 63 characters; blueprint (32) and workload (42) names together can pass that.
    "app.kubernetes.io/instance": fitName(`${b.name}-${workload}`, 63),
  };
}

/**
 * The labels of every object in a regional cluster. `name` is the workload,
 * or the blueprint for objects shared by all workloads; `version` only where
 * one image is meant.
 */
export function objectLabels(
  b: Blueprint,
  r: Region,
  name: string,
  version?: string,
): Record<string, string> {
  return {
    ...(name === b.name
      ? { "app.kubernetes.io/name": b.name, "app.kubernetes.io/instance": b.name }
      : selectorLabels(b, name)),
    ...(version !== undefined ? { "app.kubernetes.io/version": version } : {}),
    "app.kubernetes.io/part-of": b.name,
    "app.kubernetes.io/managed-by": MANAGED_BY,
    [BLUEPRINT_LABEL]: b.name,
    // Policy reads the pattern from the output (AA206): which signals must exist.
    [PATTERN_LABEL]: b.pattern,
    [REGION_LABEL]: r.region,
  };
}
