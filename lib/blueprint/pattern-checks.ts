import { DSQL_REGION_GROUPS, dsqlWitness } from "../core/dsql-regions";
import { formatPath, type Problem, show } from "../core/errors";
import { enginesFor, fittingEnginesText } from "../core/patterns";
import { type Cloud, ENGINE_CLOUD, type Engine } from "../core/regions";
import type { BlueprintInput } from "./schema";

/**
 * An engine that cannot give the pattern's guarantee is refused here, naming
 * the engines that fit (the table in lib/core/patterns.ts). Engines on the
 * wrong cloud are reported by the engine check, not twice.
 */
export function patternProblems(input: BlueprintInput): Problem[] {
  const s = input.spec;
  const pattern = s.pattern;
  if (pattern === undefined) return []; // the default is chosen to fit the engine
  const clouds = [...new Set(s.regions.map((r) => r.cloud))];
  const engine = s.database.engine;
  const used: [Cloud, Engine, (string | number)[]][] =
    typeof engine === "string"
      ? clouds.map((c) => [c, engine, ["spec", "database", "engine"]])
      : clouds.flatMap((c) => {
          const e = engine[c];
          return e === undefined
            ? []
            : [[c, e, ["spec", "database", "engine", c]] as [Cloud, Engine, string[]]];
        });
  const problems: Problem[] = [];
  for (const [cloud, e, path] of used) {
    if (ENGINE_CLOUD[e] !== cloud || enginesFor(pattern, cloud).includes(e)) continue;
    if (problems.some((p) => p.found === show(e))) continue;
    problems.push({
      path: formatPath(path),
      message: `engine ${e} cannot give the ${pattern} guarantee (spec.pattern); ${fittingEnginesText(pattern, clouds)}`,
      found: show(e),
      expected: `for ${pattern}: ${clouds.map((c) => `${c}: ${enginesFor(pattern, c).join(" or ")}`).join("; ")}`,
    });
  }
  return problems;
}

/** Aurora DSQL peers exactly two regions of one group, with the group's third as witness. */
export function dsqlProblems(input: BlueprintInput): Problem[] {
  const s = input.spec;
  const engine = typeof s.database.engine === "string" ? s.database.engine : s.database.engine.aws;
  if (engine !== "aurora-dsql") return [];
  const aws = s.regions.filter((r) => r.cloud === "aws").map((r) => r.region);
  if (dsqlWitness(aws) !== undefined) return [];
  return [
    {
      path: formatPath(["spec", "regions"]),
      message:
        "an Aurora DSQL multi-region cluster peers two aws regions of one group; the third is the witness",
      found: aws.join(", "),
      expected: `two regions of one of: ${DSQL_REGION_GROUPS.map((g) => g.join(", ")).join("; ")}`,
      hint: "or use spanner on gcp for more regions",
    },
  ];
}
