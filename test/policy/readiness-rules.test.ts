import { checkSync } from "../../lib/policy";

// Edge cases of AA207 (event consumers) and the readiness rules (AA801-AA804)
// that the pass/fail fixtures do not show: what counts as evidence, and what is not judged.

type Doc = Record<string, unknown>;
const tf = (expr: string) => `$\{${expr}}`;
const PROVIDERS = {
  aws: [
    { region: "us-east-1" },
    { alias: "use1b", region: "us-east-1" },
    { alias: "euw1", region: "eu-west-1" },
  ],
  google: [{ project: "p", region: "us-central1" }],
};

/** Terraform JSON documents, one per stack folder, checked together. */
function run(rules: string[], ...docs: Doc[]) {
  return checkSync([], {
    rules,
    config: false,
    documents: docs.map((d, i) => ({
      name: `stack${i + 1}/main.tf.json`,
      text: JSON.stringify({ provider: PROVIDERS, ...d }),
    })),
  });
}
const found = (r: ReturnType<typeof run>) =>
  r.findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ rule: f.ruleId, severity: f.severity, resource: f.resource }));

const stream = { aws_kinesis_stream: { log: { name: "orders-events", shard_count: 1 } } };
const consumer = (arn: string) => ({
  aws_kinesis_stream_consumer: { reader: { name: "reader", stream_arn: arn } },
});

describe("AA207: event consumer without an idempotency store", () => {
  test("GIVEN a consumer of a log in its own stack and no pattern tag THEN a warning (it may be idempotent by design)", () => {
    const r = run(["AA207"], { resource: { ...stream, ...consumer(tf("aws_kinesis_stream.log.arn")) } });
    expect(found(r)).toEqual([
      { rule: "AA207", severity: "warning", resource: "aws_kinesis_stream_consumer.reader" },
    ]);
  });

  test("GIVEN the stack tags its data tier event-sourced THEN the same consumer is an error", () => {
    const tagged = {
      aws_kinesis_stream: { log: { name: "e", tags: { "activeactive-pattern": "event-sourced" } } },
    };
    const r = run(["AA207"], { resource: { ...tagged, ...consumer(tf("aws_kinesis_stream.log.arn")) } });
    expect(found(r)).toEqual([
      { rule: "AA207", severity: "error", resource: "aws_kinesis_stream_consumer.reader" },
    ]);
  });

  test("GIVEN a consumer of a log named only by a literal ARN, or by a variable, and no pattern tag THEN it is not judged", () => {
    const literal = consumer("arn:aws:kinesis:us-east-1:123456789012:stream/someone-elses");
    const variable = {
      aws_kinesis_stream_consumer: { reader: { name: "r", stream_arn: tf("var.stream_arn") } },
    };
    expect(found(run(["AA207"], { resource: literal }))).toEqual([]);
    expect(found(run(["AA207"], { variable: { stream_arn: {} }, resource: variable }))).toEqual([]);
  });

  test("GIVEN the store is in another stack THEN it does not count; in the same stack, a tag saying so counts", () => {
    const inOther = run(
      ["AA207"],
      { resource: { ...stream, ...consumer(tf("aws_kinesis_stream.log.arn")) } },
      { resource: { aws_dynamodb_table: { idempotency: { name: "orders-idempotency", hash_key: "k" } } } },
    );
    expect(found(inOther).map((f) => f.resource)).toEqual(["aws_kinesis_stream_consumer.reader"]);
    const byTag = run(["AA207"], {
      resource: {
        ...stream,
        ...consumer(tf("aws_kinesis_stream.log.arn")),
        aws_elasticache_serverless_cache: {
          seen: { name: "seen", engine: "redis", tags: { purpose: "dedup" } },
        },
      },
    });
    expect(found(byTag)).toEqual([]);
  });

  test("GIVEN an EventBridge pipe reads the stream THEN it is a consumer too", () => {
    const pipe = {
      aws_pipes_pipe: {
        p: { name: "p", role_arn: "r", source: tf("aws_kinesis_stream.log.arn"), target: "t" },
      },
    };
    expect(found(run(["AA207"], { resource: { ...stream, ...pipe } })).map((f) => f.resource)).toEqual([
      "aws_pipes_pipe.p",
    ]);
  });

  test("GIVEN a Lambda reads a stream through an enhanced fan-out consumer THEN one finding, on the mapping", () => {
    const r = run(["AA207"], {
      resource: {
        ...stream,
        ...consumer(tf("aws_kinesis_stream.log.arn")),
        aws_lambda_event_source_mapping: {
          fn: { function_name: "f", event_source_arn: tf("aws_kinesis_stream_consumer.reader.arn") },
        },
      },
    });
    expect(found(r).map((f) => f.resource)).toEqual(["aws_lambda_event_source_mapping.fn"]);
  });
});

test("AA207: a subscription that holds a dead-letter topic is not a consumer of the log", () => {
  const r = run(["AA207"], {
    resource: {
      google_pubsub_topic: { events: { name: "events" }, dlq: { name: "events-dlq" } },
      google_pubsub_subscription: {
        consumers: {
          name: "consumers",
          topic: tf("google_pubsub_topic.events.id"),
          dead_letter_policy: [{ dead_letter_topic: tf("google_pubsub_topic.dlq.id") }],
        },
        parked: { name: "parked", topic: tf("google_pubsub_topic.dlq.id") },
      },
    },
  });
  expect(found(r).map((f) => f.resource)).toEqual(["google_pubsub_subscription.consumers"]);
});

test("AA202: a Firestore database is in the region of its location_id (one idempotency store per serving region)", () => {
  const gke = (region: string) => ({ name: `c-${region}`, location: region });
  const store = (region: string) => ({ name: `s-${region}`, location_id: region, type: "FIRESTORE_NATIVE" });
  const r = run(["AA202"], {
    resource: {
      google_container_cluster: { a: gke("us-east1"), b: gke("europe-west1") },
      google_firestore_database: { a: store("us-east1"), b: store("europe-west1") },
    },
  });
  expect(found(r)).toEqual([]);
  // A multi-region location (nam5) is no one region: the provider's stays.
  const multi = run(["AA202"], {
    resource: {
      google_container_cluster: { a: gke("us-east1"), b: gke("europe-west1") },
      google_firestore_database: { a: store("nam5") },
    },
  });
  expect(
    found(multi)
      .map((f) => f.resource)
      .sort(),
  ).toEqual(["google_container_cluster.a", "google_container_cluster.b"]);
});

describe("AA802: error-budget alerts", () => {
  const deployment = (cluster: string) => ({
    name: `k8s/${cluster}/api.yaml`,
    text: JSON.stringify({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", namespace: "app" },
      spec: { replicas: 2, selector: {}, template: { spec: { containers: [{ name: "api", image: "a" }] } } },
    }),
  });
  const rule = (cluster: string, alert: Doc) => ({
    name: `k8s/${cluster}/rules.yaml`,
    text: JSON.stringify({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "alerts", namespace: "app" },
      spec: { groups: [{ name: "g", rules: [alert] }] },
    }),
  });
  const k8s = (docs: { name: string; text: string }[]) =>
    checkSync([], { rules: ["AA802"], config: false, documents: docs }).findings.map((f) => f.resource);

  test("GIVEN a cluster with workloads and no PrometheusRule at all THEN not judged (its alerts may live elsewhere)", () => {
    expect(k8s([deployment("use1")])).toEqual([]);
  });

  test("GIVEN reworded burn-rate alerts (Pyrra's recording rules, an annotation) THEN they count; each cluster is judged on its own", () => {
    const pyrra = {
      alert: "APIErrors",
      expr: "api:burnrate5m > 14.4 * 0.001 and api:burnrate1h > 14.4 * 0.001",
    };
    const annotated = {
      alert: "FastSpend",
      expr: "x > 1",
      annotations: { summary: "error budget spent fast" },
    };
    const threshold = { alert: "HighErrors", expr: "errors > 0.05" };
    expect(
      k8s([
        deployment("use1"),
        rule("use1", pyrra),
        deployment("euw1"),
        rule("euw1", annotated),
        deployment("apse1"),
        rule("apse1", threshold),
      ]),
    ).toEqual(["PrometheusRule/app/alerts@apse1"]);
  });
});

describe("AA801 and AA804: what is not judged", () => {
  test("AA801: an absent healthy_threshold or threshold_count takes the provider default (2, 3)", () => {
    const r = run(["AA801"], {
      resource: {
        google_compute_health_check: { hc: { name: "hc", https_health_check: [{ port: 443 }] } },
        aws_globalaccelerator_endpoint_group: {
          eg: { listener_arn: "arn", endpoint_group_region: "eu-west-1" },
        },
      },
    });
    expect(found(r)).toEqual([]);
  });

  test("AA804: replication between buckets known to be in the same region is not cross-region; to another region it is judged", () => {
    const buckets = {
      aws_s3_bucket: {
        src: { bucket: "src" },
        same: { provider: "aws.use1b", bucket: "same" },
        far: { provider: "aws.euw1", bucket: "far" },
      },
    };
    const replication = (to: string) => ({
      aws_s3_bucket_replication_configuration: {
        r: {
          role: "arn:aws:iam::1:role/r",
          bucket: tf("aws_s3_bucket.src.id"),
          rule: [{ id: "x", status: "Enabled", destination: [{ bucket: tf(`aws_s3_bucket.${to}.arn`) }] }],
        },
      },
    });
    expect(found(run(["AA804"], { resource: { ...buckets, ...replication("same") } }))).toEqual([]);
    expect(found(run(["AA804"], { resource: { ...buckets, ...replication("far") } }))).toEqual([
      { rule: "AA804", severity: "error", resource: "aws_s3_bucket_replication_configuration.r" },
    ]);
  });
});
