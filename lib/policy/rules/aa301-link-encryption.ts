import type { Rule, RuleResult } from "../types";
import { dynamicUnknown, triBool, undetermined, whyUnknown } from "../unknown";
import { bool, firstOf, num, str, strList } from "../values";

const WEAK_INTEGRITY = new Set(["SHA1"]);
const WEAK_DH = new Set([1, 2, 5]);
const OLD_TLS_POLICY =
  /TLS-1-0|TLS-1-1|2015-05|2016-08|^ELBSecurityPolicy-2011|^ELBSecurityPolicy-2014|TLS13-1-0|TLS13-1-1/;

export const rule: Rule = {
  id: "AA301",
  title: "Link not encrypted in transit with modern settings",
  severity: "error",
  failureMode: "F6",
  inputs: ["terraform"],
  covers: [
    "aws_vpn_connection",
    "google_compute_vpn_tunnel",
    "aws_lb_listener",
    "aws_alb_listener",
    "aws_elasticache_replication_group",
    "google_sql_database_instance",
  ],
  rationale:
    "Replication and service traffic between regions and clouds crosses networks you do not own. IKEv1, SHA-1 and small Diffie-Hellman groups, plain HTTP and old TLS policies let that traffic be read or tampered with.",
  fix: "Restrict VPN tunnels to ikev2 with SHA2 integrity and DH groups >= 14; listeners to HTTPS/TLS with a TLS 1.2+ policy (or HTTP that only redirects); ElastiCache transit_encryption_enabled; Cloud SQL ssl_mode ENCRYPTED_ONLY.",
  unknowns:
    "IKE versions, algorithms, protocols, TLS policies and encryption flags set by an expression, and an ip_configuration made by a dynamic block, are not judged (info with --unknown info); only values known to be weak are reported.",
  *check(inv) {
    const out: RuleResult[] = [];
    for (const r of inv.ofType("aws_vpn_connection")) {
      for (const t of ["tunnel1", "tunnel2"]) {
        const ike = strList(r.values[`${t}_ike_versions`]);
        const ikeWhy = whyUnknown(inv, r, r.values[`${t}_ike_versions`]);
        if (ikeWhy) out.push(undetermined(r, `which IKE versions ${t} accepts`, ikeWhy));
        else if (ike === undefined || ike.length === 0) {
          if (!r.values[`${t}_ike_versions`])
            out.push({
              subject: r,
              message: `${r.address} ${t} accepts IKEv1 (${t}_ike_versions is not set; restrict it to ["ikev2"])`,
            });
        } else if (ike.includes("ikev1")) {
          out.push({
            subject: r,
            message: `${r.address} ${t} allows IKEv1 (${t}_ike_versions = ${JSON.stringify(ike)})`,
          });
        }
        for (const phase of ["phase1", "phase2"]) {
          const integrity = strList(r.values[`${t}_${phase}_integrity_algorithms`]) ?? [];
          const weak = integrity.filter((a) => WEAK_INTEGRITY.has(a.toUpperCase()));
          if (weak.length)
            out.push({
              subject: r,
              message: `${r.address} ${t} ${phase} allows weak integrity ${weak.join(", ")}`,
            });
          const groups = (
            Array.isArray(r.values[`${t}_${phase}_dh_group_numbers`])
              ? (r.values[`${t}_${phase}_dh_group_numbers`] as unknown[])
              : []
          )
            .map(num)
            .filter((n): n is number => n !== undefined && WEAK_DH.has(n));
          if (groups.length)
            out.push({
              subject: r,
              message: `${r.address} ${t} ${phase} allows weak Diffie-Hellman group(s) ${groups.join(", ")}`,
            });
        }
      }
    }
    for (const r of inv.ofType("google_compute_vpn_tunnel")) {
      const v = num(r.values["ike_version"]);
      if (v === 1) out.push({ subject: r, message: `${r.address} uses IKEv1 (ike_version = 1)` });
    }
    for (const r of inv.ofType("aws_lb_listener", "aws_alb_listener")) {
      const protocol = str(r.values["protocol"])?.toUpperCase();
      const action = firstOf(r.values, "default_action");
      const redirect = action && str(action["type"]) === "redirect";
      if (protocol === "HTTP" && !redirect) {
        out.push({
          subject: r,
          message: `${r.address} serves plain HTTP (protocol HTTP without a redirect to HTTPS)`,
        });
      }
      const policy = str(r.values["ssl_policy"]);
      if ((protocol === "HTTPS" || protocol === "TLS") && policy && OLD_TLS_POLICY.test(policy)) {
        out.push({ subject: r, message: `${r.address} allows TLS below 1.2 (ssl_policy ${policy})` });
      }
    }
    for (const r of inv.ofType("aws_elasticache_replication_group")) {
      if (!r.values["global_replication_group_id"]) continue;
      const transit = triBool(inv, r, r.values["transit_encryption_enabled"]);
      if (!transit.known) out.push(undetermined(r, "whether transit encryption is on", transit.why));
      else if (transit.value !== true) {
        out.push({
          subject: r,
          message: `${r.address} replicates across regions without transit_encryption_enabled`,
        });
      }
    }
    for (const r of inv.ofType("google_sql_database_instance")) {
      const settings = firstOf(r.values, "settings");
      const ip = firstOf(settings, "ip_configuration");
      const why =
        (settings ? undefined : dynamicUnknown(inv, r, r.values, "settings")) ??
        (ip || !settings ? undefined : dynamicUnknown(inv, r, settings, "ip_configuration")) ??
        whyUnknown(inv, r, ip?.["ssl_mode"]) ??
        whyUnknown(inv, r, ip?.["require_ssl"]);
      if (why) {
        out.push(undetermined(r, "whether it refuses unencrypted connections", why));
        continue;
      }
      const mode = str(ip?.["ssl_mode"]);
      const required = bool(ip?.["require_ssl"]) === true;
      if (!required && mode !== "ENCRYPTED_ONLY" && mode !== "TRUSTED_CLIENT_CERTIFICATE_REQUIRED") {
        out.push({
          subject: r,
          message: `${r.address} accepts unencrypted connections (settings.ip_configuration.ssl_mode is ${mode ?? "not set"}; use ENCRYPTED_ONLY)`,
        });
      }
    }
    yield* out;
  },
};
