import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { type TerraformProvider, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import { DEFAULT_AURORA_POSTGRES_VERSION } from "./aurora-global";

/** Whether the cluster is created as the writer or as a read-only secondary. */
export type AuroraClusterRole = "primary" | "secondary";

export interface RegionalAuroraClusterProps {
  /** The aliased provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** Cluster identifier, e.g. `shop-aws-eu-west-1`; instances are `<id>-1`, `<id>-2`. */
  readonly identifier: string;
  /** The global database to join, by identifier string. */
  readonly globalClusterIdentifier: string;
  readonly role: AuroraClusterRole;
  /** The region key: storage and Performance Insights are encrypted with it. */
  readonly kmsKeyArn: string;
  readonly vpcId: string;
  /** Only this CIDR may connect on 5432. */
  readonly vpcCidr: string;
  /** Private subnets in two or more zones. */
  readonly subnetIds: readonly string[];
  /** @default "db.r6g.large" */
  readonly instanceClass?: string;
  /** Instances in this region (one writer or reader, the rest readers). @default 2 */
  readonly instances?: number;
  /** At least 7. @default 7 */
  readonly backupRetentionDays?: number;
  /** Must match the global database. @default DEFAULT_AURORA_POSTGRES_VERSION */
  readonly engineVersion?: string;
  /** Initial database (primary only; secondaries reject it). @default - none */
  readonly databaseName?: string;
  /** Master user (primary only). @default "dbadmin" */
  readonly masterUsername?: string;
  /**
   * Master password for the primary, written through the write-only
   * `master_password_wo` argument so it never lands in state. Secrets Manager
   * managed passwords (`manage_master_user_password`) are not supported for
   * clusters in a global database, so they are not an option here.
   * @default - an ephemeral, sensitive Terraform variable `aurora_master_password`
   */
  readonly masterPassword?: string;
  /**
   * Forward writes to whichever cluster is the writer. Set on every member,
   * the writer included: AWS keeps the flag on the primary unused until a
   * switchover or failover demotes it, and then the old writer region still
   * writes through its own endpoint.
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (EnableGlobalWriteForwarding)
   * @default true
   */
  readonly writeForwarding?: boolean;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Retention of the exported PostgreSQL log. @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * One region's Aurora PostgreSQL cluster inside a global database: encrypted
 * with the region key, TLS enforced (`rds.force_ssl`), IAM authentication, no
 * public access, deletion protection, backups of 7 days or more, reachable on
 * 5432 from the VPC only. The primary creates the master user; a secondary
 * passes none of the arguments AWS rejects for secondaries (master user,
 * password, database name).
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/rds_cluster
 */
export class RegionalAuroraCluster extends Construct {
  readonly cluster: RdsCluster;
  readonly instances: RdsClusterInstance[] = [];

  constructor(scope: Construct, id: string, props: RegionalAuroraClusterProps) {
    super(scope, id);
    const provider = props.provider;
    const backupRetentionDays = props.backupRetentionDays ?? 7;
    if (backupRetentionDays < 7 || backupRetentionDays > 35) {
      throw invalidProp(
        this,
        "backupRetentionDays out of range",
        String(backupRetentionDays),
        "7 to 35 days",
      );
    }
    const instanceCount = props.instances ?? 2;
    if (!Number.isInteger(instanceCount) || instanceCount < 1) {
      throw invalidProp(this, "instances must be a whole number", String(instanceCount), "1 or more");
    }
    const engineVersion = props.engineVersion ?? DEFAULT_AURORA_POSTGRES_VERSION;
    const primary = props.role === "primary";

    const subnetGroup = new DbSubnetGroup(this, "SubnetGroup", {
      provider,
      name: props.identifier,
      description: `Private subnets of ${props.identifier}`,
      subnetIds: [...props.subnetIds],
    });
    const securityGroup = new SecurityGroup(this, "SecurityGroup", {
      provider,
      name: `${props.identifier}-db`,
      description: "PostgreSQL from inside the VPC only",
      vpcId: props.vpcId,
      tags: { Name: `${props.identifier}-db` },
    });
    new VpcSecurityGroupIngressRule(this, "PostgresFromVpc", {
      provider,
      securityGroupId: securityGroup.id,
      description: "PostgreSQL from the VPC",
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      cidrIpv4: props.vpcCidr,
    });
    const parameters = new RdsClusterParameterGroup(this, "Parameters", {
      provider,
      name: `${props.identifier}-pg${engineVersion.split(".")[0]}`,
      family: `aurora-postgresql${engineVersion.split(".")[0]}`,
      description: `TLS-only parameters of ${props.identifier}`,
      parameter: [{ name: "rds.force_ssl", value: "1" }],
    });

    // Created before the cluster so RDS does not create it without the key and retention.
    const logGroup = new CloudwatchLogGroup(this, "PostgresqlLog", {
      provider,
      name: `/aws/rds/cluster/${props.identifier}/postgresql`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
    });

    let master: Partial<ConstructorParameters<typeof RdsCluster>[2]> = {};
    if (primary) {
      let password = props.masterPassword;
      if (password === undefined) {
        const variable = new TerraformVariable(this, "MasterPassword", {
          type: "string",
          sensitive: true,
          nullable: false,
          description: `Master password of ${props.identifier} (write-only, never stored in state)`,
        });
        variable.overrideLogicalId("aurora_master_password");
        variable.addOverride("ephemeral", true);
        password = variable.stringValue;
      }
      master = {
        masterUsername: props.masterUsername ?? "dbadmin",
        masterPasswordWo: password,
        masterPasswordWoVersion: 1,
        ...(props.databaseName !== undefined ? { databaseName: props.databaseName } : {}),
      };
    }

    this.cluster = new RdsCluster(this, "Resource", {
      provider,
      clusterIdentifier: props.identifier,
      globalClusterIdentifier: props.globalClusterIdentifier,
      engine: "aurora-postgresql",
      engineVersion,
      engineMode: "provisioned",
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      dbClusterParameterGroupName: parameters.name,
      port: 5432,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      deletionProtection: props.deletionProtection ?? true,
      backupRetentionPeriod: backupRetentionDays,
      copyTagsToSnapshot: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.identifier}-final`,
      enabledCloudwatchLogsExports: ["postgresql"],
      ...master,
      enableGlobalWriteForwarding: props.writeForwarding ?? true,
      // A managed switchover moves the writer: these change outside Terraform.
      lifecycle: { ignoreChanges: ["replication_source_identifier", "global_cluster_identifier"] },
      dependsOn: [logGroup],
    });

    for (let i = 1; i <= instanceCount; i++) {
      this.instances.push(
        new RdsClusterInstance(this, `Instance${i}`, {
          provider,
          identifier: `${props.identifier}-${i}`,
          clusterIdentifier: this.cluster.id,
          instanceClass: props.instanceClass ?? "db.r6g.large",
          engine: "aurora-postgresql",
          dbSubnetGroupName: subnetGroup.name,
          publiclyAccessible: false,
          autoMinorVersionUpgrade: true,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: props.kmsKeyArn,
        }),
      );
    }
  }
}
