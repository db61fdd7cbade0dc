import type { Blueprint, Region } from "../blueprint/model";
import { clusterName } from "../core/names";

/** One step of a release: one regional cluster, the branch its Argo CD follows, the bake before the next. */
export interface RolloutWave {
  /** 1 for the canary, then one more per region. */
  readonly wave: number;
  readonly cluster: string;
  readonly cloud: string;
  readonly region: string;
  /** Whether the region holds its cloud's writer (see `holdsWriter`): rolled out last. */
  readonly writer: boolean;
  /** The branch this cluster's Argo CD Application follows; promoting the wave moves it. */
  readonly branch: string;
  /** Minutes this wave must stay Synced and Healthy before the next wave is promoted; 0 for the last. */
  readonly bakeMinutes: number;
}

/** The branch a regional cluster's Argo CD follows, e.g. `deploy/shop-aws-eu-west-1`. */
export function deployBranch(b: Blueprint, r: Region): string {
  return `deploy/${clusterName(b, r)}`;
}

/**
 * Whether a region holds a writer: the primary region of its cloud when that
 * cloud's engine has one (Aurora and Cloud SQL writers, the Spanner default
 * leader). A DynamoDB global table takes writes in every region: no writer.
 */
export function holdsWriter(b: Blueprint, r: Region): boolean {
  return r.writer && b.database.engines[r.cloud] !== "dynamodb";
}

/**
 * The order a release reaches the regions, one region per wave: first the
 * smallest region (by weight) that does not hold a writer, so a bad release
 * meets the least traffic and no writer; then the other readers, smallest
 * first; the writers last. Ties keep blueprint order. Each wave bakes
 * `bakeMinutes` before the next is promoted.
 */
export function rolloutPlan(b: Blueprint, bakeMinutes: number): RolloutWave[] {
  const indexed = b.regions.map((r, i) => ({ r, i }));
  const bySize = (a: { r: Region; i: number }, c: { r: Region; i: number }) =>
    a.r.weight - c.r.weight || a.i - c.i;
  const ordered = [
    ...indexed.filter((x) => !holdsWriter(b, x.r)).sort(bySize),
    ...indexed.filter((x) => holdsWriter(b, x.r)).sort(bySize),
  ];
  return ordered.map(({ r }, i) => ({
    wave: i + 1,
    cluster: clusterName(b, r),
    cloud: r.cloud,
    region: r.region,
    writer: holdsWriter(b, r),
    branch: deployBranch(b, r),
    bakeMinutes: i === ordered.length - 1 ? 0 : bakeMinutes,
  }));
}
