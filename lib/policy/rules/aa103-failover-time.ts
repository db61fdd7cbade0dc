import { isAlias, routedRecords } from "../facts/dns";
import type { InventoryView as Inventory, Resource, Rule } from "../types";
import { block, num, str } from "../values";

export const rule: Rule = {
  id: "AA103",
  title: "Estimated failover time above the SLO",
  severity: "error",
  failureMode: "F5",
  inputs: ["terraform"],
  covers: [
    "aws_route53_record",
    "aws_route53_health_check",
    "google_dns_record_set",
    "google_compute_health_check",
    "aws_globalaccelerator_endpoint_group",
  ],
  rationale:
    "Clients leave a failed region after the health check has failed enough times in a row and their cached answer has expired: interval x failure threshold + TTL for DNS routing; behind AWS Global Accelerator the anycast addresses never change, so it is interval x threshold with no TTL. Above the failover SLO, the SLO cannot be met.",
  fix: "Shorten the health check interval (request_interval or health_check_interval_seconds 10), lower the failure threshold (not below 2) or the TTL, or raise the SLO with --failover-seconds.",
  *check(inv, params) {
    for (const r of routedRecords(inv)) {
      const probe = probeTiming(inv, r);
      if (!probe) continue;
      const ttl = num(inv.resolve(r, r.values["ttl"])) ?? 0;
      const total = probe.interval * probe.threshold + ttl;
      if (total > params.failoverSeconds) {
        yield {
          subject: r,
          message: `failover for ${r.address} takes about ${total} s (health check ${probe.check.address}: ${probe.interval} s x ${probe.threshold} failures + ttl ${ttl} s), above the ${params.failoverSeconds} s SLO`,
        };
      }
    }
    for (const g of inv.ofType("aws_globalaccelerator_endpoint_group")) {
      // Global Accelerator defaults: 30 s between checks, 3 failures.
      const interval = num(inv.resolve(g, g.values["health_check_interval_seconds"])) ?? 30;
      const threshold = num(inv.resolve(g, g.values["threshold_count"])) ?? 3;
      const total = interval * threshold;
      if (total > params.failoverSeconds) {
        yield {
          subject: g,
          message: `failover away from ${g.address} takes about ${total} s (accelerator health check: ${interval} s x ${threshold} failures, no DNS TTL), above the ${params.failoverSeconds} s SLO`,
        };
      }
    }
  },
};

/** The health check guarding a routed record and how fast it declares failure, with each provider's defaults. */
function probeTiming(
  inv: Inventory,
  r: Resource,
): { check: Resource; interval: number; threshold: number } | undefined {
  if (r.type === "aws_route53_record") {
    if (isAlias(r)) return undefined;
    const check = inv.target(r, r.values["health_check_id"]);
    if (check?.type !== "aws_route53_health_check") return undefined;
    const kind = str(check.values["type"])?.toUpperCase();
    // Calculated and metric checks have no probe interval of their own.
    if (kind === "CALCULATED" || kind === "CLOUDWATCH_METRIC" || kind === "RECOVERY_CONTROL")
      return undefined;
    return {
      check,
      interval: num(inv.resolve(check, check.values["request_interval"])) ?? 30,
      threshold: num(inv.resolve(check, check.values["failure_threshold"])) ?? 3,
    };
  }
  const policy = block(r.values["routing_policy"]);
  const check = policy ? inv.target(r, policy["health_check"]) : undefined;
  if (!check) return undefined;
  return {
    check,
    interval: num(inv.resolve(check, check.values["check_interval_sec"])) ?? 5,
    threshold: num(inv.resolve(check, check.values["unhealthy_threshold"])) ?? 2,
  };
}
