import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { SpannerBackupSchedule } from "@cdktf/provider-google/lib/spanner-backup-schedule";
import { SpannerDatabase } from "@cdktf/provider-google/lib/spanner-database";
import { SpannerInstance } from "@cdktf/provider-google/lib/spanner-instance";
import { Construct } from "constructs";
import { type SpannerConfig, spannerConfigRegions } from "../core/spanner-config";
import { GcpKeyRing } from "./kms";

export interface SpannerMultiRegionProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** Instance id and key ring name, e.g. `shop`. */
  readonly name: string;
  /** The multi-region configuration, from `spannerConfigFor`. */
  readonly config: SpannerConfig;
  readonly databaseName: string;
  /** The Spanner service agent, granted use of every key. */
  readonly serviceAgent: string;
  /** Days of backups and of point-in-time recovery. */
  readonly backupRetentionDays: number;
  /** @default 1000 (one node) */
  readonly processingUnits?: number;
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Cloud Spanner multi-region instance and database: synchronous replication
 * across the configuration's regions, encrypted with a customer-managed key
 * in every replica region (`kms_key_names` must cover them all), deletion
 * protection in Terraform and drop protection in the API, point-in-time
 * recovery and a daily full backup kept for the retention.
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/spanner_database
 */
export class SpannerMultiRegion extends Construct {
  readonly instance: SpannerInstance;
  readonly database: SpannerDatabase;
  /** Key ring per replica region, keyed by region. */
  readonly keyRings: Readonly<Record<string, GcpKeyRing>>;

  constructor(scope: Construct, id: string, props: SpannerMultiRegionProps) {
    super(scope, id);
    const { provider, project } = props;
    const labels = { ...(props.labels ?? {}) };
    const rings: Record<string, GcpKeyRing> = {};
    const grants = [];
    for (const location of spannerConfigRegions(props.config)) {
      const ring = new GcpKeyRing(this, `Keys-${location}`, {
        provider,
        project,
        location,
        name: `${props.name}-spanner`,
        keys: ["spanner"],
        labels,
      });
      grants.push(ring.grantEncryptDecrypt("spanner", props.serviceAgent));
      rings[location] = ring;
    }
    this.keyRings = rings;
    const keyNames = Object.values(rings).map((r) => r.key("spanner").id);

    this.instance = new SpannerInstance(this, "Resource", {
      provider,
      project,
      name: props.name,
      config: props.config.name,
      displayName: props.name,
      processingUnits: props.processingUnits ?? 1000,
      edition: "ENTERPRISE_PLUS",
      forceDestroy: false,
      labels,
    });
    this.database = new SpannerDatabase(this, "Database", {
      provider,
      project,
      instance: this.instance.name,
      name: props.databaseName,
      versionRetentionPeriod: `${Math.min(props.backupRetentionDays, 7)}d`,
      deletionProtection: true,
      enableDropProtection: true,
      encryptionConfig: { kmsKeyNames: keyNames },
      dependsOn: grants,
    });
    new SpannerBackupSchedule(this, "BackupSchedule", {
      provider,
      project,
      instance: this.instance.name,
      database: this.database.name,
      name: "daily",
      retentionDuration: `${props.backupRetentionDays * 86400}s`,
      spec: { cronSpec: { text: "0 2 * * *" } },
      fullBackupSpec: {},
      encryptionConfig: { encryptionType: "USE_DATABASE_ENCRYPTION" },
    });
  }
}
