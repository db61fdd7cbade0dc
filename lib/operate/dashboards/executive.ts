import type { Blueprint } from "../../blueprint/model";
import { regionalName } from "../../core/names";
import {
  buildDashboard,
  dashboardContext,
  type GrafanaDashboard,
  num,
  PROMETHEUS,
  promPanel,
  REGION_SERIES_LABEL,
  textPanel,
  thresholdLine,
} from "./grafana-model";
import { errorRatioRecord, HTTP_METRICS } from "./produced-metrics";

/** Burn-rate factors that page (1h window) and open a ticket (6h window), as the generated alerts use. */
const PAGE_BURN_RATE = 14.4;
const TICKET_BURN_RATE = 6;

/**
 * The field guide's executive dashboard: global availability against the SLO
 * and the error budget burn rate, traffic by region against the routing
 * weights (M6), critical alerts by region, and each region's monthly budget.
 */
export function executiveDashboard(b: Blueprint): GrafanaDashboard {
  const ctx = dashboardContext(b);
  const { ns, regions, sel } = ctx;
  const by = `by (${REGION_SERIES_LABEL})`;
  const slo = b.slo.availabilityPercent / 100;
  const budget = num(1 - slo);
  const totalWeight = b.regions.reduce((n, r) => n + r.weight, 0);
  const requests = HTTP_METRICS.requests;
  return buildDashboard(
    ctx,
    "executive",
    "executive",
    `Availability, error budget, traffic and budget of ${b.name} across its ${b.regions.length} regions.`,
    [
      {
        ...promPanel(
          `Availability, all regions (1h), SLO ${b.slo.availabilityPercent}%`,
          "M1: share of requests without a 5xx over the last hour, every selected region together.",
          [
            {
              expr:
                `1 - (sum(rate(${requests}{${sel},code=~"5.."}[1h]))\n` +
                `/ sum(rate(${requests}{${sel}}[1h])))`,
              legend: "availability",
            },
          ],
          "percentunit",
        ),
        type: "stat",
        width: 6,
        fieldConfig: {
          defaults: {
            unit: "percentunit",
            thresholds: {
              mode: "absolute",
              steps: [
                { color: "red", value: null },
                { color: "green", value: slo },
              ],
            },
          },
          overrides: [],
        },
        options: { reduceOptions: { calcs: ["lastNotNull"] }, colorMode: "background" },
      },
      promPanel(
        "Availability by region (1h)",
        "M1 per region: aggregation masks a region in trouble, so each region is its own line.",
        [
          {
            expr: `1 - max ${by} (${errorRatioRecord("1h")}{${regions}})`,
            legend: `{{${REGION_SERIES_LABEL}}}`,
          },
        ],
        "percentunit",
        {
          width: 18,
          fieldConfig: { defaults: { unit: "percentunit", ...thresholdLine(slo) }, overrides: [] },
        },
      ),
      promPanel(
        "Error budget burn rate by region",
        `Error ratio divided by the budget (${num(budget * 100)}%). The generated alerts page above ${PAGE_BURN_RATE}x over 1h and 5m, and warn above ${TICKET_BURN_RATE}x over 6h and 30m.`,
        [
          {
            expr: `max ${by} (${errorRatioRecord("1h")}{${regions}}) / ${budget}`,
            legend: `{{${REGION_SERIES_LABEL}}} 1h`,
          },
          {
            expr: `max ${by} (${errorRatioRecord("6h")}{${regions}}) / ${budget}`,
            legend: `{{${REGION_SERIES_LABEL}}} 6h`,
          },
        ],
        "x",
        { fieldConfig: { defaults: { unit: "x", ...thresholdLine(PAGE_BURN_RATE) }, overrides: [] } },
      ),
      promPanel(
        "Traffic share by region vs routing weight",
        "M6: each region's share of all requests, against the share its routing weight asks for. An idle region with weight is misrouted; a region above its weight is absorbing another's traffic.",
        [
          {
            expr:
              `sum ${by} (rate(${requests}{${sel}}[5m]))\n` + `/ scalar(sum(rate(${requests}{${ns}}[5m])))`,
            legend: `{{${REGION_SERIES_LABEL}}} actual`,
          },
          ...b.regions.map((r) => ({
            expr: `label_replace(vector(${num(totalWeight > 0 ? r.weight / totalWeight : 0)}), "${REGION_SERIES_LABEL}", "${r.region}", "", "")`,
            legend: `{{${REGION_SERIES_LABEL}}} weight`,
          })),
        ],
        "percentunit",
      ),
      {
        ...promPanel(
          "Critical alerts firing by region",
          "Major incidents: the generated critical alerts (burn rate, replication lag, pattern signals) firing now.",
          [
            {
              expr: `count ${by} (ALERTS{alertstate="firing",severity="critical",blueprint="${b.name}"})`,
              legend: `{{${REGION_SERIES_LABEL}}}`,
            },
          ],
          "none",
        ),
        type: "stat",
        datasource: PROMETHEUS,
        options: { reduceOptions: { calcs: ["lastNotNull"] }, colorMode: "background" },
        fieldConfig: {
          defaults: {
            unit: "none",
            thresholds: {
              mode: "absolute",
              steps: [
                { color: "green", value: null },
                { color: "red", value: 1 },
              ],
            },
          },
          overrides: [],
        },
      },
      textPanel(
        "Monthly budget by region",
        "Each region's share of spec.budget.monthlyUsd: the budget that alerts on that region's spend.",
        [
          "| Region | Cloud | Monthly budget (USD) | Budget name |",
          "| --- | --- | ---: | --- |",
          ...b.regions.map(
            (r) =>
              `| ${r.region} | ${r.cloud} | ${b.budget.byRegion[r.key] ?? 0} | \`${r.cloud === "aws" ? `${regionalName(b, r)}-monthly` : regionalName(b, r)}\` |`,
          ),
          `| **all** | | **${b.budget.monthlyUsd}** | |`,
          "",
          "Spend per region: AWS Budgets and Cloud Billing budgets of the same names (alerts at " +
            `${b.budget.thresholdsPercent.join("%, ")}%).`,
        ].join("\n"),
      ),
    ],
  );
}
