import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import YAML from "yaml";
import { resolveBlueprint } from "../../lib/blueprint/load";
import type { WorkloadInput } from "../../lib/blueprint/schema";
import { UsageError } from "../../lib/core/errors";
import { awsTargetGroupName } from "../../lib/core/names";
import { renderManifests, writeManifests } from "../../lib/k8s/synth";
import {
  missingBindingNotices,
  TARGET_GROUP_BINDING_SCHEMA,
  targetGroupBinding,
} from "../../lib/k8s/target-group-binding";
import { checkSync } from "../../lib/policy/check";
import { runCli } from "../helpers/run-cli";
import { fullWorkload } from "./fixtures";

const ACCOUNT = "123456789012";
const arn = (region: string, name: string, id = "0123456789abcdef") =>
  `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:targetgroup/${name}/${id}`;
const tgName = (region: string, workload = "api") =>
  awsTargetGroupName(
    { name: "svc", dns: { domain: "svc.example.com" } },
    { key: `aws-${region}`, region },
    workload,
  );

type RegionIn = {
  cloud: "aws" | "gcp";
  region: string;
  cidr: string;
  project?: string;
  targetGroupArn?: string;
};

/** Two aws regions and one gcp region; `arns` by region (undefined: none). */
function input(arns: Record<string, string | undefined>, workloads: WorkloadInput[] = [fullWorkload]) {
  const regions: RegionIn[] = [
    { cloud: "aws", region: "us-east-1", cidr: "10.10.0.0/16" },
    { cloud: "aws", region: "eu-west-1", cidr: "10.20.0.0/16" },
    { cloud: "gcp", region: "europe-west1", cidr: "10.30.0.0/16", project: "svc-prod-eu" },
  ];
  return {
    apiVersion: "activeactive/v1",
    kind: "Blueprint",
    metadata: { name: "svc" },
    spec: {
      pattern: "primary-per-shard",
      dns: { domain: "svc.example.com", zoneId: "Z0123456789ABCDEFGHIJ" },
      regions: regions.map((r) =>
        arns[r.region] !== undefined ? { ...r, targetGroupArn: arns[r.region] } : r,
      ),
      database: { engine: { aws: "aurora-postgresql", gcp: "cloudsql-postgres" } },
      budget: { monthlyUsd: 3000, alertEmails: ["ops@example.com"], billingAccount: "012345-6789AB-CDEF01" },
      interconnect: { pairs: [{ aws: "us-east-1", gcp: "europe-west1" }] },
      workloads,
    },
  };
}

const bothArns = () => ({
  "us-east-1": arn("us-east-1", tgName("us-east-1")),
  "eu-west-1": arn("eu-west-1", tgName("eu-west-1")),
});

/** The problems a blueprint is refused with, formatted. */
function refused(value: object): string[] {
  try {
    resolveBlueprint(value, "bp.yaml");
  } catch (e) {
    if (e instanceof UsageError) return e.message.split("\n");
    throw e;
  }
  throw new Error("the blueprint was accepted");
}

describe("GIVEN spec.regions[].targetGroupArn on the aws regions", () => {
  const b = resolveBlueprint(input(bothArns()));
  const rendered = renderManifests(b);

  test("THEN each aws cluster holds a TargetGroupBinding of the front workload with its own region's ARN, valid for Auto Mode", () => {
    const validate = new Ajv({ allErrors: true }).compile(TARGET_GROUP_BINDING_SCHEMA);
    for (const region of ["us-east-1", "eu-west-1"]) {
      const docs = rendered.get(`k8s/svc-aws-${region}/target-group-binding-api.yaml`);
      expect(docs).toHaveLength(1);
      const binding = docs![0]! as {
        spec: { serviceRef: { name: string; port: number }; targetGroupARN: string };
      };
      expect(validate(binding)).toBe(true);
      expect(binding).toMatchObject({
        apiVersion: "eks.amazonaws.com/v1",
        kind: "TargetGroupBinding",
        metadata: { name: "api", namespace: "svc", labels: { "topology.kubernetes.io/region": region } },
        spec: { targetGroupARN: arn(region, tgName(region)), targetType: "ip" },
      });
      // AND it points at the workload's Service and the port that Service exposes
      const service = rendered
        .get(`k8s/svc-aws-${region}/workload-api.yaml`)!
        .find((d) => d.kind === "Service") as {
        metadata: { name: string; namespace: string };
        spec: { ports: { port: number }[] };
      };
      expect(binding.spec.serviceRef).toEqual({
        name: service.metadata.name,
        port: service.spec.ports[0]!.port,
      });
      expect(service.metadata.namespace).toBe("svc");
    }
    // AND the gcp cluster has none
    expect([...rendered.keys()].filter((f) => f.includes("target-group-binding"))).toHaveLength(2);
    expect(missingBindingNotices(b)).toEqual([]);
  });

  test("THEN the schema check refuses a binding without a real ARN (the check can fail)", () => {
    const validate = new Ajv({ allErrors: true }).compile(TARGET_GROUP_BINDING_SCHEMA);
    expect(
      validate(targetGroupBinding({ namespace: "svc", workload: "api", port: 8080, targetGroupArn: "api" })),
    ).toBe(false);
  });

  test("THEN AA502 finds no drift: the ARN is the one per-region field; another port in one cluster is drift", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgb-parity-"));
    writeManifests(b, dir);
    const k8s = path.join(dir, "k8s");
    expect(checkSync([k8s], { rules: ["AA502"], config: false }).findings).toEqual([]);
    const file = path.join(k8s, "svc-aws-eu-west-1", "target-group-binding-api.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("port: 8080", "port: 9090"));
    const messages = checkSync([k8s], { rules: ["AA502"], config: false }).findings.map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(
        /^TargetGroupBinding\/svc\/api in cluster svc-aws-\S+ differs from cluster svc-aws-\S+ at spec\.serviceRef\.port$/,
      ),
    ]);
  });
});

describe("GIVEN no targetGroupArn (the first deploy)", () => {
  test("THEN no binding is written and there is one notice per aws region without one", () => {
    const b = resolveBlueprint(input({ "us-east-1": arn("us-east-1", tgName("us-east-1")) }));
    expect([...renderManifests(b).keys()].filter((f) => f.includes("target-group-binding"))).toEqual([
      "k8s/svc-aws-us-east-1/target-group-binding-api.yaml",
    ]);
    expect(missingBindingNotices(b)).toEqual([
      "notice: svc-aws-eu-west-1: no TargetGroupBinding, so the region takes no traffic; after the first deploy set spec.regions[1].targetGroupArn from `terraform output -raw target_group_arn_api` in cdktf.out/stacks/svc-aws-eu-west-1 (docs/aws.md)",
    ]);
    // AND without workloads there is no target group, so nothing to say
    expect(missingBindingNotices(resolveBlueprint(input({}, [])))).toEqual([]);
  });
});

describe("GIVEN a targetGroupArn that is not the region stack's target group", () => {
  test("THEN an ARN of another region is refused with path, found and expected", () => {
    expect(refused(input({ ...bothArns(), "eu-west-1": arn("us-east-1", tgName("us-east-1")) }))).toEqual([
      `bp.yaml: spec.regions[1].targetGroupArn: not the target group the eu-west-1 region stack creates for api (found ${tgName("us-east-1")} in us-east-1, expected target group ${tgName("eu-west-1")} in eu-west-1 (terraform output -raw target_group_arn_api))`,
    ]);
  });

  test("THEN a target group of another name is refused", () => {
    expect(refused(input({ "us-east-1": arn("us-east-1", "svc-us-east-1-web") }))).toEqual([
      `bp.yaml: spec.regions[0].targetGroupArn: not the target group the us-east-1 region stack creates for api (found svc-us-east-1-web in us-east-1, expected target group ${tgName("us-east-1")} in us-east-1 (terraform output -raw target_group_arn_api))`,
    ]);
  });

  test("THEN a targetGroupArn on a gcp region, or without workloads, is refused", () => {
    expect(refused(input({ "europe-west1": arn("us-east-1", tgName("us-east-1")) }))[0]).toMatch(
      /^bp\.yaml: spec\.regions\[2\]\.targetGroupArn: targetGroupArn applies to aws regions only .*expected no targetGroupArn on a gcp region\)$/,
    );
    expect(refused(input(bothArns(), []))[0]).toMatch(
      /^bp\.yaml: spec\.regions\[0\]\.targetGroupArn: without workloads the region stack creates no target group/,
    );
  });

  test("THEN a value that is no target group ARN is refused by the schema", () => {
    expect(
      refused(
        input({
          "us-east-1": `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/x/0123456789abcdef`,
        }),
      )[0],
    ).toMatch(
      /^bp\.yaml: spec\.regions\[0\]\.targetGroupArn: value has the wrong form \(found "arn:aws:.*expected aws regions: ARN of the front workload's target group/,
    );
  });
});

describe("WHEN activeactive synth runs twice on a blueprint with ARNs", () => {
  test("THEN the bindings are in dist both times, exit 0, and the notice names only the region without one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgb-synth-"));
    const file = path.join(dir, "bp.yaml");
    const { "eu-west-1": _, ...usOnly } = bothArns();
    fs.writeFileSync(file, YAML.stringify(input(bothArns())));
    const out = ["--out", path.join(dir, "cdktf.out"), "--manifests", path.join(dir, "dist")];
    const binding = (region: string) =>
      path.join(dir, "dist", "k8s", `svc-aws-${region}`, "target-group-binding-api.yaml");
    const first = await runCli("synth", file, ...out);
    expect(first.code).toBe(0);
    expect(first.stderr).not.toMatch(/notice:/);
    const second = await runCli("synth", file, ...out);
    expect(second.code).toBe(0);
    expect(YAML.parse(fs.readFileSync(binding("eu-west-1"), "utf8")).spec.targetGroupARN).toBe(
      arn("eu-west-1", tgName("eu-west-1")),
    );
    // AND with one ARN removed, synth still succeeds, drops that binding and says so once
    fs.writeFileSync(file, YAML.stringify(input(usOnly)));
    const third = await runCli("synth", file, ...out);
    expect(third.code).toBe(0);
    expect(fs.existsSync(binding("us-east-1"))).toBe(true);
    expect(fs.existsSync(binding("eu-west-1"))).toBe(false);
    expect(third.stderr.split("\n").filter((l) => l.startsWith("notice:"))).toEqual([
      expect.stringMatching(/^notice: svc-aws-eu-west-1: no TargetGroupBinding/),
    ]);
  }, 180_000);
});
