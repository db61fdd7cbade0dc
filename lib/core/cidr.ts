/**
 * IPv4 and CIDR arithmetic, the one place it is written. Addresses are
 * numbers (0 to 2^32-1) so ranges compare with `<=`.
 */

/** A parsed IPv4 CIDR: the first and last address of the block, and the prefix length. */
export interface ParsedCidr {
  readonly start: number;
  readonly end: number;
  readonly prefix: number;
}

/**
 * Parses `a.b.c.d/n`; `undefined` when it is not four octets of 0-255 and a
 * prefix of 0-32. Host bits are ignored (`10.0.0.1/24` starts at 10.0.0.0).
 */
export function parseCidr(cidr: string): ParsedCidr | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const start = ip - (ip % size);
  return { start, end: start + size - 1, prefix };
}

/** The address part of a CIDR as a number, host bits included (`10.0.0.1/24` is 10.0.0.1). */
export function addressOf(cidr: string): number {
  return cidr
    .split("/")[0]!
    .split(".")
    .reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** A number as a dotted IPv4 address. */
export function ipString(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** The CIDR of the block of `size` addresses (a power of two) starting at `start`. */
export function blockCidr(start: number, size: number): string {
  return `${ipString(start)}/${32 - Math.log2(size)}`;
}

/** True when the two blocks share an address. */
export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when `inner` lies inside `outer`. */
export function cidrContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
