import { RdsGlobalCluster } from "@cdktf/provider-aws/lib/rds-global-cluster";
import { TerraformOutput, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** The Aurora PostgreSQL version every cluster of a global database runs. */
export const DEFAULT_AURORA_POSTGRES_VERSION = "16.6";

export interface AuroraGlobalDatabaseProps {
  /** Provider of the primary (writer) region. */
  readonly provider: TerraformProvider;
  /** Deterministic identifier the regional clusters join by, e.g. `shop-global`. */
  readonly identifier: string;
  /** @default DEFAULT_AURORA_POSTGRES_VERSION */
  readonly engineVersion?: string;
  /** @default true */
  readonly deletionProtection?: boolean;
}

/**
 * An empty Aurora PostgreSQL global database (`aws_rds_global_cluster`),
 * encrypted. Regional clusters in other stacks join it by its identifier
 * string, never by a token, so every stack plans on its own.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/rds_global_cluster
 */
export class AuroraGlobalDatabase extends Construct {
  readonly globalCluster: RdsGlobalCluster;

  constructor(scope: Construct, id: string, props: AuroraGlobalDatabaseProps) {
    super(scope, id);
    this.globalCluster = new RdsGlobalCluster(this, "Resource", {
      provider: props.provider,
      globalClusterIdentifier: props.identifier,
      engine: "aurora-postgresql",
      engineVersion: props.engineVersion ?? DEFAULT_AURORA_POSTGRES_VERSION,
      storageEncrypted: true,
      deletionProtection: props.deletionProtection ?? true,
    });
    // The writer endpoint follows the writer through switchover and failover.
    new TerraformOutput(this, "WriterEndpoint", {
      value: this.globalCluster.endpoint,
      description: `Global writer endpoint of ${props.identifier}: always the current writer`,
    }).overrideLogicalId("global_writer_endpoint");
  }
}
