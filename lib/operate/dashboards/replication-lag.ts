import { type Blueprint, type Region, regionsOf } from "../../blueprint/model";
import { eventConsumerName, eventDeadLetterQueueName, eventStreamName } from "../../core/datastore-names";
import { auroraClusterId, dynamoTableName, eventsTableName } from "../../core/names";
import {
  CLOUDWATCH,
  type CloudWatchTarget,
  num,
  type PanelSpec,
  refId,
  thresholdLine,
} from "./grafana-model";

/**
 * Replication lag is measured where the data is: the datastore's CloudWatch
 * metrics (the generated replication alarms read the same ones), not a
 * Prometheus series. Every dimension is a name the stacks give the resource
 * (lib/core/names.ts, datastore-names.ts), so the panels need no id that
 * exists only after apply.
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

function cloudWatchPanel(
  title: string,
  description: string,
  targets: CloudWatchTarget[],
  unit: string,
  threshold?: number,
): PanelSpec {
  return {
    type: "timeseries",
    title,
    description,
    datasource: CLOUDWATCH,
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
 * other region (the event log's table too). Undefined when the blueprint has
 * no such datastore (Spanner, Aurora DSQL and Bigtable do not lag this way;
 * Cloud SQL's lag is in Cloud Monitoring, docs/operate.md).
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
  if (targets.length === 0) return undefined;
  return cloudWatchPanel(title, description, targets, "ms", num(b.slo.replicationLagSeconds * 1000));
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
