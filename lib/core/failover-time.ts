/**
 * How long a lost region keeps receiving clients: the one estimate shared by
 * rule AA103 (read from Terraform) and `activeactive simulate` (read from the
 * blueprint). Three terms, each stated:
 * 1. detection: health checkers must see `failureThreshold` failed probes in
 *    a row, `intervalSeconds` apart;
 * 2. propagation: the router then has to act on the new status everywhere
 *    (`PROPAGATION`: a documented figure where the provider gives one, else
 *    a stated assumption);
 * 3. DNS cache (DNS routing only): clients keep the old answer until its TTL
 *    expires. Anycast routing (Global Accelerator, the Google Cloud global
 *    load balancer) never changes the address, so no cache holds clients back.
 * Not counted: resolvers or runtimes that cache past the TTL, and open
 * connections that stay on the lost region; hence `AT_RISK_MARGIN_SECONDS`.
 */

/** How the routing layer moves clients: new DNS answers, or the same anycast address. */
export type FailoverPath = "dns" | "anycast";

/** The product that acts on the health status. */
export type FailoverRouter = "route53" | "cloud-dns" | "global-accelerator" | "gcp-global-lb";

/** The path each router moves clients by. */
export const ROUTER_PATH: Readonly<Record<FailoverRouter, FailoverPath>> = {
  route53: "dns",
  "cloud-dns": "dns",
  "global-accelerator": "anycast",
  "gcp-global-lb": "anycast",
};

export interface Propagation {
  readonly seconds: number;
  /** Where the number comes from: a provider's documentation, or an assumption named as one. */
  readonly basis: string;
}

/**
 * Time from "the health check says unhealthy" to "the router answers without
 * the region". Providers document little here; each entry says which.
 */
export const PROPAGATION: Readonly<Record<FailoverRouter, Propagation>> = {
  route53: {
    seconds: 10,
    basis:
      "assumption: AWS gives no figure for a health-check status reaching the Route 53 name servers; record changes are documented to reach them 'generally within 60 seconds' (Route 53 Developer Guide, Editing records), health-check failover needs no record change",
  },
  "cloud-dns": {
    seconds: 10,
    basis: "assumption: Google gives no figure for Cloud DNS routing policies acting on a health check",
  },
  "global-accelerator": {
    seconds: 30,
    basis:
      "AWS documents that routing returns to a recovered endpoint 'after about 30 seconds' (Global Accelerator Developer Guide, How failover works for unhealthy endpoints); assumed the same when failing away",
  },
  "gcp-global-lb": {
    seconds: 10,
    basis:
      "assumption: Google gives no figure for the load balancer's front ends acting on a backend health change",
  },
};

/** Below this margin to the SLO the estimate is `at-risk`: what is not counted can use it up. */
export const AT_RISK_MARGIN_SECONDS = 10;

export interface ProbeTiming {
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
}

export interface FailoverEstimate {
  /** Probes until the region is declared down: interval x threshold. */
  readonly detectionSeconds: number;
  /** Until the router acts on the status everywhere (`PROPAGATION`). */
  readonly propagationSeconds: number;
  /** DNS TTL: resolvers and clients that honour it hold the old answer this long; 0 for anycast. */
  readonly dnsCacheSeconds: number;
  readonly totalSeconds: number;
}

/** Detection, propagation, then (DNS only) the TTL. */
export function estimateFailover(
  router: FailoverRouter,
  probe: ProbeTiming,
  ttlSeconds = 0,
): FailoverEstimate {
  const detectionSeconds = probe.intervalSeconds * probe.failureThreshold;
  const propagationSeconds = PROPAGATION[router].seconds;
  const dnsCacheSeconds = ROUTER_PATH[router] === "dns" ? ttlSeconds : 0;
  return {
    detectionSeconds,
    propagationSeconds,
    dnsCacheSeconds,
    totalSeconds: detectionSeconds + propagationSeconds + dnsCacheSeconds,
  };
}

/** `fails` above the SLO; `at-risk` within it by less than `AT_RISK_MARGIN_SECONDS`; else `holds`. */
export function judgeFailover(totalSeconds: number, sloSeconds: number): "holds" | "at-risk" | "fails" {
  if (totalSeconds > sloSeconds) return "fails";
  return sloSeconds - totalSeconds < AT_RISK_MARGIN_SECONDS ? "at-risk" : "holds";
}

/** Route 53 health check defaults when `request_interval` / `failure_threshold` are left out. */
export const ROUTE53_PROBE_DEFAULTS: ProbeTiming = { intervalSeconds: 30, failureThreshold: 3 };
/** Global Accelerator endpoint group defaults (`health_check_interval_seconds`, `threshold_count`). */
export const ACCELERATOR_PROBE_DEFAULTS: ProbeTiming = { intervalSeconds: 30, failureThreshold: 3 };
/** Google Cloud health check defaults (`check_interval_sec`, `unhealthy_threshold`). */
export const GCP_PROBE_DEFAULTS: ProbeTiming = { intervalSeconds: 5, failureThreshold: 2 };
/** What `GcpGlobalLoadBalancer` sets on its backend health check: 10 s apart, 3 failures. */
export const GCP_LB_PROBE: ProbeTiming = { intervalSeconds: 10, failureThreshold: 3 };
