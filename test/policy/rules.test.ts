import * as path from "node:path";
import { checkSync, Inventory, RULES } from "../../lib/policy";
import { DEFAULT_PARAMETERS } from "../../lib/policy/config";
import { runRules, toFindings } from "../../lib/policy/engine";
import type { Rule } from "../../lib/policy/types";

type Doc = Record<string, unknown>;
/** A Terraform interpolation, `${expr}`. */
const tf = (expr: string) => `$\{${expr}}`;
const PROVIDERS = {
  aws: [
    { region: "us-east-1", default_tags: { tags: { service: "s", region: "us-east-1" } } },
    { alias: "euw1", region: "eu-west-1", default_tags: { tags: { service: "s", region: "eu-west-1" } } },
    { alias: "aps1", region: "ap-south-1", default_tags: { tags: { service: "s", region: "ap-south-1" } } },
  ],
  google: [{ project: "p", region: "us-central1" }],
};

/** Checks Terraform JSON documents (one per stack) held in memory with the given rules. */
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
const ids = (r: ReturnType<typeof run>, id: string) =>
  r.findings.filter((f) => f.ruleId === id && !f.suppressed);

const record = (region: string, extra: Doc = {}) => ({
  zone_id: "Z1",
  name: "api.example.com",
  type: "A",
  ttl: 30,
  records: [region === "us-east-1" ? "192.0.2.1" : "192.0.2.2"],
  set_identifier: region,
  health_check_id: tf("aws_route53_health_check.hc.id"),
  latency_routing_policy: { region },
  ...extra,
});
const hc = {
  aws_route53_health_check: {
    hc: { fqdn: "x.example.com", type: "HTTPS", request_interval: 10, failure_threshold: 2 },
  },
};

describe("DNS rules", () => {
  test("AA105 sees across stacks: one latency record per regional stack is two serving regions; one stack alone is not", () => {
    const a = { resource: { ...hc, aws_route53_record: { api: record("us-east-1") } } };
    const b = {
      resource: { ...hc, aws_route53_record: { api: { ...record("eu-west-1"), provider: "aws.euw1" } } },
    };
    expect(ids(run(["AA105"], a, b), "AA105")).toEqual([]);
    expect(ids(run(["AA105"], a), "AA105").map((f) => f.message)).toEqual([
      "routed name api.example.com A is served by 1 region(s) across 1 record(s) in 1 file(s): active-active needs at least two",
    ]);
  });

  test("AA105 and AA302: count and for_each stand for several resources; a literal count of 1 is one", () => {
    const regions = { "us-east-1": "192.0.2.1", "eu-west-1": "192.0.2.2" };
    const perRegion = record("us-east-1", {
      for_each: regions,
      set_identifier: tf("each.key"),
      records: [tf("each.value")],
      latency_routing_policy: { region: tf("each.key") },
    });
    expect(
      ids(run(["AA105"], { resource: { ...hc, aws_route53_record: { api: perRegion } } }), "AA105"),
    ).toEqual([]);
    const vpn = (count: number) => ({
      resource: {
        aws_vpn_connection: {
          c: { count, vpn_gateway_id: "vgw-1", customer_gateway_id: "cgw-1", type: "ipsec.1" },
        },
      },
    });
    expect(ids(run(["AA302"], vpn(2)), "AA302")).toEqual([]);
    expect(ids(run(["AA302"], vpn(1)), "AA302")).toHaveLength(1);
  });

  test("AA105: a failover pair serves from one region (the primary): not active-active", () => {
    const f = (type: string, ip: string) => ({
      ...record("us-east-1"),
      latency_routing_policy: undefined,
      records: [ip],
      failover_routing_policy: { type },
    });
    const r = run(["AA105"], {
      resource: {
        ...hc,
        aws_route53_record: { p: f("PRIMARY", "192.0.2.1"), s: f("SECONDARY", "192.0.2.2") },
      },
    });
    expect(ids(r, "AA105")).toHaveLength(1);
  });

  test("AA101: a failover SECONDARY without a health check is a warning, a PRIMARY an error", () => {
    const f = (type: string) => ({
      zone_id: "Z1",
      name: "w.example.com",
      type: "A",
      ttl: 30,
      records: ["192.0.2.1"],
      set_identifier: type,
      failover_routing_policy: { type },
    });
    const r = run(["AA101"], { resource: { aws_route53_record: { p: f("PRIMARY"), s: f("SECONDARY") } } });
    expect(ids(r, "AA101").map((x) => [x.resource, x.severity])).toEqual([
      ["aws_route53_record.p", "error"],
      ["aws_route53_record.s", "warning"],
    ]);
  });

  test("AA102 resolves a variable's default, skips a TTL it cannot know and alias records", () => {
    const withVar = (def: unknown) => ({
      variable: { ttl: def === undefined ? { type: "number" } : { default: def } },
      resource: { ...hc, aws_route53_record: { api: record("us-east-1", { ttl: tf("var.ttl") }) } },
    });
    expect(ids(run(["AA102"], withVar(300)), "AA102")).toHaveLength(1);
    expect(ids(run(["AA102"], withVar(60)), "AA102")).toHaveLength(0);
    expect(ids(run(["AA102"], withVar(undefined)), "AA102")).toHaveLength(0);
  });

  test("AA102: the TTL budget follows the failover SLO unless maxDnsTtlSeconds is set", () => {
    const doc = { resource: { ...hc, aws_route53_record: { api: record("us-east-1", { ttl: 45 }) } } };
    const docs = [{ name: "a.tf.json", text: JSON.stringify({ provider: PROVIDERS, ...doc }) }];
    expect(ids(run(["AA102"], doc), "AA102")).toEqual([]);
    const tight = checkSync([], { rules: ["AA102"], config: false, failoverSeconds: 30, documents: docs });
    expect(tight.findings.map((f) => f.message)).toEqual([
      "routed record aws_route53_record.api has ttl 45 s, above the 30 s the failover budget allows",
    ]);
    const explicit = checkSync([], {
      rules: ["AA102"],
      config: false,
      failoverSeconds: 30,
      parameters: { maxDnsTtlSeconds: 60 },
      documents: docs,
    });
    expect(explicit.findings).toEqual([]);
  });

  test("AA103: a health check in another stack is not guessed at; the SLO comes from a blueprint among the inputs", () => {
    const doc = {
      resource: {
        aws_route53_health_check: {
          hc: { fqdn: "x", type: "HTTPS", request_interval: 30, failure_threshold: 3 },
        },
        aws_route53_record: { api: record("us-east-1", { ttl: 60 }) },
      },
    };
    expect(ids(run(["AA103"], doc), "AA103")[0]!.message).toMatch(
      /about 160 s \(health check .*: 30 s x 3 failures \+ propagation 10 s \+ ttl 60 s\), above the 60 s SLO/,
    );
    const blueprint = path.join(__dirname, "..", "..", "blueprints", "global-saas.yaml");
    const withBlueprint = checkSync([blueprint], {
      rules: ["AA103"],
      config: false,
      documents: [{ name: "a.tf.json", text: JSON.stringify({ provider: PROVIDERS, ...doc }) }],
    });
    expect(withBlueprint.summary.parameters.failoverSeconds).toBe(60);
    expect(
      checkSync([], {
        rules: ["AA103"],
        config: false,
        failoverSeconds: 200,
        documents: [{ name: "a.tf.json", text: JSON.stringify({ provider: PROVIDERS, ...doc }) }],
      }).summary.exitCode,
    ).toBe(0);
  });
});

describe("datastore rules", () => {
  const global = {
    aws_rds_global_cluster: {
      g: { global_cluster_identifier: "app", engine: "aurora-postgresql", storage_encrypted: true },
    },
  };
  const member = (provider: string | undefined, key: string) => ({
    global_cluster_identifier: "app",
    engine: "aurora-postgresql",
    storage_encrypted: true,
    kms_key_id: key,
    ...(provider ? { provider } : {}),
  });

  test("AA201: each Aurora member in its own stack, grouped by the global identifier; a key from another region is a finding", () => {
    const primary = {
      resource: {
        ...global,
        aws_kms_key: { k: {} },
        aws_rds_cluster: { m: member(undefined, tf("aws_kms_key.k.arn")) },
      },
    };
    const secondaryOk = {
      resource: {
        aws_kms_key: { k: { provider: "aws.euw1" } },
        aws_rds_cluster: { m: member("aws.euw1", tf("aws_kms_key.k.arn")) },
      },
    };
    const secondaryWrong = {
      resource: {
        aws_kms_key: { k: {} },
        aws_rds_cluster: { m: member("aws.euw1", tf("aws_kms_key.k.arn")) },
      },
    };
    expect(ids(run(["AA201"], primary, secondaryOk), "AA201")).toEqual([]);
    expect(ids(run(["AA201"], primary, secondaryWrong), "AA201").map((f) => f.message)).toEqual([
      "Aurora member aws_rds_cluster.m in eu-west-1 uses a KMS key in us-east-1",
    ]);
  });

  test("AA201: a Cloud SQL replica's Cloud KMS key must be in the replica's region (the key ring's location)", () => {
    const doc = (ringLocation: string) => ({
      resource: {
        google_kms_key_ring: { ring: { name: "r", location: ringLocation } },
        google_kms_crypto_key: { key: { name: "k", key_ring: tf("google_kms_key_ring.ring.id") } },
        google_sql_database_instance: {
          primary: {
            name: "p",
            region: "us-central1",
            database_version: "POSTGRES_16",
            encryption_key_name: "projects/x/locations/us-central1/keyRings/r/cryptoKeys/k",
            settings: { tier: "t" },
          },
          replica: {
            name: "r",
            region: "europe-west1",
            master_instance_name: tf("google_sql_database_instance.primary.name"),
            encryption_key_name: tf("google_kms_crypto_key.key.id"),
            database_version: "POSTGRES_16",
            settings: { tier: "t" },
          },
        },
      },
    });
    expect(ids(run(["AA201"], doc("europe-west1")), "AA201")).toEqual([]);
    expect(ids(run(["AA201"], doc("us-central1")), "AA201").map((f) => f.message)).toEqual([
      "Cloud SQL instance google_sql_database_instance.replica in europe-west1 uses a key in us-central1",
    ]);
  });

  test("AA204: Aurora lag alarms must sit in the secondaries' regions (where the metric is published)", () => {
    const alarm = (provider?: string) => ({
      alarm_name: "lag",
      namespace: "AWS/RDS",
      metric_name: "AuroraGlobalDBReplicationLag",
      comparison_operator: "GreaterThanThreshold",
      evaluation_periods: 1,
      threshold: 1000,
      ...(provider ? { provider } : {}),
    });
    const doc = (alarms: Doc) => ({
      resource: {
        ...global,
        aws_rds_cluster: {
          a: member(undefined, "k"),
          b: member("aws.euw1", "k"),
          c: member("aws.aps1", "k"),
        },
        aws_cloudwatch_metric_alarm: alarms,
      },
    });
    expect(ids(run(["AA204"], doc({ b: alarm("aws.euw1"), c: alarm("aws.aps1") })), "AA204")).toEqual([]);
    // One secondary watched, the other not.
    expect(ids(run(["AA204"], doc({ b: alarm("aws.euw1") })), "AA204")[0]!.message).toMatch(
      /2 of its 3 regions \(ap-south-1, us-east-1\)/,
    );
    // Both alarms in the primary's region watch nothing: the secondaries publish the metric.
    expect(ids(run(["AA204"], doc({ b: alarm(), c: alarm() })), "AA204").map((f) => f.message)).toEqual([
      "Aurora global database app: 2 of its 3 regions (ap-south-1, eu-west-1) have no alarm on AuroraGlobalDBReplicationLag; only the primary's region may go without",
    ]);
  });

  test("AA201: a multi-region Spanner database needs a key in every replica region, witness included", () => {
    const key = (region: string) => `projects/p/locations/${region}/keyRings/r/cryptoKeys/k`;
    const doc = (regions: string[]) => ({
      resource: {
        google_spanner_instance: { s: { name: "s", config: "nam3", display_name: "s" } },
        google_spanner_database: {
          d: {
            instance: tf("google_spanner_instance.s.name"),
            name: "d",
            encryption_config: { kms_key_names: regions.map(key) },
          },
        },
      },
    });
    expect(ids(run(["AA201"], doc(["us-east4", "us-east1", "us-central1"])), "AA201")).toEqual([]);
    expect(ids(run(["AA201"], doc(["us-east4", "us-east1"])), "AA201").map((f) => f.message)).toEqual([
      "Spanner database google_spanner_database.d has no customer key in us-central1 (instance configuration nam3 keeps replicas in us-east4, us-east1, us-central1)",
    ]);
  });

  test("AA202: a serving region (EKS) without an Aurora member, even when the members live in other stacks", () => {
    const eks = (provider?: string) => ({
      aws_eks_cluster: {
        c: {
          name: "c",
          role_arn: "r",
          version: "1.31",
          vpc_config: { subnet_ids: ["s"] },
          ...(provider ? { provider } : {}),
        },
      },
    });
    const a = { resource: { ...global, ...eks(), aws_rds_cluster: { m: member(undefined, "k") } } };
    const b = { resource: { ...eks("aws.euw1") } };
    expect(ids(run(["AA202"], a, b), "AA202")[0]!.message).toBe(
      "aurora-global datastore app has replicas in us-east-1 but not in serving region(s) eu-west-1",
    );
    const bWithMember = { resource: { ...eks("aws.euw1"), aws_rds_cluster: { m: member("aws.euw1", "k") } } };
    expect(ids(run(["AA202"], a, bWithMember), "AA202")).toEqual([]);
  });

  test("AA202: Spanner regions come from its configuration; an unknown configuration is not guessed", () => {
    const gke = (location: string) => ({ name: location, location, min_master_version: "1.31" });
    const doc = (config: string) => ({
      resource: {
        google_container_cluster: { a: gke("us-east1"), b: gke("europe-west1") },
        google_spanner_instance: { s: { name: "s", config, display_name: "s" } },
      },
    });
    expect(ids(run(["AA202"], doc("nam3")), "AA202")[0]!.message).toMatch(
      /not in serving region\(s\) europe-west1/,
    );
    expect(ids(run(["AA202"], doc("custom-nam-eur")), "AA202")).toEqual([]);
  });

  test("AA202: DynamoDB replicas from a dynamic block are in regions the configuration does not know: not guessed", () => {
    const eks = (provider?: string) => ({
      name: "c",
      role_arn: "r",
      version: "1.31",
      vpc_config: { subnet_ids: ["s"] },
      ...(provider ? { provider } : {}),
    });
    const table = (replica: Doc) => ({ name: "t", hash_key: "id", ...replica });
    const doc = (replica: Doc) => ({
      resource: {
        aws_eks_cluster: { a: eks(), b: eks("aws.euw1") },
        aws_dynamodb_table: { t: table(replica) },
      },
    });
    expect(
      ids(run(["AA202"], doc({ replica: [{ region_name: "ap-south-1" }] })), "AA202")[0]!.message,
    ).toMatch(/not in serving region\(s\) eu-west-1/);
    const dynamic = {
      dynamic: { replica: { for_each: tf("var.replicas"), content: { region_name: tf("replica.value") } } },
    };
    expect(ids(run(["AA202"], doc(dynamic)), "AA202")).toEqual([]);
  });

  test("AA203: Cloud SQL keeps Terraform's deletion_protection default (true); 3 retained backups count as none", () => {
    const sql = (backup: Doc) => ({
      resource: {
        google_sql_database_instance: {
          db: {
            name: "db",
            region: "us-central1",
            database_version: "POSTGRES_16",
            settings: { tier: "t", backup_configuration: backup },
          },
        },
      },
    });
    expect(ids(run(["AA203"], sql({ enabled: true })), "AA203")).toEqual([]);
    expect(
      ids(
        run(["AA203"], sql({ enabled: true, backup_retention_settings: { retained_backups: 3 } })),
        "AA203",
      )[0]!.message,
    ).toMatch(/keeps 3 backup\(s\)/);
  });

  test("AA303: a variable without default is an input, one with a default is a literal", () => {
    const doc = (variable: Doc) => ({
      variable: { pw: variable },
      resource: { aws_db_instance: { db: { password: tf("var.pw"), engine: "postgres" } } },
    });
    expect(ids(run(["AA303"], doc({ sensitive: true })), "AA303")).toEqual([]);
    expect(ids(run(["AA303"], doc({ default: "hunter2" })), "AA303")).toHaveLength(1);
  });

  test("AA304: a dynamic ingress over a literal list is expanded; over an expression it is not guessed", () => {
    const sg = (forEach: unknown) => ({
      resource: {
        aws_security_group: {
          sg: {
            dynamic: {
              ingress: {
                for_each: forEach,
                iterator: "port",
                content: {
                  from_port: tf("port.value"),
                  to_port: tf("port.value"),
                  protocol: "tcp",
                  cidr_blocks: ["0.0.0.0/0"],
                },
              },
            },
          },
        },
      },
    });
    expect(ids(run(["AA304"], sg([443, 5432])), "AA304").map((f) => f.message)).toEqual([
      "aws_security_group.sg opens database port(s) 5432 to 0.0.0.0/0",
    ]);
    expect(ids(run(["AA304"], sg([443])), "AA304")).toEqual([]);
    expect(ids(run(["AA304"], sg(tf("var.ports"))), "AA304")).toEqual([]);
  });

  test("AA304: an all-ports rule or protocol -1 from anywhere exposes database ports; a private CIDR does not", () => {
    const sg = (rule: Doc) => ({
      resource: {
        aws_security_group: {
          sg: {
            ingress: [{ from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["10.0.0.0/8"], ...rule }],
          },
        },
      },
    });
    expect(ids(run(["AA304"], sg({ cidr_blocks: ["0.0.0.0/0"] })), "AA304")).toHaveLength(1);
    expect(
      ids(
        run(["AA304"], sg({ protocol: "tcp", from_port: 0, to_port: 65535, ipv6_cidr_blocks: ["::/0"] })),
        "AA304",
      ),
    ).toHaveLength(1);
    expect(ids(run(["AA304"], sg({})), "AA304")).toHaveLength(0);
    expect(
      ids(
        run(["AA304"], sg({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] })),
        "AA304",
      ),
    ).toHaveLength(0);
  });
});

describe("cost, clusters and tags", () => {
  const topic = (provider?: string) => ({ name: "t", ...(provider ? { provider } : {}) });
  const budget = (filter?: string[]) => ({
    budget_type: "COST",
    limit_amount: "1",
    limit_unit: "USD",
    time_unit: "MONTHLY",
    notification: [
      {
        comparison_operator: "GREATER_THAN",
        threshold: 80,
        threshold_type: "PERCENTAGE",
        notification_type: "ACTUAL",
        subscriber_email_addresses: ["a@example.com"],
      },
    ],
    ...(filter ? { cost_filter: [{ name: "Region", values: filter }] } : {}),
  });
  test("AA401: an account-wide budget covers every region; a region filter covers only its region; no notification is no budget", () => {
    const res = (b: Doc) => ({
      resource: { aws_sns_topic: { a: topic(), b: topic("aws.euw1") }, aws_budgets_budget: { b } },
    });
    expect(ids(run(["AA401"], res(budget())), "AA401")).toEqual([]);
    expect(ids(run(["AA401"], res(budget(["us-east-1"]))), "AA401").map((f) => f.region)).toEqual([
      "eu-west-1",
    ]);
    expect(ids(run(["AA401"], res({ ...budget(), notification: [] })), "AA401")[0]!.message).toMatch(
      /^aws \(regions eu-west-1, us-east-1\) has no aws_budgets_budget/,
    );
  });

  test("AA501: GKE 1.31.4-gke.x and EKS 1.31 are the same minor; EKS 1.30 differs", () => {
    const doc = (eks: string) => ({
      resource: {
        aws_eks_cluster: { a: { name: "a", role_arn: "r", version: eks, vpc_config: { subnet_ids: ["s"] } } },
        google_container_cluster: {
          b: { name: "b", location: "us-east1", min_master_version: "1.31.4-gke.1256000" },
          c: { name: "c", location: "europe-west1", min_master_version: "1.31" },
        },
      },
    });
    expect(ids(run(["AA501"], doc("1.31")), "AA501")).toEqual([]);
    expect(ids(run(["AA501"], doc("1.30")), "AA501").map((f) => f.resource)).toEqual(["aws_eks_cluster.a"]);
  });

  test("AA503: provider default tags built by an expression may hold the missing tags: not guessed", () => {
    const r = checkSync([], {
      rules: ["AA503"],
      config: false,
      documents: [
        {
          name: "a.tf.json",
          text: JSON.stringify({
            provider: { aws: { region: "us-east-1", default_tags: { tags: tf("local.tags") } } },
            resource: { aws_sns_topic: { a: { name: "a" } } },
          }),
        },
      ],
    });
    expect(r.findings).toEqual([]);
  });

  test("AA503: tags built by an expression are not guessed; a type without tags is not taggable", () => {
    const doc = {
      provider: { aws: [{ region: "us-east-1" }] },
      resource: {
        aws_sns_topic: { a: { name: "a", tags: tf("local.tags") }, b: { name: "b" } },
        aws_route53_record: { c: { name: "c", type: "A", zone_id: "z" } },
      },
    };
    const on = checkSync([], {
      rules: ["AA503"],
      config: false,
      parameters: { requiredTags: ["service", "region"] },
      documents: [{ name: "stack1/main.tf.json", text: JSON.stringify(doc) }],
    });
    expect(ids(on, "AA503").map((f) => f.resource)).toEqual(["aws_sns_topic.b"]);
    // Opt-in: without tags named in the config or a blueprint, the rule says nothing.
    expect(ids(run(["AA503"], doc), "AA503")).toEqual([]);
  });
});

describe("Kubernetes rules", () => {
  const deploy = (cluster: string, image: string, extra: Doc = {}) => ({
    name: `k8s/${cluster}/api.yaml`,
    text: JSON.stringify({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", namespace: "app" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "api" } },
        template: {
          metadata: { labels: { app: "api", tier: "web" } },
          spec: { containers: [{ name: "api", image, ...extra }] },
        },
      },
    }),
  });
  const k8s = (rules: string[], docs: { name: string; text: string }[], parameters = {}) =>
    checkSync([], { rules, config: false, documents: docs, parameters });

  test("AA502: a differing image is drift, a workload missing from a cluster too; allowedWorkloadDifferences widens what may differ", () => {
    const r = k8s(["AA502"], [deploy("use1", "api:1"), deploy("euw1", "api:2")]);
    expect(r.findings.map((f) => f.message)).toEqual([
      "Deployment/app/api in cluster euw1 differs from cluster use1 at spec.template.spec.containers.api.image",
    ]);
    const allowed = k8s(["AA502"], [deploy("use1", "api:1"), deploy("euw1", "api:2")], {
      allowedWorkloadDifferences: ["spec.template.spec.containers.*.image"],
    });
    expect(allowed.findings).toEqual([]);
    const other = {
      name: "k8s/apse1/web.yaml",
      text: JSON.stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: {},
      }),
    };
    const missing = k8s(["AA502"], [deploy("use1", "api:1"), deploy("euw1", "api:1"), other]);
    expect(missing.findings.map((f) => f.message)).toEqual([
      "Deployment/default/web runs in apse1 but not in cluster(s) euw1, use1",
      "Deployment/app/api runs in euw1, use1 but not in cluster(s) apse1",
    ]);
  });

  test("AA502: with three clusters the one that drifted is named, not the first by name", () => {
    const r = k8s(["AA502"], [deploy("apse1", "api:2"), deploy("euw1", "api:1"), deploy("use1", "api:1")]);
    expect(r.findings.map((f) => f.message)).toEqual([
      "Deployment/app/api in cluster apse1 differs from cluster euw1 at spec.template.spec.containers.api.image",
    ]);
  });

  test("AA502: the objects around a workload must match too (a PodDisruptionBudget that drifted)", () => {
    const pdb = (cluster: string, minAvailable: number) => ({
      name: `k8s/${cluster}/pdb.yaml`,
      text: JSON.stringify({
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "api", namespace: "app" },
        spec: { minAvailable, selector: { matchLabels: { app: "api" } } },
      }),
    });
    const docs = (a: number) => [
      deploy("use1", "api:1"),
      deploy("euw1", "api:1"),
      pdb("use1", 1),
      pdb("euw1", a),
    ];
    expect(k8s(["AA502"], docs(1)).findings).toEqual([]);
    expect(k8s(["AA502"], docs(0)).findings.map((f) => f.message)).toEqual([
      "PodDisruptionBudget/app/api in cluster euw1 differs from cluster use1 at spec.minAvailable",
    ]);
  });

  test("AA502: annotations are drift unless allowed; identity annotations on ServiceAccounts are allowed", () => {
    const r = k8s(
      ["AA502"],
      [
        deploy("use1", "api:1"),
        {
          name: "k8s/euw1/api.yaml",
          text: deploy("euw1", "api:1").text.replace(
            '"metadata":{"labels"',
            '"metadata":{"annotations":{"checksum/config":"b"},"labels"',
          ),
        },
      ],
    );
    expect(r.findings.map((f) => f.message)).toEqual([
      "Deployment/app/api in cluster euw1 differs from cluster use1 at spec.template.metadata.annotations.checksum/config",
    ]);
    const sa = (cluster: string, role: string) => ({
      name: `k8s/${cluster}/sa.yaml`,
      text: JSON.stringify({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "api", namespace: "app", annotations: { "eks.amazonaws.com/role-arn": role } },
      }),
    });
    expect(
      k8s(["AA502"], [sa("use1", "arn:aws:iam::1:role/a"), sa("euw1", "arn:aws:iam::1:role/b")]).findings,
    ).toEqual([]);
  });

  test("AA502: a regional cluster that runs none of the workloads is reported", () => {
    const ns = (cluster: string) => ({
      name: `k8s/${cluster}/ns.yaml`,
      text: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } }),
    });
    const r = k8s(
      ["AA502"],
      [deploy("use1", "api:1"), deploy("euw1", "api:1"), ns("use1"), ns("euw1"), ns("apse1")],
    );
    expect(r.findings.map((f) => f.message)).toEqual([
      "Deployment/app/api runs in euw1, use1 but not in cluster(s) apse1",
    ]);
  });

  test("AA303: an Argo CD cluster Secret is flagged only when its config holds a credential", () => {
    const secret = (config: Doc) => ({
      name: "gitops/cluster.yaml",
      text: JSON.stringify({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "c", namespace: "argocd", labels: { "argocd.argoproj.io/secret-type": "cluster" } },
        stringData: { name: "c", server: "https://k8s.example.com", config: JSON.stringify(config) },
      }),
    });
    expect(
      k8s(["AA303"], [secret({ awsAuthConfig: { clusterName: "c", roleARN: "arn:aws:iam::1:role/r" } })])
        .findings,
    ).toEqual([]);
    expect(k8s(["AA303"], [secret({ bearerToken: "eyJhbGciOi" })]).findings.map((f) => f.message)).toEqual([
      "Secret argocd/c carries 1 literal value(s) (config) in the manifest",
    ]);
  });

  test("AA603: a KEDA ScaledObject owns the replica count (minReplicaCount defaults to 0)", () => {
    const keda = (spec: Doc) => ({
      name: "k8s/use1/keda.yaml",
      text: JSON.stringify({
        apiVersion: "keda.sh/v1alpha1",
        kind: "ScaledObject",
        metadata: { name: "api", namespace: "app" },
        spec: { scaleTargetRef: { name: "api" }, ...spec },
      }),
    });
    expect(k8s(["AA603"], [deploy("use1", "a"), keda({})]).findings.map((f) => f.message)).toEqual([
      "Deployment/app/api in cluster use1 runs 0 replica(s) at minimum (ScaledObject api minReplicaCount)",
    ]);
    expect(k8s(["AA603"], [deploy("use1", "a"), keda({ minReplicaCount: 2 })]).findings).toEqual([]);
  });

  test("AA602: a PDB selects with matchExpressions too", () => {
    const pdb = (selector: Doc) => ({
      name: "k8s/use1/pdb.yaml",
      text: JSON.stringify({
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "api", namespace: "app" },
        spec: { minAvailable: 1, selector },
      }),
    });
    expect(
      k8s(
        ["AA602"],
        [deploy("use1", "a"), pdb({ matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }] })],
      ).findings,
    ).toEqual([]);
    expect(
      k8s(
        ["AA602"],
        [
          deploy("use1", "a"),
          pdb({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }),
        ],
      ).findings,
    ).toHaveLength(1);
  });
});

describe("the engine", () => {
  test("GIVEN a rule that throws THEN it becomes a finding under its id and the other rules still run", () => {
    const boom: Rule = {
      ...RULES[0]!,
      id: "AA999",
      check: () => {
        throw new Error("cannot read property 'x'");
      },
    };
    const inv = new Inventory([], []);
    const findings = toFindings(inv, runRules(inv, [boom, RULES[3]!], DEFAULT_PARAMETERS), []);
    expect(findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ["AA999", "error", "rule AA999 failed on this input and could not finish: cannot read property 'x'"],
    ]);
  });
});
