import type { WorkloadInput } from "../blueprint/schema";
import { largestRemainder } from "../core/largest-remainder";

/** What a replica split needs of a region. */
export interface WeightedRegion {
  readonly region: string;
  readonly weight: number;
}

/** Replicas in every region when the blueprint says nothing. */
export const DEFAULT_REPLICAS = 2;
/** Floor per region when a total is split by weight: one region must absorb another's failover. */
export const DEFAULT_MIN_PER_REGION = 2;

/**
 * The replica count of a workload in each region, keyed by region name.
 *
 * - a number: that count everywhere;
 * - `{ total, minPerRegion }`: the total split by region weight with the
 *   largest-remainder method (the shares add up to `total`; ties go to the
 *   region listed first), then raised to `minPerRegion`, so the sum can exceed
 *   `total`; when every weight is 0 the split is even;
 * - `{ perRegion }`: the count given for each region.
 */
export function replicasByRegion(
  replicas: WorkloadInput["replicas"],
  regions: readonly WeightedRegion[],
): Record<string, number> {
  if (replicas === undefined || typeof replicas === "number") {
    const n = replicas ?? DEFAULT_REPLICAS;
    return Object.fromEntries(regions.map((r) => [r.region, n]));
  }
  if ("perRegion" in replicas) {
    return Object.fromEntries(
      regions.map((r) => [r.region, replicas.perRegion[r.region] ?? DEFAULT_REPLICAS]),
    );
  }
  const min = replicas.minPerRegion ?? DEFAULT_MIN_PER_REGION;
  const shares = splitByWeight(
    replicas.total,
    regions.map((r) => r.weight),
  );
  return Object.fromEntries(regions.map((r, i) => [r.region, Math.max(min, shares[i]!)]));
}

/** Splits `total` into integer shares proportional to `weights` (largest remainder, stable ties). */
export function splitByWeight(total: number, weights: readonly number[]): number[] {
  // All weights 0 (every region a standby): share equally rather than not at all.
  return largestRemainder(total, weights.every((w) => w === 0) ? weights.map(() => 1) : weights);
}
