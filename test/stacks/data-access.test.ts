import { stringify } from "yaml";
import { loadBlueprintFile, parseBlueprint } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { clusterName } from "../../lib/core/names";
import { renderManifests } from "../../lib/k8s/synth";
import { resources, type StackJson } from "../aws/synth";
import { minimalBlueprint } from "../helpers/blueprints";
import { DEFAULT_BLUEPRINT, DYNAMODB_BLUEPRINT, synthBlueprint } from "./helpers";

type Body = Record<string, any>;
const res = (json: StackJson, type: string) => resources(json, type) as Body[];
const tf = (expression: string) => ["$", "{", expression, "}"].join("");

/** The logical address of the only resource of a type in a stack, for `${type.id.attr}` references. */
function address(json: StackJson, type: string, match: (r: Body) => boolean = () => true): string {
  const byId = (json as { resource: Record<string, Record<string, Body>> }).resource[type]!;
  const ids = Object.entries(byId)
    .filter(([, r]) => match(r))
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return `${type}.${ids[0]}`;
}

/** The data of each workload's region ConfigMap, by cluster. */
function regionConfig(b: Blueprint, workload: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const r of b.regions) {
    const docs = renderManifests(b).get(`k8s/${clusterName(b, r)}/workload-${workload}.yaml`)!;
    const cm = docs.find(
      (d) => d.kind === "ConfigMap" && (d.metadata as Body).name === `${workload}-region`,
    )!;
    out.set(clusterName(b, r), cm.data as Record<string, string>);
  }
  return out;
}

/**
 * The datastore policies of a stack: the role and the statements, read from
 * the `jsonencode({...})` expression as [actions, resources] text pairs, and
 * the condition text of each statement that has one, by statement index.
 */
function policies(
  json: StackJson,
): { role: string; statements: [string, string][]; conditions: Record<number, string> }[] {
  return res(json, "aws_iam_role_policy")
    .filter((p) => p.name === "datastore-access")
    .map((p) => {
      const text = p.policy as string;
      expect(text.startsWith(["$", "{jsonencode({"].join(""))).toBe(true);
      const matches = [
        ...text.matchAll(
          /"Action" = \[([^\]]*)\], "Resource" = \[(.*?)\](?:, "Condition" = (\{(?:[^{}]*\{[^{}]*\})+\}))?\}/g,
        ),
      ];
      const statements = matches.map((m): [string, string] => [m[1]!, m[2]!]);
      const conditions: Record<number, string> = {};
      matches.forEach((m, i) => {
        if (m[3] !== undefined) conditions[i] = m[3];
      });
      expect(text.match(/"Effect" = "Allow"/g)).toHaveLength(statements.length);
      expect(text).not.toContain('"Deny"');
      return { role: p.role, statements, conditions };
    });
}

/** The action names of a statement's action text. */
const actionsOf = (text: string) => text.split(", ").map((a) => JSON.parse(a) as string);

/** What DynamoDB needs of the caller on a customer managed key: encrypt on write, decrypt on read. */
const DYNAMODB_KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*"];

/**
 * Statement `i` of a region's policy grants the key the global stack
 * encrypts this region's replica with (the table's `kms_key_arn` there), by
 * that key's alias, through DynamoDB in this region only.
 */
function expectReplicaKeyGrant(
  global: StackJson,
  table: Body,
  p: { statements: [string, string][]; conditions: Record<number, string> },
  i: number,
  region: string,
  account: string,
): void {
  const keyRef =
    table.replica?.find((x: Body) => x.region_name === region)?.kms_key_arn ??
    table.server_side_encryption.kms_key_arn;
  // The key's id in the global stack, from `${aws_kms_key_policy.<id>.key_id}`.
  const policyId = /aws_kms_key_policy\.([^.]+)\./.exec(keyRef as string)![1]!;
  const keyPolicy = (global as { resource: Record<string, Record<string, Body>> }).resource
    .aws_kms_key_policy![policyId]!;
  const aliases = res(global, "aws_kms_alias").filter(
    (a) => a.target_key_id === keyPolicy.key_id.replace(".arn}", ".key_id}"),
  );
  expect(aliases).toHaveLength(1);
  const [actions, resources] = p.statements[i]!;
  expect(actionsOf(actions)).toEqual(DYNAMODB_KEY_ACTIONS);
  expect(resources).toBe(`"arn:aws:kms:${region}:${account}:key/*"`);
  expect(p.conditions[i]).toBe(
    `{"StringEquals" = {"kms:ViaService" = "dynamodb.${region}.amazonaws.com"}, "ForAnyValue:StringEquals" = {"kms:ResourceAliases" = "${aliases[0]!.name}"}}`,
  );
}

describe("GIVEN global-saas.yaml (Aurora): each region's workload reaches its own cluster with IAM auth", () => {
  const b = loadBlueprintFile(DEFAULT_BLUEPRINT);
  const { stacks } = synthBlueprint(b);
  const config = regionConfig(b, "api");

  test.each(b.regions.map((r) => [r.region, r] as const))(
    "%s: rds-db:connect as api on this cluster's resource id, nothing else",
    (_, r) => {
      const json = stacks[`global-saas-${r.key}`]!;
      const cluster = address(json, "aws_rds_cluster");
      const role = address(json, "aws_iam_role", (x) => x.name === `global-saas-${r.key}-api`);
      expect(res(json, "aws_rds_cluster")[0]!.iam_database_authentication_enabled).toBe(true);
      const [p, ...more] = policies(json);
      expect(more).toEqual([]);
      expect(p!.role).toBe(tf(`${role}.name`));
      expect(p!.statements).toEqual([
        [
          '"rds-db:connect"',
          `"arn:aws:rds-db:${r.region}:${tf(`element(split(":", ${role}.arn), 4)`)}:dbuser:${tf(`${cluster}.cluster_resource_id`)}/api"`,
        ],
        ['"rds:DescribeDBClusters"', `${cluster}.arn`],
      ]);
    },
  );

  test("THEN the pods' region ConfigMap names that cluster, database and user, and no account or endpoint", () => {
    for (const r of b.regions) {
      const json = stacks[`global-saas-${r.key}`]!;
      const data = config.get(clusterName(b, r))!;
      expect(data).toMatchObject({
        DB_ENGINE: "aurora-postgresql",
        DB_AUTH: "iam",
        DB_CLUSTER_IDENTIFIER: res(json, "aws_rds_cluster")[0]!.cluster_identifier,
        DB_NAME: "global_saas",
        DB_USER: "api",
        DB_PORT: "5432",
        DB_WRITES: r.primary ? "local" : "forwarded",
      });
      expect(JSON.stringify(data)).not.toMatch(/[0-9]{12}|rds\.amazonaws\.com/);
    }
  });
});

describe.each([[DYNAMODB_BLUEPRINT], ["blueprints/cart-crdt.yaml"], ["blueprints/profiles-local.yaml"]])(
  "GIVEN %s (DynamoDB): each region's workload uses its own replica's items",
  (file) => {
    const b = loadBlueprintFile(file);
    const { stacks } = synthBlueprint(b);
    const config = regionConfig(b, b.workloads[0]!.name);

    test("THEN the grant is the item actions on this region's table and indexes, and its replica key through DynamoDB only", () => {
      expect(b.database.engines.aws).toBe("dynamodb");
      const global = stacks[`${b.name}-global`]!;
      const table = res(global, "aws_dynamodb_table")[0]!;
      for (const r of b.regions) {
        const json = stacks[`${b.name}-${r.key}`]!;
        const [p, ...more] = policies(json);
        expect(more).toEqual([]);
        expect(p!.statements).toHaveLength(2);
        const [actionText, resourceText] = p!.statements[0]!;
        const account = tf(
          `element(split(":", ${address(json, "aws_iam_role", (x) => x.name === `${b.name}-${r.key}-${b.workloads[0]!.name}`)}.arn), 4)`,
        );
        expect(resourceText).toBe(
          [
            `"arn:aws:dynamodb:${r.region}:${account}:table/${table.name}"`,
            `"arn:aws:dynamodb:${r.region}:${account}:table/${table.name}/index/*"`,
          ].join(", "),
        );
        const actions = actionText.split(", ").map((a) => JSON.parse(a) as string);
        expect(actions).toContain("dynamodb:PutItem");
        expect(
          actions.filter((a) => a.includes("*") || /Scan|Table$|Delete.*Table|Stream|Export/.test(a)),
        ).toEqual(["dynamodb:DescribeTable"]);
        expect(config.get(clusterName(b, r))).toMatchObject({
          DB_ENGINE: "dynamodb",
          DYNAMODB_TABLE: table.name,
        });
        expectReplicaKeyGrant(global, table, p!, 1, r.region, account);
      }
    });
  },
);

describe("GIVEN orders-events.yaml (Kinesis): each region's workload appends to its events replica and consumes its own event log", () => {
  const b = loadBlueprintFile("blueprints/orders-events.yaml");
  const { stacks } = synthBlueprint(b);
  const config = regionConfig(b, "api");
  const awsRegions = b.regions.filter((r) => r.cloud === "aws");
  const global = stacks["orders-global"]!;

  test.each(awsRegions.map((r) => [r.region, r] as const))(
    "%s: items of the events replica under its key; KCL on this region's stream, consumer and lease table; idempotency table, DLQ and region key",
    (_, r) => {
      const json = stacks[`orders-${r.key}`]!;
      const [p, ...more] = policies(json);
      expect(more).toEqual([]);
      const account = tf(
        `element(split(":", ${address(json, "aws_iam_role", (x) => x.name === `orders-${r.key}-api`)}.arn), 4)`,
      );
      const stream = address(json, "aws_kinesis_stream");
      const consumer = address(json, "aws_kinesis_stream_consumer");
      const table = address(json, "aws_dynamodb_table", (t) => t.name === `orders-${r.key}-idempotency`);
      const leases = address(json, "aws_dynamodb_table", (t) => t.name === `orders-${r.key}-consumer-leases`);
      const queue = address(json, "aws_sqs_queue");
      /** The statements on exactly these resources, as [actions, index]. */
      const on = (resources: string) =>
        p!.statements.flatMap(([a, x], i) => (x === resources ? [{ actions: actionsOf(a), i }] : []));
      // The events table is the one write path (it streams into Kinesis): no put on the stream.
      const events = `arn:aws:dynamodb:${r.region}:${account}:table/orders-events`;
      const [eventItems] = on(`"${events}", "${events}/index/*"`);
      expect(eventItems?.actions).toEqual(expect.arrayContaining(["dynamodb:PutItem", "dynamodb:Query"]));
      expectReplicaKeyGrant(
        global,
        res(global, "aws_dynamodb_table")[0]!,
        p!,
        eventItems!.i + 1,
        r.region,
        account,
      );
      expect(on(`${stream}.arn`).map((x) => x.actions)).toEqual([
        [
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetRecords",
          "kinesis:GetShardIterator",
          "kinesis:ListShards",
        ],
      ]);
      expect(on(`${consumer}.arn`).map((x) => x.actions)).toEqual([
        ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
      ]);
      // KCL: leases on the pre-created table (no CreateTable), metrics under its application name only.
      expect(on(`${leases}.arn, "${tf(`${leases}.arn`)}/index/*"`).map((x) => x.actions)).toEqual([
        [
          "dynamodb:DeleteItem",
          "dynamodb:DescribeTable",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:Query",
          "dynamodb:Scan",
          "dynamodb:UpdateItem",
        ],
      ]);
      const [metrics, ...otherMetrics] = on('"*"');
      expect(otherMetrics).toEqual([]);
      expect(metrics!.actions).toEqual(["cloudwatch:PutMetricData"]);
      expect(p!.conditions[metrics!.i]).toBe(
        `{"StringEquals" = {"cloudwatch:namespace" = "orders-${r.key}-consumer-leases"}}`,
      );
      expect(on(`${table}.arn`).map((x) => x.actions)).toEqual([
        ["dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
      ]);
      expect(on(`${queue}.arn`)[0]?.actions).toEqual(
        expect.arrayContaining([
          "sqs:SendMessage",
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
        ]),
      );
      // Stream, queue, idempotency and lease tables are encrypted with the region key:
      // usable through Kinesis and SQS (read, produce) and through DynamoDB (the tables).
      const keyRef = res(json, "aws_kinesis_stream")[0]!.kms_key_id as string;
      expect(res(json, "aws_sqs_queue")[0]!.kms_master_key_id).toBe(keyRef);
      for (const t of res(json, "aws_dynamodb_table")) {
        expect(t.server_side_encryption).toEqual({ enabled: true, kms_key_arn: keyRef });
      }
      const [streams, tables, ...moreKey] = on(keyRef.slice(2, -1));
      expect(moreKey).toEqual([]);
      expect(streams!.actions).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
      expect(p!.conditions[streams!.i]).toBe(
        `{"StringEquals" = {"kms:ViaService" = ["kinesis.${r.region}.amazonaws.com", "sqs.${r.region}.amazonaws.com"]}}`,
      );
      expect(tables!.actions).toEqual(DYNAMODB_KEY_ACTIONS);
      expect(p!.conditions[tables!.i]).toBe(
        `{"StringEquals" = {"kms:ViaService" = "dynamodb.${r.region}.amazonaws.com"}}`,
      );
      // No put on the stream, no stream, table or queue management, no wildcard but the key's GenerateDataKey*.
      const all = p!.statements.flatMap(([a]) => actionsOf(a));
      expect(
        all.filter(
          (a) =>
            (a.includes("*") && a !== "kms:GenerateDataKey*") ||
            /Put(Record|Records)$|Create|Delete(Stream|Table|Queue)|Register|Purge/.test(a),
        ),
      ).toEqual([]);
    },
  );

  test("THEN each region pre-creates its KCL lease table like its other tables: region key, PITR, deletion protection", () => {
    for (const r of awsRegions) {
      const leases = res(stacks[`orders-${r.key}`]!, "aws_dynamodb_table").find((t) =>
        t.name.endsWith("-consumer-leases"),
      )!;
      expect(leases).toMatchObject({
        hash_key: "leaseKey",
        billing_mode: "PAY_PER_REQUEST",
        point_in_time_recovery: { enabled: true },
        deletion_protection_enabled: true,
      });
      expect(config.get(clusterName(b, r))!.EVENT_CONSUMER_LEASE_TABLE).toBe(leases.name);
    }
  });

  test("THEN one enhanced fan-out consumer per region, named in the ConfigMap, and the lag alarm watches it, paging", () => {
    for (const r of awsRegions) {
      const json = stacks[`orders-${r.key}`]!;
      const [consumer, ...more] = res(json, "aws_kinesis_stream_consumer");
      expect(more).toEqual([]);
      expect(consumer!.stream_arn).toBe(tf(`${address(json, "aws_kinesis_stream")}.arn`));
      const stream = res(json, "aws_kinesis_stream")[0]!;
      const queue = res(json, "aws_sqs_queue")[0]!;
      const table = res(json, "aws_dynamodb_table").find((t) => t.name.endsWith("-idempotency"))!;
      expect(config.get(clusterName(b, r))).toMatchObject({
        DB_ENGINE: "kinesis",
        EVENTS_TABLE: "orders-events",
        EVENT_STREAM: stream.name,
        EVENT_CONSUMER: consumer!.name,
        IDEMPOTENCY_TABLE: table.name,
        EVENT_DEAD_LETTER_QUEUE: queue.name,
      });
      const lag = res(json, "aws_cloudwatch_metric_alarm").find((a) =>
        a.alarm_name.endsWith("consumer-lag"),
      )!;
      expect(lag).toMatchObject({
        namespace: "AWS/Kinesis",
        metric_name: "SubscribeToShardEvent.MillisBehindLatest",
        dimensions: {
          StreamName: tf(`${address(json, "aws_kinesis_stream")}.name`),
          ConsumerName: tf(`${address(json, "aws_kinesis_stream_consumer")}.name`),
        },
        alarm_actions: [tf(`${address(json, "aws_sns_topic")}.arn`)],
      });
    }
  });
});

describe("GIVEN ledger-consensus.yaml (Aurora DSQL): each region's workload connects to its own cluster", () => {
  const b = loadBlueprintFile("blueprints/ledger-consensus.yaml");
  const { stacks } = synthBlueprint(b);
  const config = regionConfig(b, "api");
  const global = stacks["ledger-global"]!;
  /** The global stack's resource of a type in a region, by its provider alias. */
  const inRegion = (type: string, region: string) =>
    Object.entries(
      (global as { resource: Record<string, Record<string, Body>> }).resource[type] ?? {},
    ).filter(([, x]) => x.provider === `aws.${region}`);

  test.each(b.regions.map((r) => [r.region, r] as const))(
    "%s: the workload role attaches the policy beside this region's cluster: DbConnect there, and its endpoint parameter",
    (_, r) => {
      const json = stacks[`ledger-${r.key}`]!;
      const role = address(json, "aws_iam_role", (x) => x.name === `ledger-${r.key}-api`);
      const [attachment, ...others] = res(json, "aws_iam_role_policy_attachment").filter(
        (a) => a.role === tf(`${role}.name`),
      );
      expect(others).toEqual([]);
      const [[clusterId], ...moreClusters] = inRegion("aws_dsql_cluster", r.region);
      expect(moreClusters).toEqual([]);
      const [[policyId, policy], ...morePolicies] = inRegion("aws_iam_policy", r.region);
      expect(morePolicies).toEqual([]);
      const [[parameterId, parameter]] = inRegion("aws_ssm_parameter", r.region);
      expect(attachment!.policy_arn).toBe(
        `arn:aws:iam::${tf(`element(split(":", ${role}.arn), 4)`)}:policy/${policy!.name}`,
      );
      expect(JSON.parse(policy!.policy as string).Statement).toEqual([
        { Effect: "Allow", Action: ["dsql:DbConnect"], Resource: [tf(`aws_dsql_cluster.${clusterId}.arn`)] },
        {
          Effect: "Allow",
          Action: ["ssm:GetParameter"],
          Resource: [tf(`aws_ssm_parameter.${parameterId}.arn`)],
        },
      ]);
      expect(policyId).toBeDefined();
      // The endpoint is this region's cluster's, and the pods are told where to read it.
      expect(parameter!.value).toBe(
        `${tf(`aws_dsql_cluster.${clusterId}.identifier`)}.dsql.${r.region}.on.aws`,
      );
      const data = config.get(clusterName(b, r))!;
      expect(data).toMatchObject({
        DB_ENGINE: "aurora-dsql",
        DB_AUTH: "iam",
        DSQL_REGION: r.region,
        DSQL_ENDPOINT_PARAMETER: parameter!.name,
        DB_NAME: "postgres",
        DB_PORT: "5432",
        DB_USER: "api",
      });
      expect(JSON.stringify(data)).not.toMatch(/[0-9]{12}/);
    },
  );

  test("THEN no pod may connect as admin, and no region reaches the other region's cluster", () => {
    const text = JSON.stringify(stacks);
    expect(text).not.toContain("DbConnectAdmin");
    for (const r of b.regions) {
      const [[, policy]] = inRegion("aws_iam_policy", r.region);
      const [[otherCluster]] = b.regions
        .filter((o) => o.region !== r.region)
        .map((o) => inRegion("aws_dsql_cluster", o.region)[0]!);
      expect(policy!.policy).not.toContain(otherCluster);
    }
  });
});

describe("GIVEN multi-cloud.yaml: Cloud SQL IAM users and connection names", () => {
  const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
  const { stacks } = synthBlueprint(b);
  const config = regionConfig(b, "api");

  test("THEN each gcp region's service account is an IAM user on the writer, and the pods get its name and the instances", () => {
    const writer = res(stacks["multi-cloud-gcp-europe-west1"]!, "google_sql_database_instance")[0]!;
    for (const r of b.regions.filter((x) => x.cloud === "gcp")) {
      const json = stacks[`multi-cloud-${r.key}`]!;
      const [user, ...more] = res(json, "google_sql_user");
      expect(more).toEqual([]);
      const sa = res(json, "google_service_account").find((x) => x.account_id.startsWith("api-"))!;
      expect(user).toMatchObject({
        type: "CLOUD_IAM_SERVICE_ACCOUNT",
        instance: writer.name,
        name: `${sa.account_id}@${sa.project}.iam`,
      });
      const local = res(json, "google_sql_database_instance")[0]!;
      expect(config.get(clusterName(b, r))).toMatchObject({
        DB_ENGINE: "cloudsql-postgres",
        DB_AUTH: "iam",
        DB_USER: user!.name,
        CLOUDSQL_INSTANCE: `${local.project}:${local.region}:${local.name}`,
        CLOUDSQL_WRITER_INSTANCE: `${writer.project}:${writer.region}:${writer.name}`,
        DB_NAME: "multi_cloud",
      });
    }
  });
});

describe("GIVEN gcp-global.yaml: Spanner databaseUser per region's service account", () => {
  const b = loadBlueprintFile("blueprints/gcp-global.yaml");
  const { stacks } = synthBlueprint(b);
  const config = regionConfig(b, "api");

  test("THEN every region's workload is a databaseUser of the database its pods are told about", () => {
    const global = stacks["gcp-global-gcp-global"]!;
    const instance = res(global, "google_spanner_instance")[0]!;
    const database = res(global, "google_spanner_database")[0]!;
    const members = res(global, "google_spanner_database_iam_member");
    expect(members.map((m) => m.role)).toEqual(b.regions.map(() => "roles/spanner.databaseUser"));
    for (const r of b.regions) {
      const sa = res(stacks[`gcp-global-${r.key}`]!, "google_service_account").find((x) =>
        x.account_id.startsWith("api-"),
      )!;
      expect(members.map((m) => m.member)).toContain(
        `serviceAccount:${sa.account_id}@${sa.project}.iam.gserviceaccount.com`,
      );
      expect(config.get(clusterName(b, r))).toMatchObject({
        DB_ENGINE: "spanner",
        SPANNER_PROJECT: instance.project,
        SPANNER_INSTANCE: instance.name,
        SPANNER_DATABASE: database.name,
      });
    }
  });
});

/** A two-region Google Cloud blueprint with one gcp engine. */
function gcpBlueprint(pattern: string, engine: string): Blueprint {
  const b = minimalBlueprint(engine);
  b.spec.pattern = pattern;
  b.spec.dns = { domain: "api.example.com" };
  b.spec.regions = [
    { cloud: "gcp", region: "us-central1", cidr: "10.10.0.0/16", project: "acme-shop-prod" },
    { cloud: "gcp", region: "europe-west1", cidr: "10.20.0.0/16", project: "acme-shop-prod" },
  ];
  b.spec.budget.billingAccount = "012345-6789AB-CDEF01";
  b.spec.workloads = [
    {
      name: "api",
      image: "ghcr.io/acme/api:1.0.0",
      port: 8080,
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
      probes: { readiness: { path: "/healthz" } },
    },
  ];
  return parseBlueprint(stringify(b), "shop.yaml");
}

/** The e-mail of a workload's service account in a region stack. */
function serviceAccountEmail(json: StackJson, workload: string): string {
  const sa = res(json, "google_service_account").find((x) => x.account_id.startsWith(`${workload}-`))!;
  return `${sa.account_id}@${sa.project}.iam.gserviceaccount.com`;
}

describe("GIVEN Bigtable (read-local-write-local on Google Cloud): bigtable.user on the instance per region's service account", () => {
  const b = gcpBlueprint("read-local-write-local", "bigtable");
  const { stacks } = synthBlueprint(b);
  const workload = b.workloads[0]!.name;
  const config = regionConfig(b, workload);

  test("THEN every region's workload may use the instance its pods are told about, and nothing else", () => {
    const global = stacks[`${b.name}-gcp-global`]!;
    const instance = res(global, "google_bigtable_instance")[0]!;
    const profile = res(global, "google_bigtable_app_profile")[0]!;
    const table = res(global, "google_bigtable_table")[0]!;
    const members = res(global, "google_bigtable_instance_iam_member");
    expect(members.map((m) => [m.role, m.instance])).toEqual(
      b.regions.map(() => ["roles/bigtable.user", tf(`${address(global, "google_bigtable_instance")}.name`)]),
    );
    for (const r of b.regions) {
      expect(members.map((m) => m.member)).toContain(
        `serviceAccount:${serviceAccountEmail(stacks[`${b.name}-${r.key}`]!, workload)}`,
      );
      expect(config.get(clusterName(b, r))).toMatchObject({
        DB_ENGINE: "bigtable",
        BIGTABLE_PROJECT: instance.project,
        BIGTABLE_INSTANCE: instance.name,
        BIGTABLE_TABLE: table.name,
        BIGTABLE_APP_PROFILE: profile.app_profile_id,
      });
    }
    expect(res(global, "google_project_iam_member").filter((m) => /bigtable/.test(m.role))).toEqual([]);
  });
});

describe("GIVEN Pub/Sub (event-sourced on Google Cloud): publisher on the topic, subscriber on the region's subscription", () => {
  const b = gcpBlueprint("event-sourced", "pubsub");
  const { stacks } = synthBlueprint(b);
  const workload = b.workloads[0]!.name;
  const config = regionConfig(b, workload);
  const global = stacks[`${b.name}-gcp-global`]!;
  const subscriptions = (global as { resource: Record<string, Record<string, Body>> }).resource
    .google_pubsub_subscription!;

  test.each(b.regions.map((r) => [r.region, r] as const))(
    "%s: publish to the log, consume this region's subscription only, use this region's idempotency store only",
    (_, r) => {
      const member = `serviceAccount:${serviceAccountEmail(stacks[`${b.name}-${r.key}`]!, workload)}`;
      const topic = address(global, "google_pubsub_topic", (t) => t.name === `${b.name}-events`);
      expect(
        res(global, "google_pubsub_topic_iam_member")
          .filter((m) => m.member === member)
          .map((m) => [m.role, m.topic]),
      ).toEqual([["roles/pubsub.publisher", tf(`${topic}.name`)]]);
      const [subId, sub] = Object.entries(subscriptions).find(([, x]) => x.labels?.region === r.region)!;
      expect(
        res(global, "google_pubsub_subscription_iam_member")
          .filter((m) => m.member === member)
          .map((m) => [m.role, m.subscription]),
      ).toEqual([["roles/pubsub.subscriber", tf(`google_pubsub_subscription.${subId}.name`)]]);
      const store = res(global, "google_firestore_database").find((d) => d.location_id === r.region)!;
      const storeId = address(global, "google_firestore_database", (d) => d.location_id === r.region);
      const [grant, ...more] = res(global, "google_project_iam_member").filter((m) => m.member === member);
      expect(more).toEqual([]);
      expect(grant).toMatchObject({
        role: "roles/datastore.user",
        condition: {
          expression: `resource.name == "projects/${store.project}/databases/${tf(`${storeId}.name`)}"`,
        },
      });
      expect(config.get(clusterName(b, r))).toMatchObject({
        DB_ENGINE: "pubsub",
        PUBSUB_PROJECT: store.project,
        PUBSUB_TOPIC: `${b.name}-events`,
        PUBSUB_SUBSCRIPTION: sub.name,
        FIRESTORE_DATABASE: store.name,
      });
    },
  );
});
