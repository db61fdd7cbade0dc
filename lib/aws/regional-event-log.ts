import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbKinesisStreamingDestination } from "@cdktf/provider-aws/lib/dynamodb-kinesis-streaming-destination";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KinesisStreamConsumer } from "@cdktf/provider-aws/lib/kinesis-stream-consumer";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { describeWithRunbook } from "../operate/runbooks/links";

/** Names the application contract of event-sourced reads (lib/core/patterns.ts documents them). */
export const IDEMPOTENCY_KEY_ATTRIBUTE = "idempotencyKey";
export const IDEMPOTENCY_TTL_ATTRIBUTE = "expiresAt";
/** The lease table's partition key, as the Kinesis Client Library defines it. */
export const KCL_LEASE_KEY_ATTRIBUTE = "leaseKey";

export interface RegionalEventLogProps {
  readonly provider: TerraformProvider;
  /** Name prefix, e.g. `orders` (region-scoped names add nothing: each region is its own account scope). */
  readonly name: string;
  /** The replica of the global events table in this region (same name in every region). */
  readonly eventsTableName: string;
  /** The region key: stream, idempotency store and DLQ are encrypted with it. */
  readonly kmsKeyArn: string;
  /** Where the consumer-lag and DLQ alarms go. */
  readonly alarmTopicArn: string;
  /** Alarm when the consumers of this region are further behind than this. */
  readonly consumerLagThresholdSeconds: number;
  /** The runbooks its alarms link to (`lib/operate/runbooks`). @default - no links */
  readonly runbookUrls?: { readonly consumerLag?: string; readonly deadLetters?: string };
  /** The enhanced fan-out consumer the region's workloads subscribe as. @default - `<name>-consumer` */
  readonly consumerName?: string;
  /**
   * The KCL lease (checkpoint) table the region's consumers share, which is
   * also their KCL application name. @default - `<name>-consumer-leases`
   */
  readonly leaseTableName?: string;
  /** Hours the regional stream keeps records, 24 to 8760. @default 168 */
  readonly retentionHours?: number;
}

/**
 * The regional half of event-sourced: events are appended to a DynamoDB
 * global table (append-only items, so replication never overwrites), and
 * every replica streams its changes, local and replicated, into this region's
 * Kinesis stream for the region's consumers, which read it through one
 * registered enhanced fan-out consumer (a dedicated 2 MB/s per shard, and a
 * lag metric of its own). The region's pods share that consumer through the
 * Kinesis Client Library, which balances shards between them with leases in a
 * pre-created lease table (so no pod needs CreateTable). Consumers record each event's idempotency key in a
 * regional store with a TTL before acting, and park poison events in an
 * encrypted dead-letter queue.
 * Signals: consumer lag (M5, `SubscribeToShardEvent.MillisBehindLatest` of
 * that consumer) and DLQ depth.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/kinesis_stream
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/kinesis_stream_consumer
 * @see https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/dynamodb_kinesis_streaming_destination
 */
export class RegionalEventLog extends Construct {
  readonly stream: KinesisStream;
  readonly consumer: KinesisStreamConsumer;
  readonly idempotencyTable: DynamodbTable;
  readonly leaseTable: DynamodbTable;
  readonly deadLetterQueue: SqsQueue;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: RegionalEventLogProps) {
    super(scope, id);
    const provider = props.provider;
    this.stream = new KinesisStream(this, "Stream", {
      provider,
      name: `${props.name}-events`,
      streamModeDetails: { streamMode: "ON_DEMAND" },
      retentionPeriod: props.retentionHours ?? 168,
      encryptionType: "KMS",
      kmsKeyId: props.kmsKeyArn,
      shardLevelMetrics: ["IteratorAgeMilliseconds", "IncomingRecords"],
    });
    this.consumer = new KinesisStreamConsumer(this, "Consumer", {
      provider,
      name: props.consumerName ?? `${props.name}-consumer`,
      streamArn: this.stream.arn,
    });
    new DynamodbKinesisStreamingDestination(this, "FromEvents", {
      provider,
      tableName: props.eventsTableName,
      streamArn: this.stream.arn,
      approximateCreationDateTimePrecision: "MILLISECOND",
    });
    this.idempotencyTable = new DynamodbTable(this, "Idempotency", {
      provider,
      name: `${props.name}-idempotency`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: IDEMPOTENCY_KEY_ATTRIBUTE,
      attribute: [{ name: IDEMPOTENCY_KEY_ATTRIBUTE, type: "S" }],
      ttl: { attributeName: IDEMPOTENCY_TTL_ATTRIBUTE, enabled: true },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
    });
    this.leaseTable = new DynamodbTable(this, "Leases", {
      provider,
      name: props.leaseTableName ?? `${props.name}-consumer-leases`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: KCL_LEASE_KEY_ATTRIBUTE,
      attribute: [{ name: KCL_LEASE_KEY_ATTRIBUTE, type: "S" }],
      // Checkpoints: losing them replays the stream's retention into the idempotency store.
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
    });
    this.deadLetterQueue = new SqsQueue(this, "DeadLetters", {
      provider,
      name: `${props.name}-events-dlq`,
      kmsMasterKeyId: props.kmsKeyArn,
      messageRetentionSeconds: 1209600,
    });
    const actions = { alarmActions: [props.alarmTopicArn], okActions: [props.alarmTopicArn] };
    this.alarms.push(
      new CloudwatchMetricAlarm(this, "ConsumerLag", {
        provider,
        ...actions,
        alarmName: `${props.name}-events-consumer-lag`,
        alarmDescription: describeWithRunbook(
          `Consumers of ${props.name}-events are more than ${props.consumerLagThresholdSeconds} s behind (M5 convergence)`,
          props.runbookUrls?.consumerLag,
        ),
        namespace: "AWS/Kinesis",
        // The registered consumer's own lag (enhanced fan-out emits no GetRecords metrics).
        metricName: "SubscribeToShardEvent.MillisBehindLatest",
        dimensions: { StreamName: this.stream.name, ConsumerName: this.consumer.name },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 3,
        threshold: props.consumerLagThresholdSeconds * 1000,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      }),
      new CloudwatchMetricAlarm(this, "DeadLetterDepth", {
        provider,
        ...actions,
        alarmName: `${props.name}-events-dlq-depth`,
        alarmDescription: describeWithRunbook(
          `Events parked in ${props.name}-events-dlq: a consumer cannot apply them`,
          props.runbookUrls?.deadLetters,
        ),
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: this.deadLetterQueue.name },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      }),
    );
  }
}
