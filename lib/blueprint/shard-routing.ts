import type { Blueprint, Region } from "./model";

/** The shard a single-writer primary-per-shard blueprint (no `spec.sharding.owners`) has: every key. */
export const ALL_SHARDS = "*";

/** The shards one region owns, and where it sends the others. */
export interface RemoteShards {
  /** The region that owns (writes) these shards. */
  readonly owner: Region;
  /** Header values, sorted. */
  readonly shards: readonly string[];
}

/**
 * The shards a region owns under primary-per-shard, sorted. With owners in
 * `spec.sharding.owners`, the shards mapped to it; without, one shard holds
 * every key (`*`) and the writer region of the cloud owns it, the others
 * none (their writes reach that writer through the engine, e.g. Aurora write
 * forwarding). Other patterns have no owners: empty.
 */
export function ownedShards(b: Blueprint, r: Region): string[] {
  if (b.pattern !== "primary-per-shard") return [];
  const owners = Object.entries(b.sharding.owners);
  if (owners.length === 0) return r.writer ? [ALL_SHARDS] : [];
  return owners
    .filter(([, owner]) => owner === r.key)
    .map(([shard]) => shard)
    .sort();
}

/**
 * The shards other regions own, grouped by owner in blueprint order: what a
 * region's front door sends to the owner. Empty for the shards it owns, for
 * the single-shard case (the engine forwards writes) and for other patterns.
 */
export function remoteShards(b: Blueprint, r: Region): RemoteShards[] {
  if (b.pattern !== "primary-per-shard") return [];
  const owners = Object.entries(b.sharding.owners);
  return b.regions
    .filter((owner) => owner.key !== r.key)
    .map((owner) => ({
      owner,
      shards: owners
        .filter(([, key]) => key === owner.key)
        .map(([shard]) => shard)
        .sort(),
    }))
    .filter((g) => g.shards.length > 0);
}
