import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";

export interface WorkloadDataAccessProps {
  readonly provider: TerraformProvider;
  /** The workload's Pod Identity role: its name, and its ARN (the account id is read from it). */
  readonly role: { readonly name: string; readonly arn: string };
  /** The region's datastore region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Log in to this region's Aurora cluster as `dbUser` with IAM authentication. @default - no Aurora access */
  readonly aurora?: {
    readonly clusterArn: string;
    /** `cluster_resource_id` (`cluster-ABC...`), what `rds-db:connect` is scoped by. */
    readonly clusterResourceId: string;
    readonly dbUser: string;
  };
  /** Read and write items of this region's replica of a DynamoDB table. @default - no DynamoDB access */
  readonly dynamoDbTable?: string;
  /**
   * The alias (without `alias/`) of the customer managed key that encrypts
   * this region's replica of `dynamoDbTable`, when that key lives in another
   * stack (the global stack owns the replica keys): DynamoDB uses the key
   * with the caller's permission, so without it no item can be read or written.
   * @default - the table's key is not granted (an AWS owned or managed key)
   */
  readonly dynamoDbTableKeyAlias?: string;
  /**
   * Connect to this region's Aurora DSQL cluster: attach the managed policy of
   * this name, made beside the cluster (`DsqlConnectAccess`, which grants
   * `dsql:DbConnect` on that cluster and reading its endpoint parameter).
   * @default - no Aurora DSQL access
   */
  readonly dsqlConnectPolicyName?: string;
  /**
   * Consume this region's event log (event-sourced) with the Kinesis Client
   * Library: the stream through its registered consumer, the KCL lease table,
   * the idempotency table, the dead-letter queue, KCL's CloudWatch metrics,
   * and the region key they are encrypted with, used only through Kinesis,
   * SQS and DynamoDB. Events are written to the events table (`dynamoDbTable`),
   * which streams into Kinesis: no put on the stream, or every event would
   * have two write paths and arrive twice. @default - no event log access
   */
  readonly eventLog?: {
    readonly streamArn: string;
    /** The registered enhanced fan-out consumer's ARN. */
    readonly consumerArn: string;
    /** The pre-created KCL lease (checkpoint) table's ARN. */
    readonly leaseTableArn: string;
    /** Its name: KCL's application name, so the CloudWatch namespace KCL publishes its metrics under. */
    readonly leaseTableName: string;
    readonly idempotencyTableArn: string;
    readonly deadLetterQueueArn: string;
    readonly kmsKeyArn: string;
  };
}

/**
 * Kinesis actions of an enhanced fan-out (or polling) consumer; no put (the
 * events table is the one write path), no stream management.
 */
export const KINESIS_STREAM_ACTIONS = [
  "kinesis:DescribeStream",
  "kinesis:DescribeStreamSummary",
  "kinesis:GetRecords",
  "kinesis:GetShardIterator",
  "kinesis:ListShards",
] as const;

/**
 * What the Kinesis Client Library does on its lease table: take, renew and
 * checkpoint leases, and find the table. No CreateTable: the table is
 * pre-created (KCL only creates it when DescribeTable finds none).
 */
export const KCL_LEASE_ACTIONS = [
  "dynamodb:DeleteItem",
  "dynamodb:DescribeTable",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:UpdateItem",
] as const;

/** Use of a customer managed key by DynamoDB on the caller's behalf (reads decrypt, writes encrypt). */
export const DYNAMODB_KMS_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
] as const;

/** What a consumer does on its registered consumer: find it, subscribe to each shard. */
export const KINESIS_CONSUMER_ACTIONS = [
  "kinesis:DescribeStreamConsumer",
  "kinesis:SubscribeToShard",
] as const;

/** The idempotency store: record a key once (conditional put), read it back. */
export const IDEMPOTENCY_ITEM_ACTIONS = [
  "dynamodb:ConditionCheckItem",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
] as const;

/** Park a poison event, and drain or replay the parked ones. */
export const DEAD_LETTER_ACTIONS = [
  "sqs:DeleteMessage",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
  "sqs:ReceiveMessage",
  "sqs:SendMessage",
] as const;

interface Statement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: Record<string, Record<string, string | string[]>>;
}

/** Item-level DynamoDB actions an application needs; no table management, no stream or export. */
export const DYNAMODB_ITEM_ACTIONS = [
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DeleteItem",
  "dynamodb:DescribeTable",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
] as const;

/**
 * What a workload's identity may do on its own region's datastore, and no
 * more: `rds-db:connect` as one database user on this region's Aurora
 * cluster (by its resource id) plus `rds:DescribeDBClusters` on that cluster
 * to find its endpoints; or the item actions on this region's replica of the
 * DynamoDB table and its indexes; or attaching the managed policy made beside
 * this region's Aurora DSQL cluster (`dsql:DbConnect` there); for an event log, reading
 * this region's stream through its registered consumer with KCL (its lease
 * table and metrics namespace), the idempotency store's item actions and the
 * dead-letter queue's message actions, with the region key usable only
 * through Kinesis, SQS and DynamoDB. A DynamoDB table's customer managed key
 * is usable through DynamoDB only. Another region's replica, another user,
 * table or stream management and scans (but KCL's on its lease table) are not
 * granted.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html
 * @see https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html
 * @see https://docs.aws.amazon.com/streams/latest/dev/kcl-iam-permissions.html
 */
export class WorkloadDataAccess extends Construct {
  readonly policy?: IamRolePolicy;
  readonly attachments: IamRolePolicyAttachment[] = [];

  constructor(scope: Construct, id: string, props: WorkloadDataAccessProps) {
    super(scope, id);
    // arn:aws:iam::<account>:role/<name>: the account without a data source, so plans stay offline.
    const account = Fn.element(Fn.split(":", props.role.arn), 4);
    const statements: Statement[] = [];
    if (props.aurora !== undefined) {
      const a = props.aurora;
      statements.push({
        actions: ["rds-db:connect"],
        resources: [`arn:aws:rds-db:${props.region}:${account}:dbuser:${a.clusterResourceId}/${a.dbUser}`],
      });
      statements.push({ actions: ["rds:DescribeDBClusters"], resources: [a.clusterArn] });
    }
    const throughDynamoDb = { "kms:ViaService": `dynamodb.${props.region}.amazonaws.com` };
    if (props.dynamoDbTable !== undefined) {
      const table = `arn:aws:dynamodb:${props.region}:${account}:table/${props.dynamoDbTable}`;
      statements.push({ actions: DYNAMODB_ITEM_ACTIONS, resources: [table, `${table}/index/*`] });
      if (props.dynamoDbTableKeyAlias !== undefined) {
        // The replica key is the global stack's: its ARN here would be a
        // cross-stack token. An alias ARN as Resource names the alias, not the
        // key (KMS ABAC), so match any key of this account and region whose
        // aliases include this one (kms:ResourceAliases, multi-valued:
        // ForAnyValue), used through DynamoDB only.
        // https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html
        statements.push({
          actions: DYNAMODB_KMS_ACTIONS,
          resources: [`arn:aws:kms:${props.region}:${account}:key/*`],
          condition: {
            StringEquals: throughDynamoDb,
            "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${props.dynamoDbTableKeyAlias}` },
          },
        });
      }
    }
    const log = props.eventLog;
    if (log !== undefined) {
      statements.push(
        { actions: KINESIS_STREAM_ACTIONS, resources: [log.streamArn] },
        { actions: KINESIS_CONSUMER_ACTIONS, resources: [log.consumerArn] },
        { actions: KCL_LEASE_ACTIONS, resources: [log.leaseTableArn, `${log.leaseTableArn}/index/*`] },
        {
          // PutMetricData has no resource; KCL's namespace is its application name, the lease table's.
          actions: ["cloudwatch:PutMetricData"],
          resources: ["*"],
          condition: { StringEquals: { "cloudwatch:namespace": log.leaseTableName } },
        },
        { actions: IDEMPOTENCY_ITEM_ACTIONS, resources: [log.idempotencyTableArn] },
        { actions: DEAD_LETTER_ACTIONS, resources: [log.deadLetterQueueArn] },
        {
          // Kinesis and SQS encrypt with the caller's permission.
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: [log.kmsKeyArn],
          condition: {
            StringEquals: {
              "kms:ViaService": [
                `kinesis.${props.region}.amazonaws.com`,
                `sqs.${props.region}.amazonaws.com`,
              ],
            },
          },
        },
        {
          // So does DynamoDB, for the idempotency and lease tables under the region key.
          actions: DYNAMODB_KMS_ACTIONS,
          resources: [log.kmsKeyArn],
          condition: { StringEquals: throughDynamoDb },
        },
      );
    }
    if (props.dsqlConnectPolicyName !== undefined) {
      this.attachments.push(
        new IamRolePolicyAttachment(this, "DsqlConnect", {
          provider: props.provider,
          role: props.role.name,
          policyArn: `arn:aws:iam::${account}:policy/${props.dsqlConnectPolicyName}`,
        }),
      );
    }
    if (statements.length === 0) return;
    this.policy = new IamRolePolicy(this, "Resource", {
      provider: props.provider,
      name: "datastore-access",
      role: props.role.name,
      // jsonencode, not JSON.stringify: the account expression holds quotes a JSON string cannot.
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: statements.map((st) => ({
          Effect: "Allow",
          Action: [...st.actions],
          Resource: [...st.resources],
          ...(st.condition !== undefined ? { Condition: st.condition } : {}),
        })),
      }),
    });
  }
}
