import { RegionBudget } from "../../lib/aws/region-budget";
import { only, synthWithProvider } from "./synth";

describe("RegionBudget", () => {
  test("GIVEN thresholds THEN a monthly budget filtered to the region with one notification per threshold", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new RegionBudget(s, "Budget", {
          provider,
          name: "shop-aws-eu-west-1-monthly",
          region: "eu-west-1",
          monthlyUsd: 1234.5,
          thresholdsPercent: [50, 90, 110],
          alertEmails: ["a@example.com", "b@example.com"],
        }),
    );
    const budget = only(json, "aws_budgets_budget");
    expect(budget).toMatchObject({
      budget_type: "COST",
      limit_amount: "1234.5",
      limit_unit: "USD",
      time_unit: "MONTHLY",
      cost_filter: [{ name: "Region", values: ["eu-west-1"] }],
    });
    const notes = budget.notification as { threshold: number; notification_type: string }[];
    expect(notes.map((n) => [n.notification_type, n.threshold])).toEqual([
      ["ACTUAL", 50],
      ["ACTUAL", 90],
      ["ACTUAL", 110],
      ["FORECASTED", 100],
    ]);
    expect(budget.notification).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subscriber_email_addresses: ["a@example.com", "b@example.com"],
          notification_type: "ACTUAL",
        }),
      ]),
    );
  });

  test("GIVEN a zero budget THEN construction fails", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new RegionBudget(s, "Budget", {
            provider,
            name: "b",
            region: "eu-west-1",
            monthlyUsd: 0,
            alertEmails: ["a@example.com"],
          }),
      ),
    ).toThrow("stack/Budget: monthlyUsd must be positive (found 0, expected an amount above 0)");
  });
});
