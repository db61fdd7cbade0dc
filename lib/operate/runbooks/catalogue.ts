/**
 * The runbooks every blueprint gets: one per failure mode of the field guide
 * (F1-F7, with its symptom, cause, mitigation and signal, as the guide's
 * table states them) and one per operation. The file name is the link target
 * of every alert (see `links.ts`), so it is API: renaming one breaks the
 * links already in deployed alarms.
 */
export const FAILURE_MODES = {
  F1: {
    file: "F1-split-brain-writes.md",
    title: "Split-brain writes",
    symptom: "Divergent user state across regions",
    cause: "Network partition or routing loop",
    mitigation: "Add conflict resolution and fencing",
    signal: "Divergent metrics and conflicts count",
  },
  F2: {
    file: "F2-replication-lag.md",
    title: "Replication lag",
    symptom: "Stale reads or out-of-order events",
    cause: "Bandwidth or backlog",
    mitigation: "Backpressure, throttling, and replay",
    signal: "Replication lag metric rising",
  },
  F3: {
    file: "F3-traffic-skew.md",
    title: "Traffic skew",
    symptom: "Region overloaded while others idle",
    cause: "Load balancer misconfig or DNS",
    mitigation: "Rebalance routing and autoscale",
    signal: "CPU and latencies per region",
  },
  F4: {
    file: "F4-schema-drift.md",
    title: "Schema drift",
    symptom: "New code errors in some regions",
    cause: "Uneven deploys",
    mitigation: "Enforce schema migration strategy",
    signal: "Errors in logs and schema validation",
  },
  F5: {
    file: "F5-routing-flaps.md",
    title: "Routing flaps",
    symptom: "Clients hit unhealthy endpoints",
    cause: "Health check config or DNS TTL",
    mitigation: "Harden health checks and failover hysteresis",
    signal: "Health check failures per endpoint",
  },
  F6: {
    file: "F6-security-exposure.md",
    title: "Security exposure",
    symptom: "Replication endpoint compromise",
    cause: "Misconfigured ACLs or secrets",
    mitigation: "Network segmentation and rotation",
    signal: "Unauthorized access logs",
  },
  F7: {
    file: "F7-cost-explosion.md",
    title: "Cost explosion",
    symptom: "Unexpected multi-region resource usage",
    cause: "Poor autoscaling or testing",
    mitigation: "Cost-aware autoscaling and budgets",
    signal: "Cost per region trending up",
  },
} as const;
export type FailureMode = keyof typeof FAILURE_MODES;

export const OPERATIONS = {
  "region-failover": { file: "region-failover.md", title: "Region failover" },
  "region-failback": { file: "region-failback.md", title: "Region fail-back" },
  "writer-switchover": { file: "writer-switchover.md", title: "Writer switchover and failover" },
  "partition-reconciliation": {
    file: "partition-reconciliation.md",
    title: "Reconciliation after a partition",
  },
  "release-rollback": { file: "release-rollback.md", title: "Rollback of a bad release, region by region" },
} as const;
export type Operation = keyof typeof OPERATIONS;

/** A runbook by id: a failure mode (`F1`) or an operation (`region-failover`). */
export type RunbookId = FailureMode | Operation;

/** The index of the runbooks folder. */
export const INDEX_FILE = "README.md";

export function runbookFile(id: RunbookId): string {
  return id in FAILURE_MODES ? FAILURE_MODES[id as FailureMode].file : OPERATIONS[id as Operation].file;
}

export function runbookTitle(id: RunbookId): string {
  return id in FAILURE_MODES
    ? `${id} ${FAILURE_MODES[id as FailureMode].title}`
    : OPERATIONS[id as Operation].title;
}
