import { largestRemainder } from "./largest-remainder";

/**
 * How `budget.monthlyUsd` is shared out: it is the total for the whole
 * service. Regions with an explicit amount get it; the rest is split between
 * the other regions by routing weight, to the cent (largest remainder, so the
 * shares add up exactly). A standby region (weight 0) still runs its cluster
 * and datastore, so it counts as the smallest weight of the others. Each
 * cloud's total is the sum of its regions.
 */

export interface BudgetRegion {
  /** Region key, e.g. `aws-us-east-1`. */
  readonly key: string;
  /** Region name as the blueprint writes it (the `perRegion` key). */
  readonly name: string;
  readonly cloud: string;
  readonly weight: number;
}

export interface BudgetSplit {
  /** USD per region key, two decimals. */
  readonly byRegion: Readonly<Record<string, number>>;
  /** USD per cloud: the sum of its regions. */
  readonly byCloud: Readonly<Record<string, number>>;
}

export interface BudgetProblem {
  /** The region name the problem is about, or undefined for the whole budget. */
  readonly region?: string;
  readonly message: string;
  readonly found: string;
  readonly expected: string;
}

const cents = (usd: number) => Math.round(usd * 100);

/** Weights for the split: standby regions (weight 0) count as the smallest serving weight, or 1. */
function budgetWeights(regions: readonly BudgetRegion[]): number[] {
  const serving = regions.map((r) => r.weight).filter((w) => w > 0);
  const floor = serving.length > 0 ? Math.min(...serving) : 1;
  return regions.map((r) => (r.weight > 0 ? r.weight : floor));
}

/** What is wrong with a split; empty when `splitBudget` will succeed. */
export function budgetProblems(
  monthlyUsd: number,
  regions: readonly BudgetRegion[],
  perRegion: Readonly<Record<string, number>> = {},
): BudgetProblem[] {
  const problems: BudgetProblem[] = [];
  const names = new Set(regions.map((r) => r.name));
  for (const name of Object.keys(perRegion)) {
    if (!names.has(name)) {
      problems.push({
        region: name,
        message: "not a region of this blueprint",
        found: JSON.stringify(name),
        expected: `one of ${[...names].join(", ")}`,
      });
    }
  }
  const explicit = Object.entries(perRegion)
    .filter(([n]) => names.has(n))
    .reduce((a, [, v]) => a + cents(v), 0);
  const rest = regions.filter((r) => perRegion[r.name] === undefined);
  const left = cents(monthlyUsd) - explicit;
  if (left < 0 || (left === 0 && rest.length > 0)) {
    problems.push({
      message: "the per-region amounts leave nothing for the other regions",
      found: `${(explicit / 100).toFixed(2)} of ${monthlyUsd} USD in budget.perRegion`,
      expected: rest.length > 0 ? `less than ${monthlyUsd}` : `at most ${monthlyUsd}`,
    });
    return problems;
  }
  if (rest.length === 0 && left > 0) {
    problems.push({
      message: "every region has an amount, and they do not add up to monthlyUsd (the total)",
      found: `${(explicit / 100).toFixed(2)} USD`,
      expected: `${monthlyUsd} USD`,
    });
  }
  if (rest.length > 0) {
    const shares = largestRemainder(left, budgetWeights(rest));
    rest.forEach((r, i) => {
      if (shares[i] === 0) {
        problems.push({
          region: r.name,
          message: `region ${r.name} would get a budget of 0 USD (weight ${r.weight})`,
          found: "0 USD",
          expected: `a larger monthlyUsd, or an amount for ${r.name} in budget.perRegion`,
        });
      }
    });
  }
  return problems;
}

/** The split; call `budgetProblems` first (this throws on what it reports). */
export function splitBudget(
  monthlyUsd: number,
  regions: readonly BudgetRegion[],
  perRegion: Readonly<Record<string, number>> = {},
): BudgetSplit {
  const problems = budgetProblems(monthlyUsd, regions, perRegion);
  if (problems.length > 0) throw new Error(`budget split: ${problems[0]!.message}`);
  const rest = regions.filter((r) => perRegion[r.name] === undefined);
  const explicit = regions.reduce(
    (a, r) => a + (perRegion[r.name] !== undefined ? cents(perRegion[r.name]!) : 0),
    0,
  );
  const shares = largestRemainder(cents(monthlyUsd) - explicit, budgetWeights(rest));
  const byRegionCents: Record<string, number> = {};
  for (const r of regions) {
    byRegionCents[r.key] =
      perRegion[r.name] !== undefined ? cents(perRegion[r.name]!) : shares[rest.indexOf(r)]!;
  }
  const byCloudCents: Record<string, number> = {};
  for (const r of regions) byCloudCents[r.cloud] = (byCloudCents[r.cloud] ?? 0) + byRegionCents[r.key]!;
  const usd = (o: Record<string, number>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v / 100]));
  return { byRegion: usd(byRegionCents), byCloud: usd(byCloudCents) };
}
