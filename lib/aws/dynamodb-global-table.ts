import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** A replica of the table in another region, under that region's key. */
export interface DynamoDbReplica {
  readonly region: string;
  /** A customer managed key in `region`. */
  readonly kmsKeyArn: string;
}

export interface DynamoDbGlobalTableProps {
  /** Provider of the table's home region (the first AWS region). */
  readonly provider: TerraformProvider;
  readonly tableName: string;
  /** A customer managed key in the home region. */
  readonly kmsKeyArn: string;
  /** One per other region; the home region is not listed. */
  readonly replicas: readonly DynamoDbReplica[];
  /** @default "pk" */
  readonly partitionKey?: string;
  /** @default "sk" */
  readonly sortKey?: string;
  /** @default true */
  readonly pointInTimeRecovery?: boolean;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Extra tags on the table, e.g. its pattern (`dataTierTags`). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A DynamoDB global table (version 2019.11.21): on-demand capacity, a
 * stream of new and old images (replication needs it), point-in-time
 * recovery, deletion protection, and every replica encrypted with its own
 * region's customer managed key.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/dynamodb_table
 */
export class DynamoDbGlobalTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: DynamoDbGlobalTableProps) {
    super(scope, id);
    const partitionKey = props.partitionKey ?? "pk";
    const sortKey = props.sortKey ?? "sk";
    const pitr = props.pointInTimeRecovery ?? true;
    this.table = new DynamodbTable(this, "Resource", {
      provider: props.provider,
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: partitionKey,
      rangeKey: sortKey,
      attribute: [
        { name: partitionKey, type: "S" },
        { name: sortKey, type: "S" },
      ],
      streamEnabled: true,
      streamViewType: "NEW_AND_OLD_IMAGES",
      pointInTimeRecovery: { enabled: pitr },
      deletionProtectionEnabled: props.deletionProtection ?? true,
      ...(props.tags !== undefined ? { tags: { ...props.tags } } : {}),
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      replica: props.replicas.map((r) => ({
        regionName: r.region,
        kmsKeyArn: r.kmsKeyArn,
        pointInTimeRecovery: pitr,
        propagateTags: true,
      })),
    });
  }
}
