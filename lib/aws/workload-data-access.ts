import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
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
 * DynamoDB table and its indexes. Another region's replica, another user,
 * table management and scans are not granted.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html
 */
export class WorkloadDataAccess extends Construct {
  readonly policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: WorkloadDataAccessProps) {
    super(scope, id);
    // arn:aws:iam::<account>:role/<name>: the account without a data source, so plans stay offline.
    const account = Fn.element(Fn.split(":", props.role.arn), 4);
    const statements: [string[], string[]][] = [];
    if (props.aurora !== undefined) {
      const a = props.aurora;
      statements.push([
        ["rds-db:connect"],
        [`arn:aws:rds-db:${props.region}:${account}:dbuser:${a.clusterResourceId}/${a.dbUser}`],
      ]);
      statements.push([["rds:DescribeDBClusters"], [a.clusterArn]]);
    }
    if (props.dynamoDbTable !== undefined) {
      const table = `arn:aws:dynamodb:${props.region}:${account}:table/${props.dynamoDbTable}`;
      statements.push([[...DYNAMODB_ITEM_ACTIONS], [table, `${table}/index/*`]]);
    }
    if (statements.length === 0) return;
    this.policy = new IamRolePolicy(this, "Resource", {
      provider: props.provider,
      name: "datastore-access",
      role: props.role.name,
      // jsonencode, not JSON.stringify: the account expression holds quotes a JSON string cannot.
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: statements.map(([actions, resources]) => ({
          Effect: "Allow",
          Action: actions,
          Resource: resources,
        })),
      }),
    });
  }
}
