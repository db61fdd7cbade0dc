import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import { describeWithRunbook } from "../operate/runbooks/links";
import { addAlertTopic } from "./alert-topic";

export interface ReplicationAlarmsProps {
  /** The aliased provider of the region the metrics are emitted in. */
  readonly provider: TerraformProvider;
  /** Name prefix, e.g. `shop-aws-eu-west-1`. */
  readonly name: string;
  /** The region key; the alarm topic is encrypted with it. */
  readonly kmsKeyArn: string;
  readonly alertEmails: readonly string[];
  /** Alarm when replication lag stays above this. */
  readonly lagThresholdSeconds: number;
  /**
   * A member cluster of an Aurora global database, by identifier: alarms on
   * `AuroraGlobalDBReplicationLag`. Give it for every member, the writer too:
   * the writer emits no lag until a switchover demotes it, and then the alarm
   * is already there. @default - no Aurora alarm
   */
  readonly auroraClusterIdentifier?: string;
  /**
   * A global table replica in this region: alarms on `ReplicationLatency`
   * towards each receiving region. @default - no DynamoDB alarms
   */
  readonly dynamoDb?: { readonly tableName: string; readonly receivingRegions: readonly string[] };
  /** The runbook its alarms link to (`lib/operate/runbooks`). @default - no link */
  readonly runbookUrl?: string;
  /** Consecutive one-minute periods above the threshold before alarming. @default 3 */
  readonly evaluationPeriods?: number;
}

/**
 * CloudWatch alarms on cross-region replication lag, sent to an SNS topic
 * encrypted with the region key and subscribed by e-mail.
 */
export class ReplicationAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: ReplicationAlarmsProps) {
    super(scope, id);
    const provider = props.provider;
    if (!(props.lagThresholdSeconds > 0)) {
      throw invalidProp(
        this,
        "lagThresholdSeconds must be positive",
        String(props.lagThresholdSeconds),
        "above 0",
      );
    }
    this.topic = addAlertTopic(this, {
      provider,
      name: `${props.name}-replication-alarms`,
      kmsKeyArn: props.kmsKeyArn,
      alertEmails: props.alertEmails,
    });
    const thresholdMs = props.lagThresholdSeconds * 1000;
    const common = {
      provider,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: props.evaluationPeriods ?? 3,
      period: 60,
      threshold: thresholdMs,
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    };
    if (props.auroraClusterIdentifier !== undefined) {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, "AuroraReplicationLag", {
          ...common,
          alarmName: `${props.auroraClusterIdentifier}-replication-lag`,
          alarmDescription: describeWithRunbook(
            `Aurora global replication lag of ${props.auroraClusterIdentifier} above ${props.lagThresholdSeconds} s`,
            props.runbookUrl,
          ),
          namespace: "AWS/RDS",
          metricName: "AuroraGlobalDBReplicationLag",
          dimensions: { DBClusterIdentifier: props.auroraClusterIdentifier },
          statistic: "Maximum",
          // The current writer emits no lag: quiet is fine, whatever the role.
          treatMissingData: "notBreaching",
        }),
      );
    }
    for (const receiving of props.dynamoDb?.receivingRegions ?? []) {
      const table = props.dynamoDb!.tableName;
      this.alarms.push(
        new CloudwatchMetricAlarm(this, `DynamoDbReplicationLatency-${receiving}`, {
          ...common,
          alarmName: `${props.name}-${table}-to-${receiving}-replication-latency`,
          alarmDescription: describeWithRunbook(
            `DynamoDB ${table} replication latency to ${receiving} above ${props.lagThresholdSeconds} s`,
            props.runbookUrl,
          ),
          namespace: "AWS/DynamoDB",
          metricName: "ReplicationLatency",
          dimensions: { TableName: table, ReceivingRegion: receiving },
          statistic: "Average",
          // The metric is only emitted while items replicate: quiet is fine.
          treatMissingData: "notBreaching",
        }),
      );
    }
  }
}
