import type { Blueprint, Region } from "../../blueprint/model";
import {
  auroraClusterId,
  clusterName,
  dynamoTableName,
  eventsTableName,
  fitName,
  healthAlarmTopicName,
  regionalName,
  stackNames,
} from "../../core/names";
import { type RunbookId, runbookFile } from "./catalogue";
import { runbookUrl } from "./links";

/**
 * Which runbook each kind of generated alert links to: the one table the
 * stacks (through `alertRunbookUrl`), the PrometheusRule and the runbooks'
 * own "Alerts" sections read, so an alert and the runbook that lists it
 * cannot disagree.
 */
export const ALERT_RUNBOOKS = {
  // CloudWatch alarms
  "route53-health-check": "region-failover",
  "front-door-5xx": "region-failover",
  "front-door-no-healthy-targets": "region-failover",
  "aurora-replication-lag": "F2",
  "dynamodb-replication-latency": "F2",
  "dsql-commit-latency": "F2",
  "dsql-no-commits": "region-failover",
  // The tripped alarm has stopped the experiments: what is left is bringing the region back.
  "game-day-abort": "region-failback",
  "kinesis-consumer-lag": "F2",
  "events-dead-letters": "F4",
  // Cloud Monitoring alert policies
  "cloudsql-replica-lag": "F2",
  "spanner-commit-latency": "F2",
  "bigtable-replication-delay": "F2",
  "pubsub-consumer-lag": "F2",
  "pubsub-dead-letters": "F4",
  // F1's cause in the field guide is a network partition; F1 checks the links and fences.
  "vpn-tunnel-down": "F1",
  // PrometheusRule alerts, by alert name
  // Errors in one region are most often a release reaching it (waves); schema drift (F4) is one kind of bad release.
  ActiveActiveErrorRateHigh: "release-rollback",
  // F3's signal in the field guide is CPU and latency per region.
  ActiveActiveLatencyP95High: "F3",
  ActiveActiveErrorBudgetBurn: "region-failover",
  ActiveActiveRegionNoTraffic: "F5",
  ActiveActiveWriteConflictRateHigh: "F1",
  ActiveActiveConvergenceSlow: "F2",
  ActiveActiveStaleReads: "F2",
  ActiveActiveMisroutedWrites: "F1",
  ActiveActiveDuplicateDeliveries: "partition-reconciliation",
  ActiveActiveContractMetricMissing: "F4",
} as const satisfies Record<string, RunbookId>;
export type AlertKind = keyof typeof ALERT_RUNBOOKS;

/** The link an alert of this kind carries, for this blueprint. */
export function alertRunbookUrl(b: Blueprint, kind: AlertKind): string {
  return runbookUrl(b, ALERT_RUNBOOKS[kind]);
}

/** One alert the synth generates, by the name an operator sees when it fires. */
export interface BlueprintAlert {
  readonly kind: AlertKind;
  readonly system: "cloudwatch" | "cloud-monitoring" | "prometheus";
  /** CloudWatch alarm name, alert policy display name, or Prometheus alert name. */
  readonly name: string;
  /** Where it lives: a stack, or a cluster for PrometheusRule alerts. */
  readonly where: string;
  /** The cloud region of a CloudWatch alarm (what `aws cloudwatch --region` takes). */
  readonly region?: string;
  /** The Google Cloud project of an alert policy. */
  readonly project?: string;
  readonly runbook: RunbookId;
}

/**
 * Every alert the synth generates for a blueprint, with its runbook. The
 * names follow the constructs' naming (test/operate/runbooks.test.ts checks
 * each against the synthesized output).
 */
export function blueprintAlerts(b: Blueprint): BlueprintAlert[] {
  const out: BlueprintAlert[] = [];
  const add = (a: Omit<BlueprintAlert, "runbook">) => out.push({ ...a, runbook: ALERT_RUNBOOKS[a.kind] });
  const aws = b.regions.filter((r) => r.cloud === "aws");
  const gcp = b.regions.filter((r) => r.cloud === "gcp");
  const global = stackNames.global(b);
  if (aws.length > 0) {
    // Route 53 routes every region of a blueprint with an aws region (stacks/endpoints.ts).
    for (const r of b.regions) {
      add({
        kind: "route53-health-check",
        system: "cloudwatch",
        name: `${healthAlarmTopicName(b)}-${r.key}-unhealthy`,
        where: global,
        region: "us-east-1",
      });
    }
  }
  const awsEngine = b.database.engines.aws;
  for (const r of aws) {
    const stack = stackNames.region(b, r);
    const others = aws.filter((o) => o.key !== r.key);
    if (awsEngine === "aurora-postgresql") {
      add({
        kind: "aurora-replication-lag",
        system: "cloudwatch",
        name: `${auroraClusterId(b, r)}-replication-lag`,
        where: stack,
        region: r.region,
      });
    }
    if ((awsEngine === "dynamodb" || awsEngine === "kinesis") && others.length > 0) {
      const table = awsEngine === "kinesis" ? eventsTableName(b) : dynamoTableName(b);
      for (const o of others) {
        add({
          kind: "dynamodb-replication-latency",
          system: "cloudwatch",
          name: `${regionalName(b, r)}-${table}-to-${o.region}-replication-latency`,
          where: stack,
          region: r.region,
        });
      }
      if (awsEngine === "kinesis") {
        const name = regionalName(b, r);
        add({
          kind: "kinesis-consumer-lag",
          system: "cloudwatch",
          name: `${name}-events-consumer-lag`,
          where: stack,
          region: r.region,
        });
        add({
          kind: "events-dead-letters",
          system: "cloudwatch",
          name: `${name}-events-dlq-depth`,
          where: stack,
          region: r.region,
        });
      }
    }
    if (awsEngine === "aurora-dsql") {
      for (const [kind, suffix] of [
        ["dsql-commit-latency", "commit-latency"],
        ["dsql-no-commits", "no-commits"],
      ] as const) {
        add({
          kind,
          system: "cloudwatch",
          name: `${b.name}-${r.region}-dsql-${suffix}`,
          where: global,
          region: r.region,
        });
      }
    }
    // The region's own front door (lib/aws/front-door-alarms.ts): only with a workload behind the ALB.
    if (b.workloads.length > 0) {
      for (const [kind, suffix] of [
        ["front-door-5xx", "front-door-5xx"],
        ["front-door-no-healthy-targets", "front-door-no-healthy-targets"],
      ] as const) {
        add({
          kind,
          system: "cloudwatch",
          name: `${regionalName(b, r)}-${suffix}`,
          where: stack,
          region: r.region,
        });
      }
    }
    // The stop condition of the region's game-day experiments (lib/aws/game-day-experiments.ts).
    add({
      kind: "game-day-abort",
      system: "cloudwatch",
      name: `${regionalName(b, r)}-game-day-abort`,
      where: stack,
      region: r.region,
    });
  }
  const gcpEngine = b.database.engines.gcp;
  const home = gcp.find((r) => r.primary);
  const gcpGlobal = stackNames.gcpGlobal(b);
  if (gcpEngine === "cloudsql-postgres") {
    for (const r of gcp) {
      add({
        kind: "cloudsql-replica-lag",
        system: "cloud-monitoring",
        name: `${regionalName(b, r)} Cloud SQL replica lag`,
        where: stackNames.region(b, r),
        ...project(r),
      });
    }
  }
  if (home !== undefined && gcpEngine === "spanner") {
    add({
      kind: "spanner-commit-latency",
      system: "cloud-monitoring",
      name: `${b.name} Spanner commit latency`,
      where: gcpGlobal,
      ...project(home),
    });
  }
  if (home !== undefined && gcpEngine === "bigtable") {
    add({
      kind: "bigtable-replication-delay",
      system: "cloud-monitoring",
      name: `${b.name} Bigtable replication delay`,
      where: gcpGlobal,
      ...project(home),
    });
  }
  if (home !== undefined && gcpEngine === "pubsub") {
    for (const r of gcp) {
      add({
        kind: "pubsub-consumer-lag",
        system: "cloud-monitoring",
        name: `${b.name} consumers in ${r.region} behind`,
        where: gcpGlobal,
        ...project(home),
      });
    }
    add({
      kind: "pubsub-dead-letters",
      system: "cloud-monitoring",
      name: `${b.name} events parked in the DLQ`,
      where: gcpGlobal,
      ...project(home),
    });
  }
  for (const pair of b.interconnect?.pairs ?? []) {
    const g = gcp.find((r) => r.region === pair.gcp);
    add({
      kind: "vpn-tunnel-down",
      system: "cloud-monitoring",
      name: `${vpnLinkName(b, pair)} VPN tunnel down`,
      where: stackNames.interconnect(b),
      ...(g ? project(g) : {}),
    });
  }
  for (const r of b.regions) {
    for (const kind of prometheusAlerts(b)) {
      add({ kind, system: "prometheus", name: kind, where: clusterName(b, r) });
    }
  }
  return out;
}

/** The HA VPN link of an interconnect pair (its tunnels are `<link>-0` to `<link>-3`). */
export function vpnLinkName(b: Blueprint, pair: { readonly aws: string; readonly gcp: string }): string {
  return fitName(`${b.name}-${pair.aws}-${pair.gcp}`, 50);
}

/** The PrometheusRule alert names of a blueprint: its workloads' SLOs and its pattern's signals. */
function prometheusAlerts(b: Blueprint): AlertKind[] {
  const workloads: AlertKind[] =
    b.workloads.length > 0
      ? [
          "ActiveActiveErrorRateHigh",
          "ActiveActiveLatencyP95High",
          "ActiveActiveErrorBudgetBurn",
          "ActiveActiveRegionNoTraffic",
        ]
      : [];
  const signals: Record<Blueprint["pattern"], AlertKind[]> = {
    "read-local-write-local": ["ActiveActiveWriteConflictRateHigh", "ActiveActiveStaleReads"],
    "multi-master-crdt": ["ActiveActiveWriteConflictRateHigh", "ActiveActiveConvergenceSlow"],
    "primary-per-shard": ["ActiveActiveMisroutedWrites"],
    "event-sourced": ["ActiveActiveConvergenceSlow", "ActiveActiveDuplicateDeliveries"],
    "global-consensus": [],
  };
  const pattern = signals[b.pattern];
  return [
    ...workloads,
    ...pattern,
    ...(pattern.length > 0 ? (["ActiveActiveContractMetricMissing"] as const) : []),
  ];
}

function project(r: Region): { project?: string } {
  return r.project !== undefined ? { project: r.project } : {};
}

/** The runbook file of an alert, for the index. */
export function alertRunbookFile(a: BlueprintAlert): string {
  return runbookFile(a.runbook);
}
