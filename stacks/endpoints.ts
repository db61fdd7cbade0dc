import type { Blueprint } from "../lib/blueprint/model";
import type { Cloud } from "../lib/blueprint/schema";
import { regionalHostname } from "./names";

/** A region that serves the global name (see `Route53GlobalRouting`). */
export interface Endpoint {
  /** The region key, e.g. `aws-us-east-1`: unique, used as the record's set identifier. */
  readonly key: string;
  /** `<region>.<domain>`: where the record points and what the health check probes. */
  readonly hostname: string;
  /** The AWS region Route 53 measures latency against. */
  readonly latencyRegion: string;
  readonly cloud: Cloud;
}

/** Every region that serves traffic behind the blueprint's one name. */
export function routedEndpoints(blueprint: Blueprint): Endpoint[] {
  return blueprint.regions
    .filter((r) => r.cloud === "aws")
    .map((r) => ({
      key: r.key,
      hostname: regionalHostname(blueprint, r),
      latencyRegion: r.region,
      cloud: r.cloud,
    }));
}
