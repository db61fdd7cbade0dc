import { formatPath, type Problem, show } from "../core/errors";
import type { BlueprintInput, Engine } from "./schema";

/** Engines with one writer that a switchover or failover moves between regions. */
export const SINGLE_WRITER_ENGINES: readonly Engine[] = ["aurora-postgresql", "cloudsql-postgres"];

/**
 * Where writes go: `spec.database.writerRegion` names a region of the
 * blueprint whose engine has a single writer, and every shard of
 * `spec.sharding.owners` has one owner region of the blueprint.
 */
export function writerChecks(input: BlueprintInput, problems: Problem[]): void {
  const s = input.spec;
  const names = s.regions.map((r) => r.region);
  const writer = s.database.writerRegion;
  if (writer !== undefined) {
    const region = s.regions.find((r) => r.region === writer);
    const engine =
      typeof s.database.engine === "string" ? s.database.engine : s.database.engine[region?.cloud ?? "aws"];
    if (region === undefined) {
      problems.push({
        path: formatPath(["spec", "database", "writerRegion"]),
        message: "the writer region is not a region of this blueprint",
        found: show(writer),
        expected: `one of ${names.join(", ")}`,
      });
    } else if (engine === undefined || !SINGLE_WRITER_ENGINES.includes(engine)) {
      problems.push({
        path: formatPath(["spec", "database", "writerRegion"]),
        message: `${engine ?? "this engine"} has no single writer to place`,
        found: show(writer),
        expected: `no writerRegion, or an engine of ${SINGLE_WRITER_ENGINES.join(", ")} in ${region.cloud}`,
      });
    }
  }
  const owners = s.sharding?.owners ?? {};
  for (const [shard, owner] of Object.entries(owners)) {
    if (!names.includes(owner)) {
      problems.push({
        path: formatPath(["spec", "sharding", "owners", shard]),
        message: `shard ${show(shard)} is owned by a region that is not in this blueprint`,
        found: show(owner),
        expected: `one of ${names.join(", ")}`,
      });
    }
  }
  if (Object.keys(owners).length > 0 && (s.pattern ?? "read-local-write-local") !== "primary-per-shard") {
    problems.push({
      path: formatPath(["spec", "sharding", "owners"]),
      message: "shard owners route writes for the primary-per-shard pattern only",
      found: `pattern ${show(s.pattern ?? "read-local-write-local")}`,
      expected: "pattern: primary-per-shard, or no owners",
    });
  }
}
