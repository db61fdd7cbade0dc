import { BillingBudget } from "@cdktf/provider-google/lib/billing-budget";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Construct } from "constructs";

export interface GcpBudgetProps {
  readonly provider: GoogleProvider;
  /** Billing account id, e.g. `012345-6789AB-CDEF01`. */
  readonly billingAccount: string;
  readonly displayName: string;
  /** Project number (not id) the spend is counted in. */
  readonly projectNumber: string;
  readonly monthlyUsd: number;
  /** Actual-spend thresholds in percent of the amount, e.g. `[80, 100]`. */
  readonly thresholdsPercent: readonly number[];
  /** Cloud Monitoring channels notified on every threshold. */
  readonly notificationChannels: readonly string[];
  /**
   * Count only resources with this label (a region's resources carry their
   * region label).
   * @default - the whole project
   */
  readonly label?: { readonly key: string; readonly value: string };
}

/**
 * A monthly Cloud Billing budget with a notification at each threshold of
 * actual spend, and one at 100% of forecast spend.
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/billing_budget
 */
export class GcpBudget extends Construct {
  readonly budget: BillingBudget;

  constructor(scope: Construct, id: string, props: GcpBudgetProps) {
    super(scope, id);
    const units = Math.floor(props.monthlyUsd);
    const nanos = Math.round((props.monthlyUsd - units) * 1e9);
    this.budget = new BillingBudget(this, "Resource", {
      provider: props.provider,
      billingAccount: props.billingAccount,
      displayName: props.displayName,
      budgetFilter: {
        projects: [`projects/${props.projectNumber}`],
        calendarPeriod: "MONTH",
        ...(props.label !== undefined ? { labels: { [props.label.key]: props.label.value } } : {}),
      },
      amount: { specifiedAmount: { currencyCode: "USD", units: String(units), ...(nanos ? { nanos } : {}) } },
      thresholdRules: [
        ...[...props.thresholdsPercent]
          .sort((a, b) => a - b)
          .map((p) => ({ thresholdPercent: p / 100, spendBasis: "CURRENT_SPEND" })),
        { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
      ],
      allUpdatesRule: {
        monitoringNotificationChannels: [...props.notificationChannels],
        disableDefaultIamRecipients: false,
      },
    });
  }
}
