import type { Cloud, InventoryView as Inventory, Resource, Rule, RuleResult } from "../types";
import { undetermined } from "../unknown";
import { block, blocks, bool, isExpr, isObj, isSet, str, strList } from "../values";

interface Coverage {
  readonly all: boolean;
  readonly regions: Set<string>;
}

function awsCoverage(inv: Inventory): Coverage {
  const c: Coverage = { all: false, regions: new Set() };
  for (const b of inv.ofType("aws_budgets_budget")) {
    const notifies = blocks(b.values["notification"]).some(
      (n) => isSet(n["subscriber_email_addresses"]) || isSet(n["subscriber_sns_topic_arns"]),
    );
    if (!notifies) continue;
    const regions: string[] = [];
    for (const f of blocks(b.values["cost_filter"])) {
      if (str(f["name"]) === "Region") regions.push(...(strList(f["values"]) ?? []));
    }
    const legacy = b.values["cost_filters"];
    if (isObj(legacy) && legacy["Region"] !== undefined) {
      const v = legacy["Region"];
      regions.push(...(Array.isArray(v) ? v.map(String) : String(v).split(",")));
    }
    for (const r of regions) c.regions.add(r.trim());
    if (!regions.length) (c as { all: boolean }).all = true;
  }
  return c;
}

function googleCoverage(inv: Inventory): Coverage {
  const c: Coverage = { all: false, regions: new Set() };
  for (const b of inv.ofType("google_billing_budget")) {
    const rule = block(b.values["all_updates_rule"]);
    // Without an all_updates_rule, or with default IAM recipients, billing admins get the e-mails.
    const notifies =
      !rule ||
      bool(rule["disable_default_iam_recipients"]) !== true ||
      isSet(rule["monitoring_notification_channels"]) ||
      isSet(rule["pubsub_topic"]);
    if (!notifies) continue;
    const filter = block(b.values["budget_filter"]);
    const labels = filter && isObj(filter["labels"]) ? filter["labels"] : undefined;
    const region = labels ? (labels["region"] ?? labels["goog-region"]) : undefined;
    const values = Array.isArray(region) ? region.map(String) : typeof region === "string" ? [region] : [];
    for (const r of values) c.regions.add(r);
    if (!values.length) (c as { all: boolean }).all = true;
  }
  return c;
}

export const rule: Rule = {
  id: "AA401",
  title: "Region or cloud without a budget that notifies someone",
  severity: "error",
  failureMode: "F7",
  inputs: ["terraform"],
  covers: ["aws_budgets_budget", "google_billing_budget"],
  rationale:
    "Active-active multiplies spend by the number of regions, and a runaway in one region (retries, autoscaling, cross-region traffic) hides in the account total. Without a budget that notifies a person, nobody hears of it before the invoice.",
  fix: "Add an aws_budgets_budget with a notification to subscribers (filtered per Region, or account-wide) and a google_billing_budget with recipients (default IAM recipients, monitoring channels or Pub/Sub) for every cloud and region in use.",
  unknowns:
    "Resources whose region is not known do not count as regions in use. A budget whose notification or filter is an expression or a dynamic block, or a module that was not followed, may cover what looks bare: then nothing is reported (info with --unknown info). Listed regions are only those known.",
  *check(inv) {
    const out: RuleResult[] = [];
    const clouds: [Cloud, Coverage, string][] = [
      ["aws", awsCoverage(inv), "aws_budgets_budget"],
      ["google", googleCoverage(inv), "google_billing_budget"],
    ];
    for (const [cloud, cov, type] of clouds) {
      const first = new Map<string, Resource>();
      for (const r of inv.resources)
        if (r.cloud === cloud && r.region && !first.has(r.region)) first.set(r.region, r);
      if (!first.size) continue;
      const vague = inv
        .ofType(type)
        .find(
          (b) =>
            b.values["dynamic"] !== undefined ||
            isExpr(b.values["cost_filter"]) ||
            isExpr(b.values["notification"]) ||
            isExpr(b.values["budget_filter"]),
        );
      const hidden = vague
        ? `budget ${vague.address} is partly made by expressions or dynamic blocks`
        : inv.hiddenByModules();
      if (hidden && !cov.all) {
        out.push(undetermined([...first.values()][0]!, `whether every ${cloud} region has a budget`, hidden));
        continue;
      }
      if (!cov.all && cov.regions.size === 0) {
        const at = [...first.values()][0]!;
        out.push({
          subject: at,
          message: `${cloud} (regions ${[...first.keys()].sort().join(", ")}) has no ${type} that notifies someone`,
        });
        continue;
      }
      if (cov.all) continue;
      for (const [region, at] of [...first].sort()) {
        if (!cov.regions.has(region)) {
          out.push({
            subject: at,
            message: `region ${region} has no ${type} that covers it and notifies someone (budgets cover ${[...cov.regions].sort().join(", ")})`,
          });
        }
      }
    }
    yield* out;
  },
};
