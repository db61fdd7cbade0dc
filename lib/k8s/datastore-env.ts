import type { Blueprint, Region } from "../blueprint/model";
import {
  auroraDbUser,
  BIGTABLE_APP_PROFILE,
  bigtableInstanceName,
  cloudSqlConnectionName,
  cloudSqlIamUser,
  dsqlEndpointParameterName,
  eventConsumerLeaseTableName,
  eventConsumerName,
  eventDeadLetterQueueName,
  eventStreamName,
  firestoreIdempotencyDatabaseName,
  idempotencyTableName,
  pubsubSubscriptionName,
  pubsubTopicName,
  spannerInstanceName,
} from "../core/datastore-names";
import { auroraClusterId, dynamoTableName, eventsTableName } from "../core/names";

/**
 * The datastore settings of one workload in one region, as environment
 * variables of its region ConfigMap: names only (no account id, no password,
 * no generated endpoint); docs/k8s.md says what the app does with them.
 */
export function datastoreEnv(b: Blueprint, r: Region, workload: string): Record<string, string> {
  const engine = b.database.engines[r.cloud];
  const writer = b.regions.find((x) => x.cloud === r.cloud && x.writer) ?? r;
  // The project of the cloud's global resources (the gcp global stack's home region).
  const home = b.regions.find((x) => x.cloud === r.cloud && x.primary) ?? r;
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
        DB_WRITES: r.writer ? "local" : "forwarded",
      };
    case "dynamodb":
      return { DB_ENGINE: engine, DYNAMODB_TABLE: dynamoTableName(b) };
    case "aurora-dsql":
      // AWS generates the cluster identifier, so the endpoint
      // (`<identifier>.dsql.<region>.on.aws`) is read from this parameter.
      return {
        DB_ENGINE: engine,
        DB_AUTH: "iam",
        DSQL_REGION: r.region,
        DSQL_ENDPOINT_PARAMETER: dsqlEndpointParameterName(b, r),
        DB_NAME: "postgres",
        DB_PORT: "5432",
        // A custom database role (dsql:DbConnect), mapped to the pod role with AWS IAM GRANT.
        DB_USER: auroraDbUser(workload),
      };
    case "kinesis":
      // The consumer's ARN holds the account and a registration time: the app
      // reads it with DescribeStreamConsumer(stream, consumer name).
      return {
        DB_ENGINE: engine,
        EVENTS_TABLE: eventsTableName(b),
        EVENT_STREAM: eventStreamName(b, r),
        EVENT_CONSUMER: eventConsumerName(b, r),
        // KCL's lease table and application name (its CloudWatch namespace too).
        EVENT_CONSUMER_LEASE_TABLE: eventConsumerLeaseTableName(b, r),
        IDEMPOTENCY_TABLE: idempotencyTableName(b, r),
        EVENT_DEAD_LETTER_QUEUE: eventDeadLetterQueueName(b, r),
      };
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
    case "bigtable":
      return {
        DB_ENGINE: engine,
        BIGTABLE_PROJECT: home.project ?? "",
        BIGTABLE_INSTANCE: bigtableInstanceName(b),
        BIGTABLE_TABLE: b.name,
        BIGTABLE_APP_PROFILE,
      };
    case "pubsub":
      return {
        DB_ENGINE: engine,
        PUBSUB_PROJECT: home.project ?? "",
        PUBSUB_TOPIC: pubsubTopicName(b),
        PUBSUB_SUBSCRIPTION: pubsubSubscriptionName(b, r),
        FIRESTORE_DATABASE: firestoreIdempotencyDatabaseName(b, r),
      };
    default:
      return {};
  }
}
