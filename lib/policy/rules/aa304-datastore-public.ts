import type { Rule, RuleResult } from "../types";
import { dynamicUnknown, triBool, undetermined, whyUnknown } from "../unknown";
import { blocks, blocksOf, bool, firstOf, num, str, strList } from "../values";

/** Ports of common datastores: MySQL, PostgreSQL, SQL Server, Oracle, MongoDB, Redis, Cassandra, Redshift, Memcached, Elasticsearch, CockroachDB. */
export const DATABASE_PORTS = [3306, 5432, 1433, 1521, 27017, 6379, 9042, 5439, 11211, 9200, 26257];
const WORLD = new Set(["0.0.0.0/0", "::/0"]);

function coversDbPort(from: unknown, to: unknown, protocol: string | undefined): number[] {
  const p = (protocol ?? "tcp").toLowerCase();
  if (p === "-1" || p === "all") return DATABASE_PORTS;
  if (p !== "tcp" && p !== "6") return [];
  // Ports set by an expression (a dynamic block's value) are unknown: not guessed.
  const unknown = (v: unknown) => v !== undefined && v !== null && num(v) === undefined;
  if (unknown(from) || unknown(to)) return [];
  const lo = num(from) ?? 0;
  const hi = num(to) ?? 65535;
  return DATABASE_PORTS.filter((x) => x >= lo && x <= hi);
}

function gcpPorts(ports: unknown): number[] {
  const list = strList(ports);
  if (!list || list.length === 0) return DATABASE_PORTS;
  const out: number[] = [];
  for (const p of list) {
    const [a, b] = p.split("-").map(Number);
    out.push(...DATABASE_PORTS.filter((x) => x >= a! && x <= (b ?? a!)));
  }
  return out;
}

export const rule: Rule = {
  id: "AA304",
  title: "Datastore reachable from the internet",
  severity: "error",
  failureMode: "F6",
  inputs: ["terraform"],
  covers: [
    "aws_db_instance",
    "aws_rds_cluster_instance",
    "aws_redshift_cluster",
    "aws_neptune_cluster_instance",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "google_sql_database_instance",
    "google_compute_firewall",
  ],
  rationale:
    "Replicas in every region multiply the public endpoints of the data; one open port or public instance exposes the whole replicated data set.",
  fix: "Keep datastores private: publicly_accessible = false, no 0.0.0.0/0 or ::/0 ingress on database ports, Cloud SQL with ipv4_enabled = false and private_network.",
  unknowns:
    "Only what is known to be open is reported: CIDRs, ports, protocols and publicly_accessible set by an expression, and ingress rules made by a dynamic block over a variable, are not judged (info with --unknown info for publicly_accessible and Cloud SQL IP settings). An open CIDR supplied through a variable default or tfvars is seen.",
  *check(inv) {
    const out: RuleResult[] = [];
    for (const r of inv.ofType(
      "aws_db_instance",
      "aws_rds_cluster_instance",
      "aws_redshift_cluster",
      "aws_neptune_cluster_instance",
    )) {
      const pub = triBool(inv, r, r.values["publicly_accessible"]);
      if (!pub.known) out.push(undetermined(r, "whether it is publicly accessible", pub.why));
      else if (pub.value === true) {
        out.push({ subject: r, message: `${r.address} is publicly accessible (publicly_accessible = true)` });
      }
    }
    const open = (cidrs: unknown[]): string[] =>
      cidrs.filter((c): c is string => typeof c === "string" && WORLD.has(c));
    for (const sg of inv.ofType("aws_security_group")) {
      for (const rule of blocksOf(sg.values, "ingress")) {
        const world = open([
          ...(strList(rule["cidr_blocks"]) ?? []),
          ...(strList(rule["ipv6_cidr_blocks"]) ?? []),
        ]);
        const ports = coversDbPort(rule["from_port"], rule["to_port"], str(rule["protocol"]));
        if (world.length && ports.length) {
          out.push({
            subject: sg,
            message: `${sg.address} opens database port(s) ${ports.slice(0, 4).join(", ")} to ${world.join(", ")}`,
          });
        }
      }
    }
    for (const r of inv.ofType("aws_security_group_rule")) {
      if (str(r.values["type"]) !== "ingress") continue;
      const world = open([
        ...(strList(r.values["cidr_blocks"]) ?? []),
        ...(strList(r.values["ipv6_cidr_blocks"]) ?? []),
      ]);
      const ports = coversDbPort(r.values["from_port"], r.values["to_port"], str(r.values["protocol"]));
      if (world.length && ports.length) {
        out.push({
          subject: r,
          message: `${r.address} opens database port(s) ${ports.slice(0, 4).join(", ")} to ${world.join(", ")}`,
        });
      }
    }
    for (const r of inv.ofType("aws_vpc_security_group_ingress_rule")) {
      const world = open([r.values["cidr_ipv4"], r.values["cidr_ipv6"]]);
      const ports = coversDbPort(r.values["from_port"], r.values["to_port"], str(r.values["ip_protocol"]));
      if (world.length && ports.length) {
        out.push({
          subject: r,
          message: `${r.address} opens database port(s) ${ports.slice(0, 4).join(", ")} to ${world.join(", ")}`,
        });
      }
    }
    for (const r of inv.ofType("google_sql_database_instance")) {
      const settings = firstOf(r.values, "settings");
      const ip = firstOf(settings, "ip_configuration");
      const why =
        (settings ? undefined : dynamicUnknown(inv, r, r.values, "settings")) ??
        (ip || !settings ? undefined : dynamicUnknown(inv, r, settings, "ip_configuration")) ??
        whyUnknown(inv, r, ip?.["ipv4_enabled"]) ??
        (ip ? dynamicUnknown(inv, r, ip, "authorized_networks") : undefined);
      if (why) {
        out.push(undetermined(r, "whether it has a public IP open to the internet", why));
        continue;
      }
      const ipv4 = bool(ip?.["ipv4_enabled"]);
      const networks = blocks(ip?.["authorized_networks"]).map((n) => str(n["value"]));
      if (ipv4 !== false && networks.some((n) => n && WORLD.has(n))) {
        out.push({
          subject: r,
          message: `${r.address} accepts connections from 0.0.0.0/0 (authorized_networks)`,
        });
      } else if (ipv4 !== false) {
        out.push({
          subject: r,
          message: `${r.address} has a public IPv4 address (settings.ip_configuration.ipv4_enabled is ${ipv4 === true ? "true" : "not set, default true"}): use private_network`,
        });
      }
    }
    for (const r of inv.ofType("google_compute_firewall")) {
      const direction = str(r.values["direction"]) ?? "INGRESS";
      if (direction !== "INGRESS" || bool(r.values["disabled"]) === true) continue;
      const world = open(strList(r.values["source_ranges"]) ?? []);
      if (!world.length) continue;
      const ports = new Set<number>();
      for (const a of blocks(r.values["allow"])) {
        const p = str(a["protocol"])?.toLowerCase();
        const opened = p === "all" ? DATABASE_PORTS : p === "tcp" || p === "6" ? gcpPorts(a["ports"]) : [];
        for (const x of opened) ports.add(x);
      }
      if (ports.size) {
        out.push({
          subject: r,
          message: `${r.address} opens database port(s) ${[...ports].slice(0, 4).join(", ")} to ${world.join(", ")}`,
        });
      }
    }
    yield* out;
  },
};
