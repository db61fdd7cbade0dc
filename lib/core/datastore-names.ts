import {
  cloudSqlInstanceName,
  fitName,
  gcpWorkloadServiceAccountId,
  type NamedBlueprint,
  type NamedRegion,
} from "./names";

/**
 * What a workload's pods log in as and connect to, by name: the stacks grant
 * on these names and the region ConfigMap (lib/k8s/datastore-env.ts) hands
 * the same names to the pods, so the two cannot disagree.
 */

/** The PostgreSQL role a workload logs in as with IAM authentication on Aurora, e.g. `api`. */
export function auroraDbUser(workload: string): string {
  return workload.replace(/-/g, "_").slice(0, 63);
}

/** The Cloud SQL IAM user of a workload's Google service account (the e-mail without `.gserviceaccount.com`). */
export function cloudSqlIamUser(r: NamedRegion, workload: string): string {
  return `${gcpWorkloadServiceAccountId(r, workload)}@${r.project}.iam`;
}

/** `<project>:<region>:<instance>`, what the Cloud SQL connectors and Auth Proxy take. */
export function cloudSqlConnectionName(b: NamedBlueprint, r: NamedRegion): string {
  return `${r.project}:${r.region}:${cloudSqlInstanceName(b, r)}`;
}

/** The Spanner instance of a blueprint whose gcp engine is Spanner. */
export function spannerInstanceName(b: NamedBlueprint): string {
  return fitName(b.name, 30);
}
