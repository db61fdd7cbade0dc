import type { Cloud } from "./regions";

/**
 * Rules the blueprint loader and the constructs both enforce, each stated
 * once: the number, the message and what is expected. The loader reports them
 * with file and line; a construct built by hand reports them at its path.
 */
export interface LimitRule {
  readonly message: string;
  readonly expected: string;
}

/**
 * Route 53 health checks: a region leaves DNS after this many failed probes
 * in a row. Route 53 accepts 1 to 10; one lost probe must not fail a region
 * over, so 1 is refused.
 */
export const HEALTH_CHECK_FAILURE_THRESHOLD = { min: 2, max: 10 } as const;
export const HEALTH_CHECK_THRESHOLD_RULE: LimitRule = {
  message: "a single failed probe must not take a region out of DNS (routing flaps)",
  expected: `${HEALTH_CHECK_FAILURE_THRESHOLD.min} to ${HEALTH_CHECK_FAILURE_THRESHOLD.max}`,
};

/** True when a failure threshold keeps to `HEALTH_CHECK_THRESHOLD_RULE`. */
export function isHealthCheckThresholdOk(threshold: number): boolean {
  return (
    Number.isInteger(threshold) &&
    threshold >= HEALTH_CHECK_FAILURE_THRESHOLD.min &&
    threshold <= HEALTH_CHECK_FAILURE_THRESHOLD.max
  );
}

/**
 * Prefix lengths a region's network may have, per cloud. AWS VPCs are /16 to
 * /28 and the subnet layout takes 4 more bits, so /16 to /24; GKE's secondary
 * ranges want room, so a gcp region stays at /20 or wider.
 */
export const NETWORK_PREFIX: Readonly<Record<Cloud, { readonly min: number; readonly max: number }>> = {
  aws: { min: 16, max: 24 },
  gcp: { min: 8, max: 20 },
};
export function networkSizeRule(cloud: Cloud): LimitRule {
  const { min, max } = NETWORK_PREFIX[cloud];
  return {
    message: `the ${cloud} region network needs a block that fits subnets in several zones`,
    expected: `a prefix between /${min} and /${max}`,
  };
}

/** A blueprint with a gcp region needs a billing account: every gcp region gets a budget on it. */
export const BILLING_ACCOUNT_RULE: LimitRule = {
  message: "a gcp region needs a billing account for its budget",
  expected: "a billing account id such as 012345-6789AB-CDEF01",
};
