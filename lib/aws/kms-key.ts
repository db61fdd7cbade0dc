import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy";
import { Fn, TerraformLocal, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

export interface CustomerManagedKeyProps {
  /** The aliased provider of the key's region. */
  readonly provider: TerraformProvider;
  /** The key's region, for the CloudWatch Logs service principal in its policy. */
  readonly region: string;
  /** Alias name without the `alias/` prefix, e.g. `shop-aws-us-east-1`. */
  readonly alias: string;
  /** @default - "activeactive key for <alias>" */
  readonly description?: string;
  /**
   * Waiting period before a scheduled deletion takes effect (7-30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Let CloudWatch Logs in this region encrypt log groups with the key.
   * @default true
   */
  readonly allowCloudWatchLogs?: boolean;
  /**
   * Let CloudWatch alarms publish to SNS topics encrypted with the key.
   * @default true
   */
  readonly allowCloudWatchAlarms?: boolean;
  /**
   * Let Aurora DSQL encrypt the clusters of this account and region with the
   * key (the service principal, scoped by source cluster ARN and account).
   * @default false
   * @see https://docs.aws.amazon.com/aurora-dsql/latest/userguide/data-encryption.html
   */
  readonly allowAuroraDsql?: boolean;
}

/**
 * A per-region customer managed KMS key with yearly rotation, an alias and a
 * key policy. The policy needs the account id; it is read from the key's own
 * ARN (a separate `aws_kms_key_policy`), so no data source and no account id
 * input are needed and the stack plans offline.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/kms_key
 */
export class CustomerManagedKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly policy: KmsKeyPolicy;
  /**
   * The key ARN, for `kms_key_id`/`kms_key_arn` arguments in the same stack.
   * It is read through the key policy resource, so whatever uses it waits
   * until the policy lets CloudWatch Logs and alarms use the key.
   */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    if (deletionWindowDays < 7 || deletionWindowDays > 30) {
      throw invalidProp(this, "deletionWindowDays out of range", String(deletionWindowDays), "7 to 30");
    }
    this.key = new KmsKey(this, "Resource", {
      provider: props.provider,
      description: props.description ?? `activeactive key for ${props.alias}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      tags: { Name: props.alias },
    });
    this.alias = new KmsAlias(this, "Alias", {
      provider: props.provider,
      name: `alias/${props.alias}`,
      targetKeyId: this.key.keyId,
    });
    // arn:<partition>:kms:<region>:<account>:key/<id>
    const arnParts = new TerraformLocal(this, "ArnParts", Fn.split(":", this.key.arn));
    const partition = Fn.element(arnParts.expression, 1);
    const account = Fn.element(arnParts.expression, 4);
    const statements: object[] = [
      {
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ];
    if (props.allowCloudWatchLogs ?? true) {
      statements.push({
        Sid: "CloudWatchLogsInThisAccount",
        Effect: "Allow",
        Principal: { Service: `logs.${props.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${props.region}:${account}:*`,
          },
        },
      });
    }
    if (props.allowCloudWatchAlarms ?? true) {
      statements.push({
        Sid: "CloudWatchAlarmsPublishToEncryptedTopics",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      });
    }
    if (props.allowAuroraDsql ?? false) {
      // The cluster id is generated after the key exists: any DSQL cluster of this account and region.
      const fromDsqlCluster = {
        ArnLike: { "aws:SourceArn": `arn:${partition}:dsql:${props.region}:${account}:cluster/*` },
        StringEquals: { "aws:SourceAccount": account },
      };
      statements.push(
        {
          Sid: "AuroraDsqlEncryptsClusters",
          Effect: "Allow",
          Principal: { Service: "dsql.amazonaws.com" },
          Action: [
            "kms:Decrypt",
            "kms:GenerateDataKey",
            "kms:Encrypt",
            "kms:ReEncryptFrom",
            "kms:ReEncryptTo",
          ],
          Resource: "*",
          Condition: {
            ...fromDsqlCluster,
            StringLike: { "kms:EncryptionContext:aws:dsql:ClusterId": "*" },
          },
        },
        {
          Sid: "AuroraDsqlDescribesKey",
          Effect: "Allow",
          Principal: { Service: "dsql.amazonaws.com" },
          Action: "kms:DescribeKey",
          Resource: "*",
          Condition: fromDsqlCluster,
        },
      );
    }
    this.policy = new KmsKeyPolicy(this, "Policy", {
      provider: props.provider,
      keyId: this.key.arn,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });
    this.arn = this.policy.keyId;
  }
}
