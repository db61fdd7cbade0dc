import { failoverRole, googleItems, hasHealthCheck, isAlias, routedRecords } from "../facts/dns";
import type { Rule, RuleResult } from "../types";
import { block, blocks, bool } from "../values";

export const rule: Rule = {
  id: "AA101",
  title: "Routed DNS record without a health check",
  severity: "error",
  failureMode: "F5",
  inputs: ["terraform"],
  covers: ["aws_route53_record", "google_dns_record_set"],
  rationale:
    "A latency, failover, weighted or geo record keeps answering with a region's address after that region fails unless DNS can see its health. Clients are sent to a dead endpoint for as long as the record lives.",
  fix: "Set health_check_id to an aws_route53_health_check, or use an alias with evaluate_target_health = true. In Cloud DNS, give every wrr/geo item health_checked_targets (or use primary_backup with health-checked targets).",
  *check(inv) {
    for (const r of routedRecords(inv)) {
      if (r.type === "aws_route53_record") {
        if (hasHealthCheck(r)) continue;
        const alias = block(r.values["alias"]);
        if (alias && bool(alias["evaluate_target_health"]) === true) continue;
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
        const unchecked = googleItems(r).filter(
          (item) => blocks(item["health_checked_targets"]).length === 0,
        );
        const pb = block(block(r.values["routing_policy"])?.["primary_backup"]);
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
