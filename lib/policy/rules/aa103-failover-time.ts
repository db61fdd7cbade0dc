import {
  ACCELERATOR_PROBE_DEFAULTS,
  estimateFailover,
  GCP_PROBE_DEFAULTS,
  type ProbeTiming,
  ROUTE53_PROBE_DEFAULTS,
} from "../../core/failover-time";
import { isAlias, routedRecords } from "../facts/dns";
import type { InventoryView as Inventory, Resource, Rule } from "../types";
import { type Tri, triNum, undetermined } from "../unknown";
import { firstOf, str } from "../values";

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
  unknowns:
    'A request interval, failure threshold or ttl set by an expression is not guessed: when the known parts already exceed the SLO it reports a lower bound ("at least"), else it says nothing (info with --unknown info). A health check given through a variable or module output is not found, so nothing is estimated.',
  *check(inv, params) {
    for (const r of routedRecords(inv)) {
      const probe = probeTiming(inv, r);
      if (!probe) continue;
      if ("why" in probe) {
        yield undetermined(r, "how long failover takes", probe.why);
        continue;
      }
      const t = triNum(inv, r, r.values["ttl"]);
      const ttl = t.known ? (t.value ?? 0) : 0;
      const total = estimateFailover("dns", probe.timing, ttl).totalSeconds;
      if (total > params.failoverSeconds) {
        yield {
          subject: r,
          message: t.known
            ? `failover for ${r.address} takes about ${total} s (health check ${probe.check.address}: ${probe.timing.intervalSeconds} s x ${probe.timing.failureThreshold} failures + ttl ${ttl} s), above the ${params.failoverSeconds} s SLO`
            : `failover for ${r.address} takes at least ${total} s (health check ${probe.check.address}: ${probe.timing.intervalSeconds} s x ${probe.timing.failureThreshold} failures, plus a ttl that is not known), above the ${params.failoverSeconds} s SLO`,
        };
      } else if (!t.known) {
        yield undetermined(r, "how long failover takes", t.why);
      }
    }
    for (const g of inv.ofType("aws_globalaccelerator_endpoint_group")) {
      const i = triNum(inv, g, g.values["health_check_interval_seconds"]);
      const th = triNum(inv, g, g.values["threshold_count"]);
      if (!i.known || !th.known) {
        yield undetermined(g, "how long failover takes", !i.known ? i.why : !th.known ? th.why : "");
        continue;
      }
      const interval = i.value ?? ACCELERATOR_PROBE_DEFAULTS.intervalSeconds;
      const threshold = th.value ?? ACCELERATOR_PROBE_DEFAULTS.failureThreshold;
      const total = estimateFailover("anycast", {
        intervalSeconds: interval,
        failureThreshold: threshold,
      }).totalSeconds;
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
): { check: Resource; timing: ProbeTiming } | { why: string } | undefined {
  const known = (check: Resource, interval: Tri<number>, threshold: Tri<number>, defaults: ProbeTiming) => {
    if (!interval.known) return { why: interval.why };
    if (!threshold.known) return { why: threshold.why };
    return {
      check,
      timing: {
        intervalSeconds: interval.value ?? defaults.intervalSeconds,
        failureThreshold: threshold.value ?? defaults.failureThreshold,
      },
    };
  };
  if (r.type === "aws_route53_record") {
    if (isAlias(r)) return undefined;
    const check = inv.target(r, r.values["health_check_id"]);
    if (check?.type !== "aws_route53_health_check") return undefined;
    const kind = str(check.values["type"])?.toUpperCase();
    // Calculated and metric checks have no probe interval of their own.
    if (kind === "CALCULATED" || kind === "CLOUDWATCH_METRIC" || kind === "RECOVERY_CONTROL")
      return undefined;
    return known(
      check,
      triNum(inv, check, check.values["request_interval"]),
      triNum(inv, check, check.values["failure_threshold"]),
      ROUTE53_PROBE_DEFAULTS,
    );
  }
  const policy = firstOf(r.values, "routing_policy");
  const check = policy ? inv.target(r, policy["health_check"]) : undefined;
  if (!check) return undefined;
  return known(
    check,
    triNum(inv, check, check.values["check_interval_sec"]),
    triNum(inv, check, check.values["unhealthy_threshold"]),
    GCP_PROBE_DEFAULTS,
  );
}
