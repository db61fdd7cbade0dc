import type { Rule, RuleResult } from "../types";
import { triNum, undetermined } from "../unknown";

export const rule: Rule = {
  id: "AA801",
  title: "Health check without hysteresis: one probe takes a region out or brings it back",
  severity: "warning",
  failureMode: "F5",
  inputs: ["terraform"],
  covers: [
    "google_compute_health_check",
    "google_compute_region_health_check",
    "aws_globalaccelerator_endpoint_group",
  ],
  rationale:
    "The guide's production-readiness checklist asks for health checks with hysteresis: a region leaves routing after several failed probes and comes back only after several good ones. With a recovery threshold of 1, a region that answers one probe between failures is sent traffic again at once, and traffic swings back and forth between regions. AA104 covers the failure side (Route 53's failure_threshold governs both directions, so Route 53 is AA104's alone); this rule covers the recovery side on Google Cloud and Global Accelerator's single threshold.",
  fix: "Set healthy_threshold (Google) to 2 or more, and threshold_count (Global Accelerator endpoint groups, used both ways) to 2 or more (the default is 3); keep the interval short instead.",
  unknowns:
    "A threshold set by an expression is not judged (info with --unknown info); an absent one takes the provider's default (2 and 3), which is fine.",
  *check(inv) {
    const out: RuleResult[] = [];
    for (const r of inv.ofType("google_compute_health_check", "google_compute_region_health_check")) {
      const t = triNum(inv, r, r.values["healthy_threshold"]);
      if (!t.known) out.push(undetermined(r, "the healthy threshold", t.why));
      else if (t.value !== undefined && t.value < 2)
        out.push({
          subject: r,
          message: `health check ${r.address} has healthy_threshold ${t.value}: one good probe sends traffic back to a region that was failing`,
        });
    }
    for (const r of inv.ofType("aws_globalaccelerator_endpoint_group")) {
      const t = triNum(inv, r, r.values["threshold_count"]);
      if (!t.known) out.push(undetermined(r, "the health check threshold", t.why));
      else if (t.value !== undefined && t.value < 2)
        out.push({
          subject: r,
          message: `endpoint group ${r.address} has threshold_count ${t.value}: one probe takes its region out of the accelerator, and one brings it back`,
        });
    }
    yield* out;
  },
};
