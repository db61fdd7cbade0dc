import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { check, checkSync, loadInventory, RULES } from "../../lib/policy";

const INPUTS = path.join(__dirname, "..", "fixtures", "policy", "_inputs");
const FIXTURES = path.join(__dirname, "..", "fixtures", "policy");

describe("cdktf.out", () => {
  test("GIVEN a cdktf.out folder WHEN loaded THEN every stack's resources carry file, line, stack, alias and the alias's region", async () => {
    const inv = await loadInventory([path.join(INPUTS, "cdktf.out")], { cwd: INPUTS });
    const records = inv.ofType("aws_route53_record");
    expect(records.map((r) => [r.stack, r.file, r.region, r.providerAlias, r.cloud, r.form])).toEqual([
      [
        "app-eu-west-1",
        "cdktf.out/stacks/app-eu-west-1/cdk.tf.json",
        "eu-west-1",
        "eu_west_1",
        "aws",
        "cdktf",
      ],
      [
        "app-us-east-1",
        "cdktf.out/stacks/app-us-east-1/cdk.tf.json",
        "us-east-1",
        "us_east_1",
        "aws",
        "cdktf",
      ],
    ]);
    // The line is where the resource's key is in the JSON text.
    const text = fs
      .readFileSync(path.join(INPUTS, "cdktf.out/stacks/app-us-east-1/cdk.tf.json"), "utf8")
      .split("\n");
    const rec = records[1]!;
    expect(text[rec.line - 1]).toMatch(/^\s*"api": \{/);
    expect(text.slice(0, rec.line).some((l) => l.includes('"aws_route53_record"'))).toBe(true);
    // Provider default_tags count as the resource's tags.
    expect(rec.defaultTags).toEqual({ region: "us-east-1", service: "app" });
  });

  test("GIVEN the manifest named explicitly WHEN loaded THEN it finds the stacks it lists", async () => {
    const inv = await loadInventory([path.join(INPUTS, "cdktf.out/manifest.json")], { cwd: INPUTS });
    expect(inv.resources.length).toBe(4);
    expect(inv.errors).toEqual([]);
  });

  test("GIVEN a health check reference WHEN resolved THEN it finds the resource in the same stack only", async () => {
    const inv = await loadInventory([path.join(INPUTS, "cdktf.out")], { cwd: INPUTS });
    for (const r of inv.ofType("aws_route53_record")) {
      const hc = inv.target(r, r.values["health_check_id"]);
      expect(hc?.stack).toBe(r.stack);
      expect(hc?.type).toBe("aws_route53_health_check");
    }
  });
});

describe("HCL", () => {
  test("GIVEN a module of two .tf files WHEN loaded THEN providers in one file and var defaults resolve regions in the other", async () => {
    const inv = await loadInventory([path.join(INPUTS, "hcl-module")], { cwd: INPUTS });
    const byName = Object.fromEntries(inv.resources.map((r) => [r.address, r]));
    expect(byName["aws_sns_topic.secondary"]?.region).toBe("eu-west-1");
    expect(byName["aws_sns_topic.secondary"]?.providerAlias).toBe("secondary");
    expect(byName["aws_route53_health_check.canary"]?.region).toBe("us-east-1");
    expect(byName["aws_route53_health_check.canary"]?.line).toBe(2);
    expect(byName["aws_sns_topic.secondary"]?.line).toBe(15);
    expect(byName["aws_route53_health_check.canary"]?.suppressions).toEqual([
      {
        ruleId: "AA104",
        reason: "a single probe failure is what we want for this canary check",
        source: "HCL comment",
      },
    ]);
    expect(byName["aws_route53_health_check.noreason"]?.suppressions).toEqual([
      { ruleId: "AA104", reason: "", source: "HCL comment" },
    ]);
  });
});

describe("plans", () => {
  test("GIVEN a real terraform plan WHEN loaded THEN unknown references come from the configuration and regions from provider_config", async () => {
    const file = path.join(FIXTURES, "AA201/aws-pass/plan.json");
    const inv = await loadInventory([file], { cwd: FIXTURES });
    const members = inv.ofType("aws_rds_cluster");
    expect(members.map((m) => [m.address, m.region, m.provider])).toEqual([
      ["aws_rds_cluster.euw1", "eu-west-1", "aws.euw1"],
      ["aws_rds_cluster.use1", "us-east-1", "aws"],
    ]);
    // kms_key_id is unknown until apply: the plan's configuration says which key it is.
    const euw1 = members[0]!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, not a template
    expect(euw1.values["kms_key_id"]).toBe("${aws_kms_key.euw1.arn}");
    expect(inv.target(euw1, euw1.values["kms_key_id"])?.region).toBe("eu-west-1");
    expect(euw1.form).toBe("plan");
    expect(euw1.line).toBeGreaterThan(1);
  });

  test("GIVEN a plan with a child module WHEN loaded THEN module resources keep their address and the passed provider's region", async () => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.11.0",
      variables: { region: { value: "ap-southeast-1" } },
      planned_values: {
        root_module: {
          child_modules: [
            {
              address: "module.edge",
              resources: [
                {
                  address: "module.edge.aws_sns_topic.t[0]",
                  mode: "managed",
                  type: "aws_sns_topic",
                  name: "t",
                  index: 0,
                  values: { name: "t", tags_all: { service: "s" } },
                },
              ],
            },
          ],
        },
      },
      configuration: {
        provider_config: {
          "aws.apse1": {
            name: "aws",
            alias: "apse1",
            expressions: { region: { references: ["var.region"] } },
          },
        },
        root_module: {
          module_calls: {
            edge: {
              module: {
                resources: [
                  {
                    address: "aws_sns_topic.t",
                    mode: "managed",
                    type: "aws_sns_topic",
                    name: "t",
                    provider_config_key: "aws.apse1",
                    expressions: {},
                  },
                ],
              },
            },
          },
        },
      },
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-plan-"));
    fs.writeFileSync(path.join(dir, "tfplan.json"), JSON.stringify(plan));
    const inv = await loadInventory([dir], { cwd: dir });
    expect(inv.resources.map((r) => [r.address, r.region, r.unit])).toEqual([
      ["module.edge.aws_sns_topic.t[0]", "ap-southeast-1", "tfplan.json#module.edge"],
    ]);
  });
});

test("GIVEN `terraform show -json` of a state WHEN loaded THEN its resources are checked like a plan's", async () => {
  const state = {
    format_version: "1.0",
    terraform_version: "1.11.0",
    values: {
      root_module: {
        resources: [
          {
            address: "aws_route53_health_check.hc",
            mode: "managed",
            type: "aws_route53_health_check",
            name: "hc",
            values: { failure_threshold: 1, tags_all: {} },
          },
        ],
      },
    },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-state-"));
  fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify(state));
  const report = await check([dir], { cwd: dir, config: false, rules: ["AA104"] });
  expect(report.findings.map((f) => [f.ruleId, f.resource, f.file])).toEqual([
    ["AA104", "aws_route53_health_check.hc", "state.json"],
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Kubernetes YAML", () => {
  test("GIVEN our own k8s/<cluster>/ layout WHEN loaded THEN the cluster is the folder, the region the region label when there is one", async () => {
    const inv = await loadInventory([path.join(INPUTS, "k8s")], { cwd: INPUTS });
    expect(inv.ofKind("Deployment").map((o) => [o.cluster, o.region, o.file, o.line])).toEqual([
      ["eu-west-1", "europe-west1", "k8s/eu-west-1/api.yaml", 1],
      ["us-east-1", "us-east-1", "k8s/us-east-1/api.yaml", 7],
    ]);
    expect(inv.ofKind("Deployment")[1]!.suppressions).toEqual([
      {
        ruleId: "AA603",
        reason: "a singleton leader; the standby runs in the other region",
        source: "annotation",
      },
    ]);
  });
});

test("GIVEN a Kubernetes List in JSON named explicitly, in a folder nobody said is a cluster THEN its objects are loaded, in no cluster", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-k8s-json-"));
  const list = {
    apiVersion: "v1",
    kind: "List",
    items: [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api" }, spec: {} }],
  };
  fs.mkdirSync(path.join(dir, "eu-west-1"));
  fs.writeFileSync(path.join(dir, "eu-west-1", "objects.json"), JSON.stringify(list));
  const inv = await loadInventory([path.join(dir, "eu-west-1", "objects.json")], { cwd: dir });
  expect(inv.objects.map((o) => [o.kind, o.name, o.cluster])).toEqual([["Deployment", "api", ""]]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("malformed inputs", () => {
  test("GIVEN broken JSON, HCL and YAML next to good input WHEN checked THEN each is an AA000 finding with its position, the good input is still checked, exit code 2", async () => {
    const report = await check([path.join(INPUTS, "broken"), path.join(INPUTS, "hcl-module")], {
      cwd: INPUTS,
      config: false,
    });
    const input = report.findings
      .filter((f) => f.ruleId === "AA000")
      .map((f) => [f.file, f.line, f.severity]);
    expect(input).toEqual([
      ["broken/bad.tf", 2, "error"],
      ["broken/bad.yaml", 10, "error"], // where the parser found the flow sequence unclosed: the end of the file
      ["broken/trailing-comma.tf.json", 5, "error"],
    ]);
    const messages = report.findings.filter((f) => f.ruleId === "AA000").map((f) => f.message);
    expect(messages[0]).toMatch(/^malformed HCL: /);
    expect(messages[1]).toMatch(/^malformed YAML: /);
    expect(messages[2]).toMatch(/^malformed JSON: /);
    // The good module was still checked, and the first (valid) YAML document still loaded.
    expect(
      report.findings.some((f) => f.ruleId === "AA104" && f.resource === "aws_route53_health_check.noreason"),
    ).toBe(true);
    expect(report.inventory.ofKind("ConfigMap").map((o) => o.name)).toEqual(["ok"]);
    expect(report.summary.exitCode).toBe(2);
  });

  test("GIVEN a path that does not exist WHEN checked THEN it is an unreadable input and the exit code is 2", async () => {
    const report = await check([path.join(INPUTS, "nope.tf.json")], { cwd: INPUTS, config: false });
    expect(report.findings.map((f) => [f.ruleId, f.message])).toEqual([["AA000", "no such file or folder"]]);
    expect(report.summary.exitCode).toBe(2);
  });
});

test("GIVEN a binary plan file or a file of another kind named explicitly THEN an input error says what to do", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-kind-"));
  fs.writeFileSync(path.join(dir, "plan.out"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
  fs.writeFileSync(path.join(dir, "notes.txt"), "hello");
  const report = await check([path.join(dir, "plan.out"), path.join(dir, "notes.txt")], {
    cwd: dir,
    config: false,
  });
  expect(report.findings.map((f) => [f.file, f.message])).toEqual([
    [
      "notes.txt",
      "not a supported input (expected *.tf.json, a `terraform show -json` plan, *.tf or Kubernetes *.yaml)",
    ],
    ["plan.out", "a binary plan file: convert it with `terraform show -json PLANFILE > plan.json`"],
  ]);
  expect(report.summary.exitCode).toBe(2);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("fuzzing: malformed input never crashes the loaders", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-fuzz-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const seeds = {
    "x.tf.json": fs.readFileSync(path.join(INPUTS, "cdktf.out/stacks/app-us-east-1/cdk.tf.json"), "utf8"),
    "x.tf": fs.readFileSync(path.join(INPUTS, "hcl-module/main.tf"), "utf8"),
    "x.yaml": fs.readFileSync(path.join(INPUTS, "k8s/us-east-1/api.yaml"), "utf8"),
    "plan.json": fs.readFileSync(path.join(FIXTURES, "AA101/aws-fail/plan.json"), "utf8"),
  };
  // Mutations of real inputs (cut, spliced, junk inserted) and arbitrary JSON values in place of documents.
  const mutated = (seed: string) =>
    fc.oneof(
      fc
        .tuple(fc.nat(seed.length), fc.nat(seed.length))
        .map(([a, b]) => seed.slice(0, Math.min(a, b)) + seed.slice(Math.max(a, b))),
      fc
        .tuple(fc.nat(seed.length), fc.string({ maxLength: 20 }))
        .map(([a, s]) => seed.slice(0, a) + s + seed.slice(a)),
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    );

  for (const [name, seed] of Object.entries(seeds)) {
    test(`${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(mutated(seed), async (text) => {
          const file = path.join(dir, name);
          fs.writeFileSync(file, text);
          const report = await check([file], { cwd: dir, config: false });
          // Every finding is well formed; a parse failure is an AA000 finding, not an exception.
          for (const f of report.findings) expect(typeof f.message).toBe("string");
          expect([0, 1, 2]).toContain(report.summary.exitCode);
        }),
        { numRuns: name === "x.tf" ? 40 : 150, seed: 42 },
      );
    });
  }
});

describe("fuzzing: no rule throws on odd but well-formed input", () => {
  // Every resource type and Kubernetes kind some rule reads, with arbitrary attribute values.
  const types = [
    ...new Set(RULES.flatMap((r) => r.covers).filter((c) => /^(aws|google)_[a-z0-9_]+$/.test(c))),
  ];
  const kinds = [
    "Deployment",
    "StatefulSet",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "Secret",
    "NodePool",
    "PrometheusRule",
  ];
  const attrs = fc.dictionary(
    fc.constantFrom(
      "name",
      "ttl",
      "region",
      "tags",
      "provider",
      "health_check_id",
      "latency_routing_policy",
      "replica",
      "routing_policy",
      "settings",
      "vpc_config",
      "ingress",
      "global_cluster_identifier",
      "config",
      "instance",
      "encryption_config",
      "count",
      "for_each",
      "dynamic",
      "version",
      "location",
      "alias",
      "notification",
      "cost_filter",
      "autoscaling",
      "scaling_config",
      "spec",
      "metadata",
    ),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 8 },
  );
  test("terraform", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...types), attrs), { maxLength: 12 }), (list) => {
        const resource: Record<string, Record<string, unknown>> = {};
        list.forEach(([type, body], i) => {
          resource[type] = { ...(resource[type] ?? {}), [`r${i}`]: body };
        });
        const report = checkSync([], {
          config: false,
          documents: [{ name: "f.tf.json", text: JSON.stringify({ resource }) }],
        });
        expect(
          report.findings.filter((f) => /could not finish/.test(f.message)).map((f) => f.message),
        ).toEqual([]);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
  test("kubernetes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), attrs), { maxLength: 8 }), (list) => {
        const docs = list.map(([kind, body], i) => ({
          name: `c${i % 2}/o${i}.yaml`,
          text: JSON.stringify({
            apiVersion: "v1",
            ...body,
            kind,
            metadata: { name: `o${i}`, ...(typeof body["metadata"] === "object" ? body["metadata"] : {}) },
          }),
        }));
        const report = checkSync([], { config: false, documents: docs });
        expect(
          report.findings.filter((f) => /could not finish/.test(f.message)).map((f) => f.message),
        ).toEqual([]);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
