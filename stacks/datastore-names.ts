import type { Blueprint, Region } from "../lib/blueprint/model";
import {
  auroraClusterId,
  cloudSqlInstanceName,
  dynamoTableName,
  fitName,
  gcpWorkloadServiceAccountId,
} from "./names";

/**
 * What a workload's pods need to reach their region's datastore, by name:
 * the same function feeds the IAM grants (stacks) and the region ConfigMap
 * (manifests), so the two cannot disagree. No account id and no generated
 * endpoint appears: the app looks endpoints up by these names.
 */

/** The PostgreSQL role a workload logs in as with IAM authentication on Aurora, e.g. `api`. */
export function auroraDbUser(workload: string): string {
  return workload.replace(/-/g, "_").slice(0, 63);
}

/** The Cloud SQL IAM user of a workload's Google service account (the e-mail without `.gserviceaccount.com`). */
export function cloudSqlIamUser(r: Region, workload: string): string {
  return `${gcpWorkloadServiceAccountId(r, workload)}@${r.project}.iam`;
}

/** `<project>:<region>:<instance>`, what the Cloud SQL connectors and Auth Proxy take. */
export function cloudSqlConnectionName(b: Blueprint, r: Region): string {
  return `${r.project}:${r.region}:${cloudSqlInstanceName(b, r)}`;
}

/** The Spanner instance of a gcp-spanner blueprint. */
export function spannerInstanceName(b: Blueprint): string {
  return fitName(b.name, 30);
}

/**
 * The datastore settings of one workload in one region, as environment
 * variables (the region ConfigMap). Empty for a region whose engine needs none.
 */
export function datastoreEnv(b: Blueprint, r: Region, workload: string): Record<string, string> {
  const engine = b.database.engines[r.cloud];
  const writer = b.regions.find((x) => x.cloud === r.cloud && x.primary) ?? r;
  switch (engine) {
    case "aurora-postgresql":
      return {
        DB_ENGINE: engine,
        DB_AUTH: "iam",
        DB_CLUSTER_IDENTIFIER: auroraClusterId(b, r),
        DB_NAME: b.database.name,
        DB_PORT: "5432",
        DB_USER: auroraDbUser(workload),
        // A secondary's cluster endpoint forwards writes to the writer.
        DB_WRITES: r.primary ? "local" : "forwarded",
      };
    case "dynamodb":
      return { DB_ENGINE: engine, DYNAMODB_TABLE: dynamoTableName(b) };
    case "cloudsql-postgres":
      return {
        DB_ENGINE: engine,
        DB_AUTH: "iam",
        CLOUDSQL_INSTANCE: cloudSqlConnectionName(b, r),
        CLOUDSQL_WRITER_INSTANCE: cloudSqlConnectionName(b, writer),
        DB_NAME: b.database.name,
        DB_USER: cloudSqlIamUser(r, workload),
      };
    case "spanner":
      return {
        DB_ENGINE: engine,
        SPANNER_PROJECT: writer.project ?? "",
        SPANNER_INSTANCE: spannerInstanceName(b),
        SPANNER_DATABASE: b.database.name,
      };
    default:
      return {};
  }
}
