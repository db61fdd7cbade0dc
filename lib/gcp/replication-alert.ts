import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Construct } from "constructs";
import { documentWithRunbook } from "../operate/runbooks/links";

/** What lag is measured on: a Cloud Monitoring filter and how to align it. */
export class ReplicationLagMetric {
  /**
   * Seconds a Cloud SQL replica is behind its primary.
   * @see https://cloud.google.com/sql/docs/postgres/replication/replication-lag
   */
  static cloudSqlReplica(project: string, instance: string): ReplicationLagMetric {
    return new ReplicationLagMetric(
      `resource.type = "cloudsql_database" AND metric.type = "cloudsql.googleapis.com/database/replication/replica_lag" AND resource.labels.database_id = "${project}:${instance}"`,
      "ALIGN_MAX",
      "Cloud SQL replica lag",
    );
  }

  /**
   * Spanner replicates synchronously: a commit waits for a quorum across
   * regions, so replication delay shows as commit latency (p99, seconds).
   * @see https://cloud.google.com/spanner/docs/monitoring-cloud
   */
  static spannerCommitLatency(instance: string): ReplicationLagMetric {
    return new ReplicationLagMetric(
      `resource.type = "spanner_instance" AND metric.type = "spanner.googleapis.com/api/request_latencies" AND resource.labels.instance_id = "${instance}" AND metric.labels.method = "Commit"`,
      "ALIGN_PERCENTILE_99",
      "Spanner commit latency (p99)",
    );
  }

  /**
   * Upper bound of the replication delay between the clusters of a Bigtable
   * instance, per table (seconds).
   * @see https://cloud.google.com/bigtable/docs/monitoring-instance#replication
   */
  static bigtableReplicationDelay(instance: string): ReplicationLagMetric {
    return new ReplicationLagMetric(
      `resource.type = "bigtable_table" AND metric.type = "bigtable.googleapis.com/replication/max_delay" AND resource.labels.instance = "${instance}"`,
      "ALIGN_MAX",
      "Bigtable replication delay",
    );
  }

  private constructor(
    readonly filter: string,
    readonly aligner: string,
    readonly description: string,
  ) {}
}

export interface ReplicationLagAlertProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  readonly displayName: string;
  readonly metric: ReplicationLagMetric;
  /** From the blueprint's `slo.replicationLagSeconds`. */
  readonly thresholdSeconds: number;
  readonly notificationChannels: readonly string[];
  /** The runbook its alarms link to (`lib/operate/runbooks`). @default - no link */
  readonly runbookUrl?: string;
  /**
   * How long the lag must stay above the threshold.
   * @default 60
   */
  readonly durationSeconds?: number;
}

/**
 * A Cloud Monitoring alert when replication falls behind the blueprint's
 * objective: stale reads in the other regions, and data at risk on failover.
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/monitoring_alert_policy
 */
export class ReplicationLagAlert extends Construct {
  readonly policy: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: ReplicationLagAlertProps) {
    super(scope, id);
    const duration = `${props.durationSeconds ?? 60}s`;
    this.policy = new MonitoringAlertPolicy(this, "Resource", {
      provider: props.provider,
      project: props.project,
      displayName: props.displayName,
      combiner: "OR",
      severity: "CRITICAL",
      conditions: [
        {
          displayName: `${props.metric.description} above ${props.thresholdSeconds}s`,
          conditionThreshold: {
            filter: props.metric.filter,
            comparison: "COMPARISON_GT",
            thresholdValue: props.thresholdSeconds,
            duration,
            aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: props.metric.aligner }],
            trigger: { count: 1 },
          },
        },
      ],
      notificationChannels: [...props.notificationChannels],
      alertStrategy: { autoClose: "1800s" },
      documentation: {
        mimeType: "text/markdown",
        content: documentWithRunbook(
          `${props.metric.description} is above the blueprint's objective of ${props.thresholdSeconds}s. Reads in other regions are stale and a failover now would lose recent writes.`,
          props.runbookUrl,
        ),
      },
    });
  }
}
