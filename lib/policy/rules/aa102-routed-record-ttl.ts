import { isAlias, routedRecords } from "../facts/dns";
import type { Rule } from "../types";
import { triNum, undetermined } from "../unknown";

export const rule: Rule = {
  id: "AA102",
  title: "Routed DNS record TTL above the failover budget",
  severity: "error",
  failureMode: "F5",
  inputs: ["terraform"],
  covers: ["aws_route53_record", "google_dns_record_set"],
  rationale:
    "Resolvers cache a routed answer for its TTL. A long TTL keeps clients on a failed region long after health checks have moved traffic away.",
  fix: "Lower ttl on routed records to the failover budget or less (maxDnsTtlSeconds, default the failover SLO: 60 s unless --failover-seconds or the blueprint says otherwise); alias records use the target's TTL and are not checked.",
  unknowns: "A ttl set by an expression is not judged (info with --unknown info).",
  *check(inv, params) {
    // Even a zero-time health check cannot fail over faster than resolvers forget the answer.
    const max = params.maxDnsTtlSeconds ?? params.failoverSeconds;
    for (const r of routedRecords(inv)) {
      if (isAlias(r)) continue;
      const t = triNum(inv, r, r.values["ttl"]);
      if (!t.known) {
        yield undetermined(r, "the ttl", t.why);
        continue;
      }
      const ttl = t.value;
      if (ttl !== undefined && ttl > max) {
        yield {
          subject: r,
          message: `routed record ${r.address} has ttl ${ttl} s, above the ${max} s the failover budget allows`,
        };
      }
    }
  },
};
