import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

/**
 * The Elastic Load Balancing account of each region opened before August
 * 2022; load balancers there deliver logs as this account. Newer regions use
 * the `logdelivery.elasticloadbalancing.amazonaws.com` service principal.
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};

export interface AccessLogBucketProps {
  /** The aliased provider of the load balancer's region (logs stay in-region). */
  readonly provider: TerraformProvider;
  /** The load balancer's region: picks the log-delivery principal. */
  readonly region: string;
  /**
   * Bucket name prefix, 37 characters at most; S3 adds a unique suffix, as
   * bucket names are global across all accounts and nothing outside this
   * stack needs the name.
   */
  readonly bucketPrefix: string;
  /** Key prefix the load balancer writes under (no `AWSLogs`, no slashes at the ends). */
  readonly prefix: string;
  /** @default 365 */
  readonly retentionDays?: number;
}

/**
 * A private, versioned, encrypted S3 bucket for load balancer access logs,
 * with the bucket policy Elastic Load Balancing needs to deliver them. The
 * encryption is SSE-S3 (AES256): the only server-side encryption ALB log
 * delivery supports. Objects expire after `retentionDays`; plain JSON
 * policy, no data source, so the stack plans offline.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/s3_bucket
 */
export class AccessLogBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket name, read through the policy so the load balancer waits for it. */
  readonly bucketName: string;
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const provider = props.provider;
    if (!/^[a-z0-9][a-z0-9-]{0,36}$/.test(props.bucketPrefix)) {
      throw invalidProp(
        this,
        "bucketPrefix is not a valid S3 bucket name prefix",
        props.bucketPrefix,
        "1-37 lowercase letters, digits and hyphens, starting with a letter or digit",
      );
    }
    if (props.prefix.includes("AWSLogs") || /^\/|\/$/.test(props.prefix)) {
      throw invalidProp(
        this,
        "prefix must not contain AWSLogs or start or end with a slash",
        props.prefix,
        "e.g. alb",
      );
    }
    const retentionDays = props.retentionDays ?? 365;
    this.prefix = props.prefix;
    this.bucket = new S3Bucket(this, "Resource", {
      provider,
      bucketPrefix: props.bucketPrefix,
      forceDestroy: false,
      tags: { Name: props.bucketPrefix },
    });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", {
      provider,
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketVersioningA(this, "Versioning", {
      provider,
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      provider,
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: `${props.prefix}/` }],
          expiration: [{ days: retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    // Log delivery may write only under the prefix (<prefix>/AWSLogs/<account>/...).
    const objects = `${this.bucket.arn}/${props.prefix}/AWSLogs/*`;
    const statements: object[] = [
      {
        Sid: "ElbLogDeliveryService",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: objects,
      },
    ];
    const account = ELB_LOG_DELIVERY_ACCOUNTS[props.region];
    if (account !== undefined) {
      statements.push({
        Sid: "ElbLogDeliveryAccount",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: "s3:PutObject",
        Resource: objects,
      });
    }
    statements.push({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const policy = new S3BucketPolicy(this, "Policy", {
      provider,
      bucket: this.bucket.id,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });
    this.bucketName = policy.bucket;
  }
}
