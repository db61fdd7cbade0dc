import * as fs from "node:fs";
import { loadBlueprintFile, resolveBlueprint } from "../../lib/blueprint/load";
import { budgetProblems, splitBudget } from "../../lib/core/budget-split";
import { UsageError } from "../../lib/core/errors";
import { resources } from "../aws/synth";
import { minimalBlueprint } from "../helpers/blueprints";
import { synthBlueprint } from "../stacks/helpers";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => `blueprints/${f}`);

/** AWS limit_amount is a string; GCP is units + nanos. */
function amountOf(type: string, body: Record<string, unknown>): number {
  if (type === "aws_budgets_budget") return Number(body["limit_amount"]);
  const a = (body["amount"] as { specified_amount: { units: string; nanos?: number } }).specified_amount;
  return Number(a.units) + (a.nanos ?? 0) / 1e9;
}

describe.each(CATALOGUE)("budgets of %s", (file) => {
  const b = loadBlueprintFile(file);
  const { stacks } = synthBlueprint(b);
  const budgets = Object.entries(stacks).flatMap(([stack, json]) =>
    ["aws_budgets_budget", "google_billing_budget"].flatMap((type) =>
      resources(json, type).map((body) => ({ stack, type, body, usd: amountOf(type, body) })),
    ),
  );
  const round = (n: number) => Math.round(n * 100) / 100;

  test("THEN the regional budgets of each cloud add up to that cloud's total, and the clouds to monthlyUsd", () => {
    const regional = budgets.filter((x) =>
      x.type === "aws_budgets_budget"
        ? x.body["cost_filter"] !== undefined
        : x.body["budget_filter"] !== undefined &&
          (x.body["budget_filter"] as { labels?: object }).labels !== undefined,
    );
    expect(regional).toHaveLength(b.regions.length);
    const perCloud: Record<string, number> = {};
    for (const x of regional) {
      const cloud = x.type === "aws_budgets_budget" ? "aws" : "gcp";
      perCloud[cloud] = round((perCloud[cloud] ?? 0) + x.usd);
    }
    expect(perCloud).toEqual(b.budget.byCloud);
    expect(round(Object.values(perCloud).reduce((a, n) => a + n, 0))).toBe(b.budget.monthlyUsd);
  });

  test("THEN global spend is counted in one cloud-wide budget per cloud, at that cloud's total", () => {
    const wide = budgets.filter((x) =>
      x.type === "aws_budgets_budget"
        ? x.body["cost_filter"] === undefined
        : (x.body["budget_filter"] as { labels?: object }).labels === undefined,
    );
    const clouds = [...new Set(b.regions.map((r) => r.cloud))].sort();
    expect(wide.map((x) => (x.type === "aws_budgets_budget" ? "aws" : "gcp")).sort()).toEqual(clouds);
    for (const x of wide) {
      expect(x.stack).toMatch(/global$/);
      expect(x.usd).toBe(b.budget.byCloud[x.type === "aws_budgets_budget" ? "aws" : "gcp"]);
    }
  });

  test("THEN every budget alerts on a forecast over 100% as well as on actual spend", () => {
    for (const x of budgets) {
      if (x.type === "aws_budgets_budget") {
        const kinds = (x.body["notification"] as { notification_type: string }[]).map(
          (n) => n.notification_type,
        );
        expect(kinds).toContain("FORECASTED");
        expect(kinds).toContain("ACTUAL");
      } else {
        const rules = x.body["threshold_rules"] as { spend_basis: string }[];
        expect(rules.map((r) => r.spend_basis)).toContain("FORECASTED_SPEND");
      }
    }
  });
});

describe("budget split", () => {
  const regions = [
    { key: "aws-us-east-1", name: "us-east-1", cloud: "aws", weight: 40 },
    { key: "aws-eu-west-1", name: "eu-west-1", cloud: "aws", weight: 40 },
    { key: "gcp-us-central1", name: "us-central1", cloud: "gcp", weight: 20 },
  ];

  test("GIVEN 1000 USD over 1:1:1 weights THEN the cents add up exactly (333.34 + 333.33 + 333.33)", () => {
    const even = regions.map((r) => ({ ...r, weight: 1 }));
    const s = splitBudget(1000, even);
    expect(Object.values(s.byRegion)).toEqual([333.34, 333.33, 333.33]);
    expect(s.byCloud).toEqual({ aws: 666.67, gcp: 333.33 });
  });

  test("GIVEN an explicit amount for one region THEN the rest is split by weight between the others", () => {
    const s = splitBudget(5000, regions, { "us-central1": 1000 });
    expect(s.byRegion).toEqual({ "aws-us-east-1": 2000, "aws-eu-west-1": 2000, "gcp-us-central1": 1000 });
  });

  test("GIVEN a standby region (weight 0) THEN it still gets a share, as the smallest serving weight", () => {
    const standby = regions.map((r, i) => ({ ...r, weight: i === 2 ? 0 : r.weight }));
    expect(splitBudget(1000, standby).byRegion).toEqual({
      "aws-us-east-1": 333.34,
      "aws-eu-west-1": 333.33,
      "gcp-us-central1": 333.33,
    });
  });

  test("GIVEN amounts that take it all, an unknown region or a share below a cent THEN problems name them", () => {
    expect(budgetProblems(1000, regions, { "us-east-1": 1000 })[0]!.message).toMatch(/leave nothing/);
    expect(budgetProblems(1000, regions, { "mars-1": 10 })[0]).toMatchObject({ region: "mars-1" });
    const tiny = regions.map((r, i) => ({ ...r, weight: i === 2 ? 1 : 10000 }));
    expect(budgetProblems(0.5, tiny)[0]).toMatchObject({ region: "us-central1", found: "0 USD" });
    expect(budgetProblems(0.5, tiny, { "us-central1": 0.1 })).toEqual([]);
  });

  test("GIVEN perRegion above the total in a blueprint THEN loading fails with the path (exit 2)", () => {
    const bp = minimalBlueprint();
    bp.spec.budget.perRegion = { "us-east-1": 600, "eu-west-1": 600 };
    expect(() => resolveBlueprint(bp, "bp.yaml")).toThrow(UsageError);
    expect(() => resolveBlueprint(bp, "bp.yaml")).toThrow(
      /spec\.budget\.perRegion: the per-region amounts leave nothing/,
    );
  });
});
