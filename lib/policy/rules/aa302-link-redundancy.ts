import type { Resource, Rule, RuleResult } from "../types";
import { undetermined, whyUnknown } from "../unknown";
import { addTo, instances, isExpr, isSet, str } from "../values";

export const rule: Rule = {
  id: "AA302",
  title: "Link without redundancy",
  severity: "error",
  failureMode: "F1",
  inputs: ["terraform"],
  covers: [
    "aws_vpn_connection",
    "google_compute_ha_vpn_gateway",
    "google_compute_vpn_tunnel",
    "google_compute_external_vpn_gateway",
  ],
  rationale:
    "A single VPN connection or tunnel pair is one maintenance event away from a partition between sites; with both sides still serving, a partition is how split brain starts.",
  fix: "Between AWS and Google Cloud use an HA VPN gateway with an external gateway of FOUR_IPS_REDUNDANCY, two AWS VPN connections (one per HA interface) and four tunnels; on AWS give every VPN gateway or transit gateway at least two VPN connections.",
  unknowns:
    "A VPN connection whose gateway is given by a variable or module output, an HA gateway whose tunnels may be made elsewhere (a tunnel whose vpn_gateway does not name a resource, a module that was not followed), and a redundancy_type set by an expression are not judged (info with --unknown info). count/for_each over an expression is given the benefit of the doubt.",
  *check(inv) {
    const out: RuleResult[] = [];
    // AWS: connections per gateway (virtual private gateway or transit gateway).
    const byGateway = new Map<string, Resource[]>();
    for (const c of inv.ofType("aws_vpn_connection")) {
      const gw = c.values["transit_gateway_id"] ?? c.values["vpn_gateway_id"];
      const t = inv.target(c, gw);
      const key = t ? `${t.unit}/${t.address}` : `${c.unit}/${String(gw ?? c.address)}`;
      addTo(byGateway, key, c);
    }
    for (const [, conns] of byGateway) {
      const c0 = conns[0]!;
      const gw = c0.values["transit_gateway_id"] ?? c0.values["vpn_gateway_id"];
      const elsewhere =
        (isExpr(gw) && !inv.target(c0, gw) ? whyUnknown(inv, c0, gw) : undefined) ??
        inv.hiddenByModules(c0.unit);
      if (elsewhere && conns.length < 2) {
        out.push(undetermined(c0, "how many VPN connections share its gateway", elsewhere));
        continue;
      }
      // count/for_each: as many connections as instances; unknown counts are given the benefit of the doubt.
      const total = conns.reduce((n, c) => n + (instances(c.values) ?? 2), 0);
      if (total < 2) {
        out.push({
          subject: conns[0]!,
          message: `${conns[0]!.address} is a lone VPN connection on its gateway: add a second connection to a second customer gateway`,
        });
      }
    }
    // Google: tunnels per HA gateway; classic VPN is not redundant at all.
    const tunnels = inv.ofType("google_compute_vpn_tunnel");
    for (const t of tunnels) {
      if (isSet(t.values["target_vpn_gateway"]) && !isSet(t.values["vpn_gateway"])) {
        out.push({
          subject: t,
          message: `${t.address} uses Classic VPN (target_vpn_gateway): no redundancy, use an HA VPN gateway`,
        });
      }
    }
    for (const gw of inv.ofType("google_compute_ha_vpn_gateway")) {
      const mine = tunnels.filter((t) => inv.target(t, t.values["vpn_gateway"]) === gw);
      const tunnelCount = mine.reduce((n, t) => n + (instances(t.values) ?? 4), 0);
      const stray = tunnels.find(
        (t) => isSet(t.values["vpn_gateway"]) && !inv.target(t, t.values["vpn_gateway"]),
      );
      const elsewhere =
        (stray
          ? `${stray.address} names its gateway by ${String(stray.values["vpn_gateway"])}`
          : undefined) ??
        inv.hiddenByModules(gw.unit) ??
        (inv.notFollowed.length ? inv.hiddenByModules() : undefined);
      const external = mine
        .map((t) => inv.target(t, t.values["peer_external_gateway"]))
        .find((x) => x !== undefined);
      const toPeer = mine.some((t) => isSet(t.values["peer_external_gateway"]));
      const redundancy = external ? str(external.values["redundancy_type"]) : undefined;
      const redundancyWhy = external
        ? whyUnknown(inv, external, external.values["redundancy_type"])
        : undefined;
      const needed = toPeer ? (redundancy === "TWO_IPS_REDUNDANCY" ? 2 : 4) : 2;
      if (tunnelCount < needed && elsewhere) {
        out.push(undetermined(gw, "how many tunnels use this gateway", elsewhere));
      } else if (tunnelCount < needed && redundancyWhy && toPeer) {
        out.push(undetermined(gw, "how many tunnels this gateway needs", redundancyWhy));
      } else if (tunnelCount < needed) {
        out.push({
          subject: gw,
          message: `HA VPN gateway ${gw.address} has ${tunnelCount} tunnel(s); ${toPeer ? "a link to AWS needs 4 (two AWS VPN connections, two tunnels each)" : "HA VPN needs 2, one per interface"}`,
        });
      }
      if (external && redundancyWhy) {
        out.push(undetermined(external, "its redundancy_type", redundancyWhy));
      } else if (external && redundancy !== "FOUR_IPS_REDUNDANCY" && redundancy !== "TWO_IPS_REDUNDANCY") {
        out.push({
          subject: external,
          message: `external VPN gateway ${external.address} has redundancy_type ${redundancy ?? "not set"}: use FOUR_IPS_REDUNDANCY for two AWS VPN connections`,
        });
      }
    }
    yield* out;
  },
};
