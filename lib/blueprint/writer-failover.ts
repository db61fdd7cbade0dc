import { auroraClusterId, auroraGlobalClusterId, cloudSqlInstanceName } from "../core/names";
import type { Blueprint, Region } from "./model";

/**
 * The commands that move the writer of a single-writer engine, with the
 * blueprint's real names: the simulator (`lib/operate/simulate`) and the
 * writer switchover runbook (`lib/operate/runbooks`, written to
 * `dist/runbooks/writer-switchover.md`) show the same ones.
 */

/** A shell expression for a member cluster's ARN, which the global cluster commands take. */
export function auroraClusterArnLookup(b: Blueprint, target: Region): string {
  return `$(aws rds describe-db-clusters --region ${target.region} --db-cluster-identifier ${auroraClusterId(b, target)} --query 'DBClusters[0].DBClusterArn' --output text)`;
}

/** The unplanned Aurora global failover to `target` (writes not yet replicated are lost). */
export function auroraFailoverCommand(b: Blueprint, target: Region): string {
  return [
    `aws rds failover-global-cluster --region ${target.region} --global-cluster-identifier ${auroraGlobalClusterId(b)} \\`,
    `  --target-db-cluster-identifier "${auroraClusterArnLookup(b, target)}" --allow-data-loss`,
  ].join("\n");
}

/**
 * Stops the Cloud SQL writer so nothing writes to it any more: Cloud SQL has
 * no fencing of its own, and a promoted replica would otherwise be a second
 * primary while the old one still takes the writes every ConfigMap sends it.
 */
export function cloudSqlFenceCommand(b: Blueprint, writer: Region): string {
  return `gcloud sql instances patch ${cloudSqlInstanceName(b, writer)} --project ${writer.project ?? ""} --activation-policy=NEVER`;
}

/** Promotes the Cloud SQL replica in `target` to a standalone primary; replicas live in the writer's project. */
export function cloudSqlPromoteCommand(b: Blueprint, target: Region, writer: Region): string {
  return `gcloud sql instances promote-replica ${cloudSqlInstanceName(b, target)} --project ${writer.project ?? ""}`;
}
