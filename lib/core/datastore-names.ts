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

/**
 * A region's KCL lease (checkpoint) table, pre-created; also the KCL
 * application name, so the CloudWatch namespace of KCL's metrics.
 */
export function eventConsumerLeaseTableName(b: NamedBlueprint, r: NamedRegion): string {
  return `${regionalName(b, r)}-consumer-leases`;
}

/**
 * The alias (without `alias/`) of the customer managed key the global stack
 * makes for a DynamoDB global table's replica in a region.
 */
export function globalTableKeyAlias(tableName: string, region: string): string {
  return `${tableName}-dynamodb-${region}`;
}

/** A region's idempotency store (DynamoDB, keyed by the idempotency key, with a TTL). */
export function idempotencyTableName(b: NamedBlueprint, r: NamedRegion): string {
  return `${regionalName(b, r)}-idempotency`;
}

/** A region's dead-letter queue of events its consumers cannot apply. */
export function eventDeadLetterQueueName(b: NamedBlueprint, r: NamedRegion): string {
  return `${regionalName(b, r)}-events-dlq`;
}

/**
 * The SSM parameter holding a region's Aurora DSQL endpoint
 * (`<identifier>.dsql.<region>.on.aws`): AWS generates the identifier, so the
 * region ConfigMap names the parameter, and the pods read the endpoint from it.
 */
export function dsqlEndpointParameterName(b: NamedBlueprint, r: NamedRegion): string {
  return `/${b.name}/${r.region}/dsql/endpoint`;
}

/** The IAM policy (made beside the clusters) that a region's workload roles attach to connect to its cluster. */
export function dsqlConnectPolicyName(b: NamedBlueprint, r: NamedRegion): string {
  return fitName(`${regionalName(b, r)}-dsql-connect`, 128);
}

/** The SNS topic in a DSQL peer region that region's cluster alarms page through. */
export function dsqlAlarmTopicName(b: NamedBlueprint, r: NamedRegion): string {
  return fitName(`${regionalName(b, r)}-dsql-alarms`, 256);
}

/** The Bigtable instance of a blueprint whose gcp engine is Bigtable (6 to 33 characters). */
export function bigtableInstanceName(b: NamedBlueprint): string {
  return fitName(`${b.name}-bigtable`, 33);
}

/** The Bigtable cluster of an instance in a region (6 to 30 characters). */
export function bigtableClusterId(instance: string, region: string): string {
  return fitName(`${instance}-${region}`, 30);
}

/** The Bigtable app profile that routes to the nearest available cluster and fails over. */
export const BIGTABLE_APP_PROFILE = "multi-cluster";

/** The global Pub/Sub topic that is the event log of an event-sourced blueprint on Google Cloud. */
export function pubsubTopicName(b: NamedBlueprint): string {
  return `${b.name}-events`;
}

/** A gcp region's subscription to that topic: its consumers read there. */
export function pubsubSubscriptionName(b: NamedBlueprint, r: NamedRegion): string {
  return `${pubsubTopicName(b)}-${r.region}`;
}

/** A gcp region's Firestore idempotency store. */
export function firestoreIdempotencyDatabaseName(b: NamedBlueprint, r: NamedRegion): string {
  return fitName(`${b.name}-idempotency-${r.region}`, 63);
}
