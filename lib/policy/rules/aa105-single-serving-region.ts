import { googleServingKeys, recordKey, routedRecords, servingKey } from "../facts/dns";
import type { InventoryView as Inventory, Resource, Rule } from "../types";
import { undetermined, whyUnknown } from "../unknown";
import { addTo, block, firstOf, instances } from "../values";

/** Why the serving region of a Route 53 record cannot be told apart, if so. */
function servingUnknown(inv: Inventory, r: Resource): string | undefined {
  const v = r.values;
  return (
    whyUnknown(inv, r, v["name"]) ??
    whyUnknown(inv, r, block(v["latency_routing_policy"])?.["region"]) ??
    whyUnknown(inv, r, block(v["weighted_routing_policy"])?.["weight"]) ??
    whyUnknown(inv, r, block(v["failover_routing_policy"])?.["type"]) ??
    whyUnknown(inv, r, v["set_identifier"])
  );
}

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
  unknowns:
    "A record name, latency region, weight, failover type or set_identifier set by an expression, or Cloud DNS routing items made by an expression or dynamic block, make the count of serving regions unknown: no finding (info with --unknown info). Records with count/for_each are taken to stand for several regions.",
  *check(inv) {
    const byName = new Map<string, Resource[]>();
    const unsure = new Map<string, string>();
    for (const r of routedRecords(inv)) {
      if (r.type === "google_dns_record_set") {
        const p = firstOf(r.values, "routing_policy");
        const why =
          whyUnknown(inv, r, p?.["wrr"]) ??
          whyUnknown(inv, r, p?.["geo"]) ??
          (p && p["dynamic"] !== undefined ? "routing items made by a dynamic block" : undefined);
        if (why) {
          yield undetermined(r, "how many regions serve this name", why);
          continue;
        }
        const keys = googleServingKeys(r);
        if (keys.length < 2) {
          yield {
            subject: r,
            message: `routed record set ${r.address} serves from ${keys.length} target(s): fewer than two regions serve it`,
          };
        }
        continue;
      }
      const why = servingUnknown(inv, r);
      if (why && whyUnknown(inv, r, r.values["name"])) {
        yield undetermined(r, "which name this record routes and how many regions serve it", why);
        continue;
      }
      addTo(byName, recordKey(r), r);
      if (why) unsure.set(recordKey(r), why);
    }
    for (const [name, records] of byName) {
      const why = unsure.get(name);
      if (why) {
        yield undetermined(records[0]!, `how many regions serve ${name.trim()}`, why);
        continue;
      }
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
