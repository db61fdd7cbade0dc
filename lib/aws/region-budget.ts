import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

export interface RegionBudgetProps {
  /** Any provider of the stack (AWS Budgets is global). */
  readonly provider: TerraformProvider;
  /** Budget name, e.g. `shop-aws-us-east-1-monthly`. */
  readonly name: string;
  /**
   * The region whose cost is counted.
   * @default - the whole account, global services (Route 53, CloudFront) included
   */
  readonly region?: string;
  readonly monthlyUsd: number;
  /** @default [80, 100] */
  readonly thresholdsPercent?: readonly number[];
  readonly alertEmails: readonly string[];
}

/**
 * A monthly cost budget for one region (cost filter `Region`) or the whole
 * account, with an e-mail notification on actual spend at each threshold and
 * one when the forecast for the month passes 100%.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/budgets_budget
 */
export class RegionBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: RegionBudgetProps) {
    super(scope, id);
    if (!(props.monthlyUsd > 0)) {
      throw invalidProp(this, "monthlyUsd must be positive", String(props.monthlyUsd), "an amount above 0");
    }
    if (props.alertEmails.length === 0) {
      throw invalidProp(this, "alertEmails is empty", "[]", "at least one e-mail address");
    }
    this.budget = new BudgetsBudget(this, "Resource", {
      provider: props.provider,
      name: props.name,
      budgetType: "COST",
      limitAmount: String(props.monthlyUsd),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      ...(props.region !== undefined ? { costFilter: [{ name: "Region", values: [props.region] }] } : {}),
      notification: [
        ...(props.thresholdsPercent ?? [80, 100]).map((threshold) => ({
          comparisonOperator: "GREATER_THAN",
          threshold,
          thresholdType: "PERCENTAGE",
          notificationType: "ACTUAL",
          subscriberEmailAddresses: [...props.alertEmails],
        })),
        {
          comparisonOperator: "GREATER_THAN",
          threshold: 100,
          thresholdType: "PERCENTAGE",
          notificationType: "FORECASTED",
          subscriberEmailAddresses: [...props.alertEmails],
        },
      ],
    });
  }
}
