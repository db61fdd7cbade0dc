import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

export interface CloudSqlPostgresProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  readonly region: string;
  /** Instance name, from `cloudSqlInstanceName` (replicas name their primary the same way). */
  readonly name: string;
  /** The VPC network the private IP is allocated in (private services access). */
  readonly network: string;
  /** Cloud KMS key of this region. */
  readonly kmsKeyId: string;
  /**
   * The writer: creates the database, backups and point-in-time recovery.
   * Exactly one of `primary` and `replicaOf` is set.
   * @default - not the writer: `replicaOf` must be set
   */
  readonly primary?: { readonly databaseName: string; readonly backupRetentionDays: number };
  /**
   * Name of the primary instance this cross-region read replica follows.
   * @default - not a replica: `primary` must be set
   */
  readonly replicaOf?: string;
  /** @default "db-custom-2-7680" */
  readonly tier?: string;
  /** @default "POSTGRES_16" */
  readonly databaseVersion?: string;
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
  /** E.g. the private services connection and the KMS grant. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Cloud SQL for PostgreSQL, secure by default: customer-managed key, private
 * IP only (no public address), TLS required, regional high availability,
 * deletion protection in Terraform and in the API, IAM database
 * authentication. The primary keeps daily backups for the blueprint's
 * retention with point-in-time recovery; cross-region replicas follow it
 * asynchronously (Cloud SQL does not allow backups on replicas: they are
 * promoted, then back up as primaries).
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance
 */
export class CloudSqlPostgres extends Construct {
  readonly instance: SqlDatabaseInstance;

  constructor(scope: Construct, id: string, props: CloudSqlPostgresProps) {
    super(scope, id);
    if ((props.primary === undefined) === (props.replicaOf === undefined)) {
      throw invalidProp(
        this,
        "a Cloud SQL instance is a primary or a replica",
        props.primary === undefined ? "neither primary nor replicaOf" : "both primary and replicaOf",
        "exactly one of primary and replicaOf",
      );
    }
    const { provider, project, region } = props;
    const primary = props.primary;
    this.instance = new SqlDatabaseInstance(this, "Resource", {
      provider,
      project,
      region,
      name: props.name,
      databaseVersion: props.databaseVersion ?? "POSTGRES_16",
      encryptionKeyName: props.kmsKeyId,
      deletionProtection: true,
      ...(props.replicaOf !== undefined
        ? { masterInstanceName: props.replicaOf, replicaConfiguration: { failoverTarget: false } }
        : {}),
      settings: {
        tier: props.tier ?? "db-custom-2-7680",
        edition: "ENTERPRISE",
        availabilityType: "REGIONAL",
        diskType: "PD_SSD",
        diskAutoresize: true,
        deletionProtectionEnabled: true,
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: props.network,
          sslMode: "ENCRYPTED_ONLY",
        },
        ...(primary !== undefined
          ? {
              backupConfiguration: {
                enabled: true,
                startTime: "02:00",
                pointInTimeRecoveryEnabled: true,
                transactionLogRetentionDays: 7,
                backupRetentionSettings: {
                  retainedBackups: primary.backupRetentionDays,
                  retentionUnit: "COUNT",
                },
              },
            }
          : {}),
        databaseFlags: [
          { name: "cloudsql.iam_authentication", value: "on" },
          { name: "log_connections", value: "on" },
        ],
        maintenanceWindow: { day: 7, hour: 3, updateTrack: "stable" },
        userLabels: { ...(props.labels ?? {}) },
      },
      dependsOn: [...(props.dependsOn ?? [])],
    });
    if (primary !== undefined) {
      new SqlDatabase(this, "Database", {
        provider,
        project,
        instance: this.instance.name,
        name: primary.databaseName,
      });
    }
  }
}
