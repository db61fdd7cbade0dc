import type { Blueprint, Region } from "../../blueprint/model";
import { UsageError } from "../../core/errors";
import { estimateFailover, GCP_LB_PROBE, type ProbeTiming } from "../../core/failover-time";
import type { RoutingMode, RoutingOutcome, TrafficShare } from "./report";

/**
 * The routing layer of a blueprint, as synth builds it: Route 53 weighted
 * records with HTTPS health checks (`dns`, AWS-only or mixed), Global
 * Accelerator (`accelerator`), or the Google Cloud global load balancer
 * (gcp-only). A mode this code does not know is a usage error, not a guess.
 */
export function routingMode(b: Blueprint): RoutingMode {
  const mode: string = b.dns.mode;
  if (mode === "accelerator") return "global-accelerator";
  if (mode === "dns") return b.regions.every((r) => r.cloud === "gcp") ? "gcp-global-lb" : "route53-weighted";
  throw new UsageError({
    path: "spec.dns.mode",
    message: "the simulator cannot reason about this routing mode",
    found: JSON.stringify(mode),
    expected: "dns or accelerator",
  });
}

/** Health-check timing of a mode: the blueprint's check, or what the gcp load balancer construct sets. */
function probeOf(b: Blueprint, mode: RoutingMode): ProbeTiming {
  return mode === "gcp-global-lb"
    ? GCP_LB_PROBE
    : {
        intervalSeconds: b.dns.healthCheck.intervalSeconds,
        failureThreshold: b.dns.healthCheck.failureThreshold,
      };
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((10000 * part) / whole) / 100 : 0);

/**
 * The share of traffic each survivor gets, as a fraction of all traffic, in
 * blueprint order. Weighted survivors split it by weight; a standby (weight 0)
 * takes traffic only when every weighted region is gone: then the standbys
 * split it evenly (Route 53 and the load balancer), or get none (Global
 * Accelerator sends nothing to a dial-0 group).
 */
export function survivorShares(mode: RoutingMode, survivors: readonly Region[]): number[] {
  const weighted = survivors.reduce((s, r) => s + r.weight, 0);
  if (weighted > 0) return survivors.map((r) => r.weight / weighted);
  if (mode === "global-accelerator") return survivors.map(() => 0);
  return survivors.map(() => 1 / survivors.length);
}

/** How long the lost regions keep clients, and where their traffic goes. */
export function routingOutcome(b: Blueprint, lost: readonly Region[]): RoutingOutcome {
  const mode = routingMode(b);
  const probe = probeOf(b, mode);
  const estimate = estimateFailover(mode === "route53-weighted" ? "dns" : "anycast", probe, b.dns.ttlSeconds);
  const survivors = b.regions.filter((r) => !lost.includes(r));
  const shares = survivorShares(mode, survivors);
  const allWeight = b.regions.reduce((s, r) => s + r.weight, 0);
  const traffic: TrafficShare[] = survivors.map((r, i) => ({
    region: r.region,
    cloud: r.cloud,
    weight: r.weight,
    beforePercent: percent(r.weight, allWeight),
    afterPercent: Math.round(10000 * shares[i]!) / 100,
  }));
  const notes: string[] = [];
  const served = shares.some((s) => s > 0);
  if (!served) {
    notes.push(
      "only standby regions (weight 0) survive and Global Accelerator sends nothing to a dial-0 endpoint group: raise a survivor's weight and apply the accelerator stack",
    );
  } else if (survivors.every((r) => r.weight === 0)) {
    notes.push("every weighted region is lost: the standby regions (weight 0) take all traffic");
  }
  if (mode === "route53-weighted") {
    notes.push(
      "not counted: resolvers or client runtimes that cache answers past the TTL (e.g. a JVM without networkaddress.cache.ttl) keep sending clients to the lost region longer",
    );
  } else if (mode === "global-accelerator") {
    notes.push(
      "Global Accelerator sends a lost region's clients to the nearest healthy region, so the real split depends on where clients are; the shares above are by weight; for ALB endpoints it also follows the ALB's own target health, which may act sooner",
    );
  } else {
    notes.push(
      "the load balancer sends a lost region's clients to the nearest healthy region, so the real split depends on where clients are; the shares above are by weight; outlier detection may eject failing endpoints sooner",
    );
  }
  const inTime = estimate.totalSeconds <= b.slo.failoverSeconds;
  if (estimate.totalSeconds === b.slo.failoverSeconds) {
    notes.push("exactly at the SLO: no margin for what is not counted");
  }
  return {
    mode,
    intervalSeconds: probe.intervalSeconds,
    failureThreshold: probe.failureThreshold,
    detectionSeconds: estimate.detectionSeconds,
    dnsCacheSeconds: estimate.dnsCacheSeconds,
    totalSeconds: estimate.totalSeconds,
    sloSeconds: b.slo.failoverSeconds,
    traffic,
    verdict: inTime && served ? "holds" : "fails",
    notes,
  };
}
