import { googleServingKeys, recordKey, routedRecords, servingKey } from "../facts/dns";
import type { Resource, Rule } from "../types";
import { addTo, instances } from "../values";

export const rule: Rule = {
  id: "AA105",
  title: "Fewer than two regions serving a routed name",
  severity: "error",
  failureMode: "F3",
  inputs: ["terraform"],
  covers: ["aws_route53_record", "google_dns_record_set"],
  rationale:
    "A routed name answered by one region (or by a failover pair, where only the primary serves) is not active-active: all traffic lands on one region and nothing is left when it fails.",
  fix: "Add a routed record per serving region (latency or weighted with non-zero weights) across all stacks, each with its own health check.",
  *check(inv) {
    const byName = new Map<string, Resource[]>();
    for (const r of routedRecords(inv)) {
      if (r.type === "google_dns_record_set") {
        const keys = googleServingKeys(r);
        if (keys.length < 2) {
          yield {
            subject: r,
            message: `routed record set ${r.address} serves from ${keys.length} target(s): fewer than two regions serve it`,
          };
        }
        continue;
      }
      addTo(byName, recordKey(r), r);
    }
    for (const [name, records] of byName) {
      const serving = new Set(records.map(servingKey).filter((k): k is string => k !== undefined));
      // A record with count or for_each stands for several records the configuration alone cannot tell apart.
      const expanded = records.some((r) => instances(r.values) !== 1 && servingKey(r) !== undefined);
      if (serving.size < 2 && !expanded) {
        const stacks = [...new Set(records.map((r) => r.file))].length;
        yield {
          subject: records[0]!,
          message: `routed name ${name.trim()} is served by ${serving.size} region(s) across ${records.length} record(s) in ${stacks} file(s): active-active needs at least two`,
        };
      }
    }
  },
};
