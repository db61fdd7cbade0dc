import type { Rule } from "../types";
import { triNum, undetermined } from "../unknown";

export const rule: Rule = {
  id: "AA104",
  title: "Health check that flaps: failure threshold below 2",
  severity: "warning",
  failureMode: "F5",
  inputs: ["terraform"],
  covers: ["aws_route53_health_check", "google_compute_health_check", "google_compute_region_health_check"],
  rationale:
    "A single failed probe takes a region out of DNS or the load balancer; one dropped packet then moves traffic back and forth between regions.",
  fix: "Set failure_threshold (Route 53) or unhealthy_threshold (Google) to 2 or more and keep the interval short instead.",
  unknowns: "A threshold set by an expression is not judged (info with --unknown info).",
  *check(inv) {
    for (const r of inv.ofType("aws_route53_health_check")) {
      const f = triNum(inv, r, r.values["failure_threshold"]);
      if (!f.known) yield undetermined(r, "the failure threshold", f.why);
      const t = f.known ? f.value : undefined;
      if (t !== undefined && t < 2) {
        yield {
          subject: r,
          message: `health check ${r.address} has failure_threshold ${t}: one failed probe flips routing`,
        };
      }
    }
    for (const r of inv.ofType("google_compute_health_check", "google_compute_region_health_check")) {
      const f = triNum(inv, r, r.values["unhealthy_threshold"]);
      if (!f.known) yield undetermined(r, "the unhealthy threshold", f.why);
      const t = f.known ? f.value : undefined;
      if (t !== undefined && t < 2) {
        yield {
          subject: r,
          message: `health check ${r.address} has unhealthy_threshold ${t}: one failed probe flips routing`,
        };
      }
    }
  },
};
