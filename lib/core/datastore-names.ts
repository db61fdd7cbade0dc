import {
  cloudSqlInstanceName,
  fitName,
  gcpWorkloadServiceAccountId,
  type NamedBlueprint,
  type NamedRegion,
  regionalName,
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

/** An event-sourced region's Kinesis stream of the replicated log, e.g. `orders-aws-us-east-1-events`. */
export function eventStreamName(b: NamedBlueprint, r: NamedRegion): string {
  return `${regionalName(b, r)}-events`;
}

/** The enhanced fan-out consumer a region's workloads read that stream through. */
export function eventConsumerName(b: NamedBlueprint, r: NamedRegion): string {
  return fitName(`${regionalName(b, r)}-consumer`, 128);
}

/** A region's idempotency store (DynamoDB, keyed by the idempotency key, with a TTL). */
export function idempotencyTableName(b: NamedBlueprint, r: NamedRegion): string {
  return `${regionalName(b, r)}-idempotency`;
}

/** A region's dead-letter queue of events its consumers cannot apply. */
export function eventDeadLetterQueueName(b: NamedBlueprint, r: NamedRegion): string {
  return `${regionalName(b, r)}-events-dlq`;
}
