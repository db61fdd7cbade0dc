import { BigtableAppProfile } from "@cdktf/provider-google/lib/bigtable-app-profile";
import { BigtableInstance } from "@cdktf/provider-google/lib/bigtable-instance";
import { BigtableTable } from "@cdktf/provider-google/lib/bigtable-table";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Construct } from "constructs";
import { bigtableClusterId } from "../core/datastore-names";
import { invalidProp } from "../core/errors";
import { GcpKeyRing } from "./kms";

export interface BigtableReplicatedProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** Instance id, 6 to 33 characters. */
  readonly name: string;
  /** The table the workloads use. */
  readonly tableName: string;
  /** One cluster per entry: a zone of each serving region. */
  readonly clusters: readonly { readonly region: string; readonly zone: string }[];
  /** `serviceAccount:service-<number>@gcp-sa-bigtable.iam.gserviceaccount.com`. */
  readonly serviceAgent: string;
  /** Days automated table backups are kept. */
  readonly backupRetentionDays: number;
  /** Autoscaling bounds per cluster. @default { min: 1, max: 5 } */
  readonly nodes?: { readonly min: number; readonly max: number };
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Bigtable instance with one cluster per region: replication between the
 * clusters is multi-primary and eventually consistent (last writer wins per
 * cell timestamp), which is read-local-write-local and the substrate of
 * multi-master-crdt. The `multi-cluster` app profile routes each request to
 * the nearest available cluster and fails over on its own. Each cluster is
 * encrypted with a key in its own region (CMEK), the instance and table have
 * deletion protection, and the table has automated daily backups.
 *
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/bigtable_instance
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/bigtable_app_profile
 */
export class BigtableReplicated extends Construct {
  readonly instance: BigtableInstance;
  readonly table: BigtableTable;
  readonly appProfile: BigtableAppProfile;

  constructor(scope: Construct, id: string, props: BigtableReplicatedProps) {
    super(scope, id);
    const { provider, project } = props;
    if (props.clusters.length < 2) {
      throw invalidProp(
        this,
        "clusters: replication needs two or more",
        String(props.clusters.length),
        "2 or more",
      );
    }
    const labels = { ...(props.labels ?? {}) };
    const nodes = props.nodes ?? { min: 1, max: 5 };
    const grants = [];
    const keys: Record<string, string> = {};
    for (const c of props.clusters) {
      const ring = new GcpKeyRing(this, `Keys-${c.region}`, {
        provider,
        project,
        location: c.region,
        name: `${props.name}-bigtable`,
        keys: ["bigtable"],
        labels,
      });
      grants.push(ring.grantEncryptDecrypt("bigtable", props.serviceAgent));
      keys[c.region] = ring.key("bigtable").id;
    }
    this.instance = new BigtableInstance(this, "Resource", {
      provider,
      project,
      name: props.name,
      displayName: props.name,
      deletionProtection: true,
      labels,
      cluster: props.clusters.map((c) => ({
        clusterId: bigtableClusterId(props.name, c.region),
        zone: c.zone,
        storageType: "SSD",
        kmsKeyName: keys[c.region]!,
        autoscalingConfig: { minNodes: nodes.min, maxNodes: nodes.max, cpuTarget: 60 },
      })),
      dependsOn: grants,
    });
    this.table = new BigtableTable(this, "Table", {
      provider,
      project,
      instanceName: this.instance.name,
      name: props.tableName,
      columnFamily: [{ family: "d" }],
      deletionProtection: "PROTECTED",
      changeStreamRetention: "24h",
      automatedBackupPolicy: {
        frequency: "86400s",
        retentionPeriod: `${props.backupRetentionDays * 86400}s`,
      },
    });
    this.appProfile = new BigtableAppProfile(this, "MultiCluster", {
      provider,
      project,
      instance: this.instance.name,
      appProfileId: "multi-cluster",
      description: "Nearest available cluster; fails over between regions",
      multiClusterRoutingUseAny: true,
      ignoreWarnings: true,
    });
  }
}
