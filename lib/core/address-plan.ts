import { addressOf, cidrsOverlap, ipString, type ParsedCidr, parseCidr } from "./cidr";
import type { Problem } from "./errors";

/**
 * The link-local addressing of one AWS-GCP HA VPN: four /30 tunnel inside
 * ranges (one per IPsec tunnel, each carrying one BGP session) and the BGP
 * ASN of each side. Both sides are configured from the same plan, so the AWS
 * VPN connection and the Cloud Router always agree on who is `.1` and `.2`.
 *
 * AWS takes the first host of each /30 for its end of the tunnel (the
 * Transit Gateway side) and expects the customer gateway (here: the Cloud
 * Router) on the second.
 * @see https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html
 */
export interface TunnelAddressPlan {
  /** BGP ASN of the AWS Transit Gateway. */
  readonly awsAsn: number;
  /** BGP ASN of the Cloud Router. */
  readonly gcpAsn: number;
  /**
   * The four tunnel inside CIDRs, in tunnel order: VPN connection 1 tunnels 1
   * and 2, then VPN connection 2 tunnels 1 and 2.
   */
  readonly tunnels: readonly TunnelAddresses[];
}

export interface TunnelAddresses {
  /** The /30, e.g. `169.254.10.0/30`. */
  readonly cidr: string;
  /** The AWS end of the tunnel, e.g. `169.254.10.1`. */
  readonly awsIp: string;
  /** The Cloud Router end, e.g. `169.254.10.2`. */
  readonly gcpIp: string;
}

/** Tunnels per AWS-GCP HA VPN: 2 GCP interfaces x 2 AWS tunnels each. */
export const TUNNELS_PER_LINK = 4;

/**
 * Inside CIDRs AWS reserves and rejects for VPN tunnels.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html
 */
export const AWS_RESERVED_INSIDE_CIDRS: readonly string[] = [
  "169.254.0.0/30",
  "169.254.1.0/30",
  "169.254.2.0/30",
  "169.254.3.0/30",
  "169.254.4.0/30",
  "169.254.5.0/30",
  "169.254.169.252/30",
];

/** True for a 16-bit private ASN (RFC 6996: 64512-65534). */
export function isPrivateAsn(asn: number): boolean {
  return Number.isInteger(asn) && asn >= 64512 && asn <= 65534;
}

/**
 * Checks the tunnel CIDRs and ASNs of one link: four /30s, each inside
 * 169.254.0.0/16, none of them reserved by AWS, no two overlapping (also
 * across `taken`, the ranges of the blueprint's other links), and two
 * distinct private ASNs. Problem paths are relative to the link: `awsAsn`,
 * `gcpAsn`, `tunnelCidrs` or `tunnelCidrs[i]`.
 */
export function checkAddressPlan(
  cidrs: readonly string[],
  awsAsn: number,
  gcpAsn: number,
  taken: readonly string[] = [],
): Problem[] {
  const problems: Problem[] = [];
  for (const [field, asn] of [
    ["awsAsn", awsAsn],
    ["gcpAsn", gcpAsn],
  ] as const) {
    if (!isPrivateAsn(asn)) {
      problems.push({
        path: field,
        message: "a BGP ASN on a private link must be private",
        found: String(asn),
        expected: "a private ASN between 64512 and 65534",
      });
    }
  }
  if (awsAsn === gcpAsn) {
    problems.push({
      path: "gcpAsn",
      message: "the two sides of a BGP session need distinct ASNs",
      found: String(gcpAsn),
      expected: `an ASN other than ${awsAsn}`,
    });
  }
  if (cidrs.length !== TUNNELS_PER_LINK) {
    problems.push({
      path: "tunnelCidrs",
      message: `an HA VPN between AWS and Google Cloud has ${TUNNELS_PER_LINK} tunnels, one inside CIDR each`,
      found: `${cidrs.length} CIDRs`,
      expected: `${TUNNELS_PER_LINK} /30 CIDRs`,
    });
  }
  const linkLocal = parseCidr("169.254.0.0/16")!;
  const reserved = AWS_RESERVED_INSIDE_CIDRS.map((c) => parseCidr(c)!);
  const seen: (ParsedCidr & { readonly cidr: string })[] = taken.flatMap((c) => {
    const p = parseCidr(c);
    return p ? [{ cidr: c, ...p }] : [];
  });
  cidrs.forEach((cidr, index) => {
    const p = parseCidr(cidr);
    if (p === undefined || p.prefix !== 30 || addressOf(cidr) !== p.start) {
      problems.push({
        path: `tunnelCidrs[${index}]`,
        message: "a tunnel inside CIDR is a /30 network address",
        found: JSON.stringify(cidr),
        expected: "a /30 such as 169.254.10.0/30",
      });
      return;
    }
    if (p.start < linkLocal.start || p.end > linkLocal.end) {
      problems.push({
        path: `tunnelCidrs[${index}]`,
        message: "tunnel inside CIDRs are link-local",
        found: cidr,
        expected: "a /30 inside 169.254.0.0/16",
      });
      return;
    }
    const r = reserved.findIndex((q) => cidrsOverlap(p, q));
    if (r >= 0) {
      problems.push({
        path: `tunnelCidrs[${index}]`,
        message: `AWS reserves ${AWS_RESERVED_INSIDE_CIDRS[r]} and rejects it as a tunnel inside CIDR`,
        found: cidr,
        expected: `a /30 outside ${AWS_RESERVED_INSIDE_CIDRS.join(", ")}`,
      });
      return;
    }
    const clash = seen.find((q) => cidrsOverlap(p, q));
    if (clash) {
      problems.push({
        path: `tunnelCidrs[${index}]`,
        message: `tunnel inside CIDR used twice (also ${clash.cidr}); every BGP session needs its own /30`,
        found: cidr,
        expected: "a /30 no other tunnel uses",
      });
      return;
    }
    seen.push({ cidr, ...p });
  });
  return problems;
}

/**
 * The default inside CIDRs of the link at `index` (0-based) in the blueprint:
 * link n takes 169.254.(10+n).0/28, split into four /30s. 169.254.10.0 and up
 * is clear of every range AWS reserves.
 */
export function defaultTunnelCidrs(index: number): string[] {
  if (!Number.isInteger(index) || index < 0 || index > 150) {
    throw new RangeError(`link index ${index} out of range 0-150`);
  }
  return Array.from({ length: TUNNELS_PER_LINK }, (_, t) => `169.254.${10 + index}.${t * 4}/30`);
}

/**
 * Builds the plan of one link from its CIDRs and ASNs. Throws `RangeError`
 * on an invalid plan; blueprints are checked earlier with `checkAddressPlan`
 * so users see a `UsageError` with the path instead.
 */
export function tunnelAddressPlan(
  cidrs: readonly string[],
  awsAsn: number,
  gcpAsn: number,
): TunnelAddressPlan {
  const problems = checkAddressPlan(cidrs, awsAsn, gcpAsn);
  if (problems.length > 0) {
    throw new RangeError(
      `invalid tunnel address plan: ${problems.map((p) => `${p.message} (found ${p.found})`).join("; ")}`,
    );
  }
  return {
    awsAsn,
    gcpAsn,
    tunnels: cidrs.map((cidr) => {
      const start = parseCidr(cidr)!.start;
      return { cidr, awsIp: ipString(start + 1), gcpIp: ipString(start + 2) };
    }),
  };
}
