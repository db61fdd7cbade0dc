/**
 * How long a lost region keeps receiving clients: the one estimate shared by
 * rule AA103 (read from Terraform) and `activeactive simulate` (read from the
 * blueprint). Health checkers must see `failureThreshold` failed probes in a
 * row, `intervalSeconds` apart; then, when routing is DNS, clients keep the
 * old answer until its TTL expires. Anycast routing (Global Accelerator, the
 * Google Cloud global load balancer) never changes the address, so no cache
 * holds clients back.
 */

/** How the routing layer moves clients: new DNS answers, or the same anycast address. */
export type FailoverPath = "dns" | "anycast";

export interface ProbeTiming {
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
}

export interface FailoverEstimate {
  /** Probes until the region is declared down: interval x threshold. */
  readonly detectionSeconds: number;
  /** DNS TTL: resolvers and clients that honour it hold the old answer this long; 0 for anycast. */
  readonly dnsCacheSeconds: number;
  readonly totalSeconds: number;
}

/** Detection, then (DNS only) the TTL. */
export function estimateFailover(path: FailoverPath, probe: ProbeTiming, ttlSeconds = 0): FailoverEstimate {
  const detectionSeconds = probe.intervalSeconds * probe.failureThreshold;
  const dnsCacheSeconds = path === "dns" ? ttlSeconds : 0;
  return { detectionSeconds, dnsCacheSeconds, totalSeconds: detectionSeconds + dnsCacheSeconds };
}

/** Route 53 health check defaults when `request_interval` / `failure_threshold` are left out. */
export const ROUTE53_PROBE_DEFAULTS: ProbeTiming = { intervalSeconds: 30, failureThreshold: 3 };
/** Global Accelerator endpoint group defaults (`health_check_interval_seconds`, `threshold_count`). */
export const ACCELERATOR_PROBE_DEFAULTS: ProbeTiming = { intervalSeconds: 30, failureThreshold: 3 };
/** Google Cloud health check defaults (`check_interval_sec`, `unhealthy_threshold`). */
export const GCP_PROBE_DEFAULTS: ProbeTiming = { intervalSeconds: 5, failureThreshold: 2 };
/** What `GcpGlobalLoadBalancer` sets on its backend health check: 10 s apart, 3 failures. */
export const GCP_LB_PROBE: ProbeTiming = { intervalSeconds: 10, failureThreshold: 3 };
