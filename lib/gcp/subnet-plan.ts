import { blockCidr, parseCidr } from "../core/cidr";
import { NETWORK_PREFIX } from "../core/limits";

/**
 * How a gcp region's CIDR (a /8 to /20) is carved, so everything the region
 * uses lies inside the one range the blueprint declared and that the other
 * cloud routes to:
 *
 * | part | share | /16 example |
 * | --- | --- | --- |
 * | nodes (primary subnet range) | 1/4 | 10.40.0.0/18 |
 * | services (secondary) | 1/8 | 10.40.64.0/19 |
 * | private services access (Cloud SQL) | 1/16 | 10.40.96.0/20 |
 * | GKE control plane | /28 | 10.40.112.0/28 |
 * | pods (secondary) | 1/2 | 10.40.128.0/17 |
 */
export interface SubnetPlan {
  readonly nodes: string;
  readonly services: string;
  readonly privateServices: string;
  readonly controlPlane: string;
  readonly pods: string;
}

export function subnetPlan(regionCidr: string): SubnetPlan {
  const p = parseCidr(regionCidr);
  const { min, max } = NETWORK_PREFIX.gcp;
  if (p === undefined || p.prefix < min || p.prefix > max) {
    throw new RangeError(`region CIDR ${regionCidr} is not a /${min} to /${max}`);
  }
  const size = p.end - p.start + 1;
  const part = (offset: number, length: number) => blockCidr(p.start + offset, length);
  return {
    nodes: part(0, size / 4),
    services: part(size / 4, size / 8),
    privateServices: part((3 * size) / 8, size / 16),
    controlPlane: part((7 * size) / 16, 16),
    pods: part(size / 2, size / 2),
  };
}
