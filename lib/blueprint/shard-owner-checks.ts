import { formatPath, type Problem, show } from "../core/errors";
import type { BlueprintInput, Cloud, Engine } from "./schema";
import { SINGLE_WRITER_ENGINES } from "./writer-checks";

/**
 * The regions of an input that take writes for their cloud's engine, in
 * blueprint order: every region of a multi-writer engine (DynamoDB,
 * Spanner...), and for a single-writer engine (Aurora global, Cloud SQL)
 * only the writer of that cloud (`spec.database.writerRegion` when it is in
 * that cloud, else the cloud's first region); the others forward or read.
 */
export function writingRegions(input: BlueprintInput): string[] {
  const s = input.spec;
  const engineOf = (cloud: Cloud): Engine | undefined =>
    typeof s.database.engine === "string" ? s.database.engine : s.database.engine[cloud];
  const writerOf = (cloud: Cloud): string | undefined => {
    const inCloud = s.regions.filter((r) => r.cloud === cloud);
    return (inCloud.find((r) => r.region === s.database.writerRegion) ?? inCloud[0])?.region;
  };
  return s.regions
    .filter((r) => {
      const engine = engineOf(r.cloud);
      return (
        engine === undefined || !SINGLE_WRITER_ENGINES.includes(engine) || writerOf(r.cloud) === r.region
      );
    })
    .map((r) => r.region);
}

/**
 * A shard's owner writes it, so it must be a region whose datastore takes
 * writes: on Aurora global and Cloud SQL a secondary only forwards or reads,
 * and a shard owned there would have no writer of its own. Owners that are
 * not regions of the blueprint are `writerChecks`' business, not reported twice.
 */
export function shardOwnerChecks(input: BlueprintInput, problems: Problem[]): void {
  const s = input.spec;
  const owners = s.sharding?.owners ?? {};
  const writing = writingRegions(input);
  for (const [shard, owner] of Object.entries(owners)) {
    const region = s.regions.find((r) => r.region === owner);
    if (region === undefined || writing.includes(owner)) continue;
    const engine =
      typeof s.database.engine === "string" ? s.database.engine : s.database.engine[region.cloud];
    const writer = writing.find((w) => s.regions.some((r) => r.region === w && r.cloud === region.cloud));
    problems.push({
      path: formatPath(["spec", "sharding", "owners", shard]),
      message: `shard ${show(shard)} is owned by ${owner}, which does not take writes: ${engine} has one writer in ${region.cloud} (${writer}), the other members forward or read`,
      found: show(owner),
      expected: `a region that takes writes: ${writing.join(", ")}`,
      hint: `own the shard in a writer region, or move the writer (spec.database.writerRegion)`,
    });
  }
}
