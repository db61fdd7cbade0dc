import { failoverRole, googleItems, hasHealthCheck, isAlias, routedRecords } from "../facts/dns";
import type { InventoryView as Inventory, Resource, Rule, RuleResult } from "../types";
import { triBool, undetermined, whyUnknown } from "../unknown";
import { block, blocks, firstOf, str } from "../values";

/**
 * CloudFront's fixed hosted zone id. Route 53 cannot evaluate the health of a
 * CloudFront distribution (the AliasTarget reference: "You can't set
 * EvaluateTargetHealth to true when the alias target is a CloudFront
 * distribution"); edge-optimized API Gateway names are CloudFront names too.
 */
const CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";

/** An alias target whose health Route 53 cannot evaluate. */
function unevaluableTarget(inv: Inventory, r: Resource, alias: Record<string, unknown>): string | undefined {
  const name = alias["name"];
  const t = inv.target(r, name) ?? inv.target(r, alias["zone_id"]);
  if (t?.type === "aws_cloudfront_distribution") return "a CloudFront distribution";
  if (str(alias["zone_id"]) === CLOUDFRONT_ZONE || /\.cloudfront\.net\.?$/i.test(str(name) ?? ""))
    return "a CloudFront distribution";
  if (/^\$\{\s*aws_cloudfront_distribution\./.test(String(name ?? ""))) return "a CloudFront distribution";
  return undefined;
}

export const rule: Rule = {
  id: "AA101",
  title: "Routed DNS record without a health check",
  severity: "error",
  failureMode: "F5",
  inputs: ["terraform"],
  covers: ["aws_route53_record", "google_dns_record_set"],
  rationale:
    "A latency, failover, weighted or geo record keeps answering with a region's address after that region fails unless DNS can see its health. Clients are sent to a dead endpoint for as long as the record lives.",
  fix: "Set health_check_id to an aws_route53_health_check, or use an alias with evaluate_target_health = true (not possible for CloudFront targets, which are not checked). In Cloud DNS, give every wrr/geo item health_checked_targets (or use primary_backup with health-checked targets).",
  unknowns:
    "An evaluate_target_health or health_checked_targets set by an expression is not judged (info with --unknown info). A health_check_id set to anything counts as a health check. Aliases to CloudFront distributions are not checked: Route 53 cannot evaluate their health.",
  *check(inv) {
    for (const r of routedRecords(inv)) {
      if (r.type === "aws_route53_record") {
        if (hasHealthCheck(r)) continue;
        const alias = firstOf(r.values, "alias");
        if (alias) {
          if (unevaluableTarget(inv, r, alias)) continue;
          const eth = triBool(inv, r, alias["evaluate_target_health"]);
          if (!eth.known) {
            yield undetermined(r, "whether the alias evaluates its target's health", eth.why);
            continue;
          }
          if (eth.value === true) continue;
        }
        const secondary = failoverRole(r) === "SECONDARY";
        yield {
          subject: r,
          // A failover secondary without a health check is answered when the primary is down: worth a warning, not a block.
          ...(secondary ? { severity: "warning" } : {}),
          message: isAlias(r)
            ? `routed alias record ${r.address} does not evaluate the target's health (evaluate_target_health is not true) and has no health_check_id`
            : `routed record ${r.address} has no health_check_id: DNS keeps sending clients to a failed region`,
        } satisfies RuleResult;
      } else {
        const policy = firstOf(r.values, "routing_policy");
        const hidden =
          whyUnknown(inv, r, policy?.["wrr"]) ??
          whyUnknown(inv, r, policy?.["geo"]) ??
          (policy && Array.isArray(policy["dynamic"])
            ? "routing items made by a dynamic block"
            : undefined) ??
          googleItems(r)
            .map((i) => whyUnknown(inv, r, i["health_checked_targets"]))
            .find((w) => w !== undefined);
        if (hidden) {
          yield undetermined(r, "whether every routing item has health_checked_targets", hidden);
          continue;
        }
        const unchecked = googleItems(r).filter(
          (item) => blocks(item["health_checked_targets"]).length === 0,
        );
        const pb = firstOf(firstOf(r.values, "routing_policy"), "primary_backup");
        const primary = pb ? block(pb["primary"]) : undefined;
        const primaryUnchecked =
          pb !== undefined &&
          (primary === undefined ||
            (blocks(primary["internal_load_balancers"]).length === 0 &&
              (primary["external_endpoints"] === undefined || primary["external_endpoints"] === null)));
        if (unchecked.length || primaryUnchecked) {
          yield {
            subject: r,
            message: `routed record set ${r.address} has ${primaryUnchecked ? "a primary" : `${unchecked.length} routing item(s)`} without health_checked_targets`,
          };
        }
      }
    }
  },
};
