import type { InventoryView as Inventory, Resource } from "../types";
import { block, blocks, bool, firstOf, isSet, num, type Obj, str, strList } from "../values";

const AWS_POLICIES: Record<string, string> = {
  latency_routing_policy: "latency",
  failover_routing_policy: "failover",
  weighted_routing_policy: "weighted",
  geolocation_routing_policy: "geolocation",
  geoproximity_routing_policy: "geoproximity",
  cidr_routing_policy: "cidr",
};

/** The routing policy of a Route 53 record or Cloud DNS record set; undefined for a simple record. */
export function routingPolicy(r: Resource): string | undefined {
  if (r.type === "aws_route53_record") {
    for (const [attr, name] of Object.entries(AWS_POLICIES)) if (block(r.values[attr])) return name;
    if (bool(r.values["multivalue_answer_routing_policy"]) === true) return "multivalue";
    return undefined;
  }
  if (r.type === "google_dns_record_set") {
    const p = firstOf(r.values, "routing_policy");
    if (!p) return undefined;
    if (blocks(p["wrr"]).length) return "weighted";
    if (blocks(p["geo"]).length) return "geolocation";
    if (firstOf(p, "primary_backup")) return "failover";
    return "routed";
  }
  return undefined;
}

export function routedRecords(inv: Inventory): Resource[] {
  return inv.memo("routedRecords", () =>
    inv.ofType("aws_route53_record", "google_dns_record_set").filter((r) => routingPolicy(r) !== undefined),
  );
}

export function isAlias(r: Resource): boolean {
  return r.type === "aws_route53_record" && firstOf(r.values, "alias") !== undefined;
}

export function failoverRole(r: Resource): string | undefined {
  return str(block(r.values["failover_routing_policy"])?.["type"])?.toUpperCase();
}

/** The items of a Cloud DNS routing policy (wrr and geo entries, or the primary target). */
export function googleItems(r: Resource): Obj[] {
  const p = firstOf(r.values, "routing_policy");
  if (!p) return [];
  return [...blocks(p["wrr"]), ...blocks(p["geo"])];
}

/** `api.example.com.` and `API.example.com` are the same name. */
export function recordKey(r: Resource): string {
  const name = (str(r.values["name"]) ?? r.address).toLowerCase().replace(/\.$/, "");
  return `${name} ${str(r.values["type"])?.toUpperCase() ?? ""}`;
}

/**
 * What a routed record serves from: the latency region, else its target. Two
 * records with the same key do not make two serving regions.
 */
export function servingKey(r: Resource): string | undefined {
  const v = r.values;
  if (r.type === "aws_route53_record") {
    const weighted = block(v["weighted_routing_policy"]);
    if (weighted && num(weighted["weight"]) === 0) return undefined;
    const failover = failoverRole(r);
    if (failover === "SECONDARY") return undefined;
    const latency = str(block(v["latency_routing_policy"])?.["region"]);
    if (latency) return `region:${latency}`;
    // A reference means something else in each module instance: it is qualified by the unit.
    const alias = firstOf(v, "alias");
    if (alias) {
      const name = String(alias["name"]).toLowerCase();
      return `target:${name.includes("${") ? `${r.unit}/` : ""}${name}`;
    }
    const records = strList(v["records"]);
    if (records?.length) {
      const list = [...records].sort().join(",");
      return `target:${list.includes("${") ? `${r.unit}/` : ""}${list}`;
    }
    return `set:${str(v["set_identifier"]) ?? r.address}`;
  }
  return undefined;
}

/** Distinct serving members of a Cloud DNS routed record set. */
export function googleServingKeys(r: Resource): string[] {
  const p = firstOf(r.values, "routing_policy");
  if (!p) return [];
  const keys: string[] = [];
  for (const w of blocks(p["wrr"])) {
    if (num(w["weight"]) === 0) continue;
    keys.push(JSON.stringify(w["rrdatas"] ?? w["health_checked_targets"] ?? w));
  }
  for (const g of blocks(p["geo"])) keys.push(`geo:${str(g["location"]) ?? JSON.stringify(g)}`);
  if (firstOf(p, "primary_backup")) keys.push("primary");
  return [...new Set(keys)];
}

export function hasHealthCheck(r: Resource): boolean {
  return isSet(r.values["health_check_id"]);
}
