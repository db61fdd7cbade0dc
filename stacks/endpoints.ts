import type { Blueprint } from "../lib/blueprint/model";
import type { Cloud } from "../lib/blueprint/schema";
import { awsLatencyRegionFor } from "../lib/core/aws-latency-region";
import { regionalHostname } from "../lib/core/names";

/** A region that serves the global name (see `Route53GlobalRouting`). */
export interface Endpoint {
  /** The region key, e.g. `aws-us-east-1`: unique, used as the record's set identifier. */
  readonly key: string;
  /** `<region>.<domain>`: where the record points and what the health check probes. */
  readonly hostname: string;
  /** The AWS region Route 53 measures latency against. */
  readonly latencyRegion: string;
  readonly cloud: Cloud;
  /** The region's `weight`: its share of answers; 0 is a standby. */
  readonly weight: number;
}

/**
 * Every region that serves traffic behind the blueprint's one name through
 * Route 53. In a mixed blueprint the gcp regions are routed too: each
 * hostname resolves to the GCP global load balancer (an A record of the gcp
 * global stack), pinned to that region by a host rule; `latencyRegion`
 * names the nearest AWS region no other endpoint uses. A gcp-only
 * blueprint has no Route 53 routing: its global load balancer routes.
 */
export function routedEndpoints(blueprint: Blueprint): Endpoint[] {
  const aws = blueprint.regions.filter((r) => r.cloud === "aws");
  const endpoints: Endpoint[] = aws.map((r) => ({
    key: r.key,
    hostname: regionalHostname(blueprint, r),
    latencyRegion: r.region,
    cloud: r.cloud,
    weight: r.weight,
  }));
  if (aws.length === 0) return endpoints;
  const taken = new Set(aws.map((r) => r.region));
  for (const r of blueprint.regions.filter((x) => x.cloud === "gcp")) {
    const latencyRegion = awsLatencyRegionFor(r.region, taken);
    taken.add(latencyRegion);
    endpoints.push({
      key: r.key,
      hostname: regionalHostname(blueprint, r),
      latencyRegion,
      cloud: r.cloud,
      weight: r.weight,
    });
  }
  return endpoints;
}
