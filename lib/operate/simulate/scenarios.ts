import type { Blueprint, Region } from "../../blueprint/model";
import { UsageError } from "../../core/errors";
import { CLOUDS } from "../../core/regions";

/** One what-if: the regions lost together. */
export interface Scenario {
  readonly label: string;
  readonly lost: readonly Region[];
}

/** `--lose` values besides a region or cloud name. */
export const ALL_BUT_ONE = "all-but-one";
/** What a report says it lost when no `--lose` was given. */
export const EACH_REGION = "each-region";

/**
 * The scenarios `--lose` asks for: nothing = each region in turn; a region
 * name (`us-east-1`) or key (`aws-us-east-1`); a cloud (`aws`, `gcp`) of a
 * blueprint that has regions on another cloud; `all-but-one` = keep each
 * region alone in turn. Anything else is a usage error naming what exists.
 */
export function scenariosFor(b: Blueprint, lose?: string): Scenario[] {
  if (lose === undefined || lose === EACH_REGION) {
    return b.regions.map((r) => ({ label: r.region, lost: [r] }));
  }
  if (lose === ALL_BUT_ONE) {
    return b.regions.map((kept) => ({
      label: `all but ${kept.region}`,
      lost: b.regions.filter((r) => r !== kept),
    }));
  }
  const region = b.regions.find((r) => r.region === lose || r.key === lose);
  if (region) return [{ label: region.region, lost: [region] }];
  if ((CLOUDS as readonly string[]).includes(lose)) {
    const lost = b.regions.filter((r) => r.cloud === lose);
    if (lost.length > 0 && lost.length < b.regions.length) return [{ label: lose, lost }];
    throw new UsageError({
      path: "--lose",
      message:
        lost.length === 0
          ? `the blueprint has no ${lose} region`
          : `every region of the blueprint is on ${lose}: nothing would survive`,
      found: JSON.stringify(lose),
      expected: expectedLoss(b),
    });
  }
  throw new UsageError({
    path: "--lose",
    message: "not a region or cloud of the blueprint",
    found: JSON.stringify(lose),
    expected: expectedLoss(b),
  });
}

function expectedLoss(b: Blueprint): string {
  const clouds = [...new Set(b.regions.map((r) => r.cloud))];
  return [...b.regions.map((r) => r.region), ...(clouds.length > 1 ? clouds : []), ALL_BUT_ONE].join(", ");
}
