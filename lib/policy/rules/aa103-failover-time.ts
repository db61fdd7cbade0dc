import { isAlias, routedRecords } from "../facts/dns";
import type { Rule } from "../types";
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
  ],
  rationale:
    "Clients leave a failed region after the health check has failed enough times in a row and their cached answer has expired: interval x failure threshold + TTL. Above the failover SLO, the SLO cannot be met.",
  fix: "Shorten the health check interval (request_interval 10), lower the failure threshold (not below 2) or the TTL, or raise the SLO with --failover-seconds.",
  *check(inv, params) {
    for (const r of routedRecords(inv)) {
      if (r.type === "aws_route53_record") {
        if (isAlias(r)) continue;
        const hc = inv.target(r, r.values["health_check_id"]);
        if (hc?.type !== "aws_route53_health_check") continue;
        const kind = str(hc.values["type"])?.toUpperCase();
        if (kind === "CALCULATED" || kind === "CLOUDWATCH_METRIC" || kind === "RECOVERY_CONTROL") continue;
        const interval = num(inv.resolve(hc, hc.values["request_interval"])) ?? 30;
        const threshold = num(inv.resolve(hc, hc.values["failure_threshold"])) ?? 3;
        const ttl = num(inv.resolve(r, r.values["ttl"])) ?? 0;
        const total = interval * threshold + ttl;
        if (total > params.failoverSeconds) {
          yield {
            subject: r,
            message: `failover for ${r.address} takes about ${total} s (health check ${hc.address}: ${interval} s x ${threshold} failures + ttl ${ttl} s), above the ${params.failoverSeconds} s SLO`,
          };
        }
      } else {
        const policy = block(r.values["routing_policy"]);
        const hc = policy ? inv.target(r, policy["health_check"]) : undefined;
        if (!hc) continue;
        const interval = num(inv.resolve(hc, hc.values["check_interval_sec"])) ?? 5;
        const threshold = num(inv.resolve(hc, hc.values["unhealthy_threshold"])) ?? 2;
        const ttl = num(inv.resolve(r, r.values["ttl"])) ?? 0;
        const total = interval * threshold + ttl;
        if (total > params.failoverSeconds) {
          yield {
            subject: r,
            message: `failover for ${r.address} takes about ${total} s (health check ${hc.address}: ${interval} s x ${threshold} failures + ttl ${ttl} s), above the ${params.failoverSeconds} s SLO`,
          };
        }
      }
    }
  },
};
