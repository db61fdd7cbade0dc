import { type Blueprint, type Region, regionsOf } from "../../blueprint/model";
import { eventConsumerName, eventDeadLetterQueueName, eventStreamName } from "../../core/datastore-names";
import { auroraClusterId, cloudSqlInstanceName, dynamoTableName, eventsTableName } from "../../core/names";
import {
  CLOUD_MONITORING,
  CLOUDWATCH,
  type CloudMonitoringTarget,
  type CloudWatchTarget,
  MIXED,
  num,
  type PanelSpec,
  refId,
  type Target,
  thresholdLine,
} from "./grafana-model";
import { CLOUD_MONITORING_METRICS } from "./produced-metrics";

/**
 * Replication lag is measured where the data is: the datastore's CloudWatch
 * metrics (the generated replication alarms read the same ones), not a
 * Prometheus series. Every dimension is a name the stacks give the resource
 * (lib/core/names.ts, datastore-names.ts), so the panels need no id that
 * exists only after apply. Cloud SQL's lag is in Google Cloud Monitoring
 * (the gcp region stacks alert on the same series).
 */
function cloudWatchTarget(
  i: number,
  r: Region,
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  statistic: string,
  label: string,
): CloudWatchTarget {
  return {
    refId: refId(i),
    datasource: CLOUDWATCH,
    queryMode: "Metrics",
    metricQueryType: 0,
    metricEditorMode: 0,
    region: r.region,
    namespace,
    metricName,
    dimensions,
    matchExact: true,
    statistic,
    period: "60",
    label,
  };
}

const CLOUD_SQL_REPLICA_LAG = CLOUD_MONITORING_METRICS.find((m) => m.resourceType === "cloudsql_database")!;

/**
 * Cloud SQL `replica_lag` (seconds) of one cross-region replica, by the
 * `database_id` Cloud Monitoring gives it: `<project>:<instance name>`.
 */
function cloudSqlReplicaLagTarget(
  i: number,
  project: string,
  instance: string,
  label: string,
): CloudMonitoringTarget {
  return {
    refId: refId(i),
    datasource: CLOUD_MONITORING,
    queryType: "timeSeriesList",
    timeSeriesList: {
      projectName: project,
      filters: [
        "metric.type",
        "=",
        CLOUD_SQL_REPLICA_LAG.metricType,
        "AND",
        "resource.type",
        "=",
        CLOUD_SQL_REPLICA_LAG.resourceType,
        "AND",
        "resource.label.database_id",
        "=",
        `${project}:${instance}`,
      ],
      crossSeriesReducer: "REDUCE_NONE",
      perSeriesAligner: "ALIGN_MAX",
      alignmentPeriod: "cloud-monitoring-auto",
      groupBys: [],
      view: "FULL",
    },
    aliasBy: label,
  };
}

function cloudWatchPanel(
  title: string,
  description: string,
  targets: CloudWatchTarget[],
  unit: string,
  threshold?: number,
): PanelSpec {
  return timeSeriesPanel(title, description, CLOUDWATCH, targets, unit, threshold);
}

function timeSeriesPanel(
  title: string,
  description: string,
  datasource: NonNullable<PanelSpec["datasource"]>,
  targets: Target[],
  unit: string,
  threshold?: number,
): PanelSpec {
  return {
    type: "timeseries",
    title,
    description,
    datasource,
    targets,
    fieldConfig: {
      defaults: { unit, ...(threshold !== undefined ? thresholdLine(threshold) : {}) },
      overrides: [],
    },
    options: { legend: { displayMode: "table", placement: "bottom", calcs: ["lastNotNull", "max"] } },
  };
}

/**
 * M3 per AWS region from the datastore: Aurora `AuroraGlobalDBReplicationLag`
 * of each member, DynamoDB `ReplicationLatency` of each replica towards each
 * other region (the event log's table too); per Cloud SQL replica (gcp regions
 * other than the writer) its `replica_lag` from Cloud Monitoring. Undefined
 * when the blueprint has no such datastore (Spanner, Aurora DSQL and Bigtable
 * do not lag this way). With both clouds the panel is Mixed: each target
 * names its data source, and the Cloud SQL series (seconds) get their own
 * unit and threshold.
 */
export function replicationLagPanel(b: Blueprint, title: string, description: string): PanelSpec | undefined {
  const aws = regionsOf(b, "aws");
  const engine = b.database.engines.aws;
  const targets: CloudWatchTarget[] = [];
  if (engine === "aurora-postgresql") {
    for (const r of aws) {
      targets.push(
        cloudWatchTarget(
          targets.length,
          r,
          "AWS/RDS",
          "AuroraGlobalDBReplicationLag",
          { DBClusterIdentifier: auroraClusterId(b, r) },
          "Maximum",
          r.region,
        ),
      );
    }
  }
  if ((engine === "dynamodb" || engine === "kinesis") && aws.length > 1) {
    const table = engine === "kinesis" ? eventsTableName(b) : dynamoTableName(b);
    for (const r of aws) {
      for (const to of aws.filter((o) => o.key !== r.key)) {
        targets.push(
          cloudWatchTarget(
            targets.length,
            r,
            "AWS/DynamoDB",
            "ReplicationLatency",
            { TableName: table, ReceivingRegion: to.region },
            "Average",
            `${r.region} → ${to.region}`,
          ),
        );
      }
    }
  }
  const cloudSql: CloudMonitoringTarget[] = [];
  if (b.database.engines.gcp === "cloudsql-postgres") {
    for (const r of regionsOf(b, "gcp").filter((g) => !g.writer)) {
      // The loader requires a project on every gcp region.
      cloudSql.push(
        cloudSqlReplicaLagTarget(
          targets.length + cloudSql.length,
          r.project!,
          cloudSqlInstanceName(b, r),
          r.region,
        ),
      );
    }
  }
  const lagMs = num(b.slo.replicationLagSeconds * 1000);
  const lagS = b.slo.replicationLagSeconds;
  if (cloudSql.length === 0) {
    return targets.length === 0 ? undefined : cloudWatchPanel(title, description, targets, "ms", lagMs);
  }
  if (targets.length === 0) {
    return timeSeriesPanel(title, description, CLOUD_MONITORING, cloudSql, CLOUD_SQL_REPLICA_LAG.unit, lagS);
  }
  const panel = timeSeriesPanel(title, description, MIXED, [...targets, ...cloudSql], "ms", lagMs);
  const seconds = thresholdLine(lagS);
  return {
    ...panel,
    fieldConfig: {
      defaults: panel.fieldConfig!.defaults,
      // Cloud Monitoring reports seconds, CloudWatch milliseconds: the Cloud SQL series keep their own unit and line.
      overrides: cloudSql.map((t) => ({
        matcher: { id: "byFrameRefID", options: t.refId },
        properties: [
          { id: "unit", value: CLOUD_SQL_REPLICA_LAG.unit },
          { id: "thresholds", value: seconds.thresholds },
        ],
      })),
    },
  };
}

/**
 * event-sourced: each region's consumers behind the replicated log (the
 * registered consumer's `SubscribeToShardEvent.MillisBehindLatest`, M5) and
 * the events parked in its dead-letter queue. Empty for other engines.
 */
export function eventBacklogPanels(b: Blueprint): PanelSpec[] {
  if (b.database.engines.aws !== "kinesis") return [];
  const aws = regionsOf(b, "aws");
  return [
    cloudWatchPanel(
      "Event consumers behind the log, by region",
      "Milliseconds the region's registered stream consumer is behind the newest event (M5); the generated alarm fires above the replication-lag SLO.",
      aws.map((r, i) =>
        cloudWatchTarget(
          i,
          r,
          "AWS/Kinesis",
          "SubscribeToShardEvent.MillisBehindLatest",
          { StreamName: eventStreamName(b, r), ConsumerName: eventConsumerName(b, r) },
          "Maximum",
          r.region,
        ),
      ),
      "ms",
      num(b.slo.replicationLagSeconds * 1000),
    ),
    cloudWatchPanel(
      "Dead-letter queue depth by region",
      "Events a region's consumers could not apply, parked for a person.",
      aws.map((r, i) =>
        cloudWatchTarget(
          i,
          r,
          "AWS/SQS",
          "ApproximateNumberOfMessagesVisible",
          { QueueName: eventDeadLetterQueueName(b, r) },
          "Maximum",
          r.region,
        ),
      ),
      "none",
    ),
  ];
}
