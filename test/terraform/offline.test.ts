import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { synthesize } from "../../lib/synth";
import {
  cliConfig,
  findProviderMirror,
  listStacks,
  nonAwsProviders,
  offlineOverride,
  offlineVariables,
  runOffline,
  runStackOffline,
} from "../../lib/terraform/offline";
import { runCli } from "../helpers/run-cli";
import { terraformTest } from "../helpers/terraform";

const withTerraform = terraformTest("the terraform init/validate/plan tests");
const tmpRoot = () => fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "tf-"));

function synthTo(blueprintFile: string): string {
  const dir = tmpRoot();
  synthesize(loadBlueprintFile(blueprintFile), {
    outdir: path.join(dir, "cdktf.out"),
    manifestsDir: path.join(dir, "dist"),
  });
  return path.join(dir, "cdktf.out");
}

describe("offline helpers", () => {
  test("GIVEN aliased aws providers THEN the override adds dummy credentials and skip flags to each alias", () => {
    const override = offlineOverride({
      provider: {
        aws: [
          { alias: "us-east-1", region: "us-east-1" },
          { alias: "eu-west-1", region: "eu-west-1" },
        ],
      },
    }) as { provider: { aws: Record<string, unknown>[] } };
    expect(override.provider.aws.map((p) => p.alias)).toEqual(["us-east-1", "eu-west-1"]);
    for (const p of override.provider.aws) {
      expect(p).toMatchObject({
        access_key: expect.any(String),
        secret_key: expect.any(String),
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
      });
      expect(p).not.toHaveProperty("region");
    }
    expect(offlineOverride({ provider: { google: [{}] } })).toBeUndefined();
  });

  test("GIVEN variables THEN only those without a default get a placeholder", () => {
    expect(
      offlineVariables({
        variable: { pw: { type: "string" }, n: { type: "number" }, given: { default: "x" } },
      }),
    ).toEqual({ pw: "offline-Placeholder-0", n: 0 });
  });

  test("GIVEN required providers THEN the non-aws ones are named with their namespace", () => {
    expect(
      nonAwsProviders({
        terraform: {
          required_providers: {
            aws: { source: "aws" },
            google: { source: "google" },
            random: { source: "hashicorp/random" },
          },
        },
      }),
    ).toEqual(["hashicorp/google", "hashicorp/random"]);
  });

  test("GIVEN a mirror THEN the CLI config installs aws from it and everything else directly", () => {
    const text = cliConfig("/opt/mirror");
    expect(text).toContain('path    = "/opt/mirror"');
    expect(text).toMatch(/direct \{\s+exclude = \["registry.terraform.io\/hashicorp\/aws"\]/);
  });

  test("GIVEN ACTIVEACTIVE_TF_MIRROR pointing at a folder with hashicorp/aws THEN it is the mirror; without it, none", () => {
    const dir = tmpRoot();
    fs.mkdirSync(path.join(dir, "nested", "registry.terraform.io", "hashicorp", "aws"), { recursive: true });
    expect(findProviderMirror({ ACTIVEACTIVE_TF_MIRROR: dir })).toBe(path.join(dir, "nested"));
    expect(findProviderMirror({ ACTIVEACTIVE_TF_MIRROR: path.join(dir, "nothing") })).toBeUndefined();
  });
});

describe("offline terraform on synthesized stacks", () => {
  const defaultOut = synthTo("blueprints/global-saas.yaml");

  test("THEN the synthesized output carries no credentials (it stays deployable)", () => {
    for (const stack of listStacks(defaultOut)) {
      const text = fs.readFileSync(path.join(stack, "cdk.tf.json"), "utf8");
      expect(text).not.toMatch(/access_key|secret_key|skip_credentials_validation/);
    }
  });

  withTerraform(
    "GIVEN the default blueprint THEN every AWS stack passes init, validate and plan offline",
    async () => {
      const results = await runOffline(defaultOut, { jobs: 2 });
      expect(results.map((r) => [r.stack, r.status, r.reason])).toEqual(
        [
          "global-saas-aws-ap-southeast-1",
          "global-saas-aws-eu-west-1",
          "global-saas-aws-us-east-1",
          "global-saas-global",
        ].map((s) => [s, "passed", undefined]),
      );
      for (const r of results)
        expect(r.planSummary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
    },
    300_000,
  );

  withTerraform(
    "GIVEN the DynamoDB variant THEN every AWS stack plans offline too, and the plan JSON is returned",
    async () => {
      const results = await runOffline(synthTo("test/fixtures/blueprints/aws-dynamodb.yaml"), {
        jobs: 2,
        planJson: true,
      });
      expect(results.map((r) => [r.stack, r.status, r.reason])).toEqual(
        ["carts-aws-eu-central-1", "carts-aws-us-west-2", "carts-global"].map((s) => [
          s,
          "passed",
          undefined,
        ]),
      );
      const plan = results.find((r) => r.stack === "carts-global")!.plan as {
        resource_changes: { type: string; change: { actions: string[]; after: Record<string, unknown> } }[];
      };
      const table = plan.resource_changes.find((c) => c.type === "aws_dynamodb_table")!;
      expect(table.change.actions).toEqual(["create"]);
      expect(table.change.after).toMatchObject({
        name: "carts",
        deletion_protection_enabled: true,
        stream_enabled: true,
      });
    },
    300_000,
  );

  withTerraform(
    "GIVEN a stack terraform rejects THEN it fails at validate with terraform's message",
    async () => {
      const dir = path.join(tmpRoot(), "broken");
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, "cdk.tf.json"),
        JSON.stringify({
          terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } },
          provider: { aws: [{ region: "us-east-1", alias: "x" }] },
          resource: {
            aws_vpc: { v: { provider: "aws.x", cidr_block: "10.0.0.0/16", no_such_argument: true } },
          },
        }),
      );
      const result = await runStackOffline(dir);
      expect(result).toMatchObject({ stack: "broken", status: "failed", failedStep: "validate" });
      expect(result.reason).toMatch(
        /Extraneous JSON object property[\s\S]*No argument or block type is named "no_such_argument"/,
      );
    },
    120_000,
  );

  test("GIVEN a stack with the google provider THEN it is skipped with the reason", async () => {
    const dir = path.join(tmpRoot(), "gcp-stack");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "cdk.tf.json"),
      JSON.stringify({
        terraform: { required_providers: { google: { source: "google", version: "6.50.0" } } },
      }),
    );
    const result = await runStackOffline(dir);
    expect(result.status).toBe("skipped");
    expect(result.reason).toMatch(/^uses hashicorp\/google: offline plans cover the aws provider only/);
  });
});

describe("activeactive validate", () => {
  test("GIVEN a folder with no stacks THEN exit 2 naming the folder and what to run", async () => {
    const dir = tmpRoot();
    const run = await runCli("validate", dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${dir}: no synthesized stacks in this folder`);
    expect(run.stderr).toContain("activeactive synth");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  withTerraform(
    "GIVEN one good and one broken stack THEN progress per stack, terraform's message, exit 1",
    async () => {
      const out = tmpRoot();
      const stack = (name: string, vpc: Record<string, unknown>) => {
        fs.mkdirSync(path.join(out, "stacks", name), { recursive: true });
        fs.writeFileSync(
          path.join(out, "stacks", name, "cdk.tf.json"),
          JSON.stringify({
            terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } },
            provider: { aws: [{ region: "eu-west-1", alias: "eu-west-1" }] },
            resource: { aws_vpc: { v: { provider: "aws.eu-west-1", ...vpc } } },
          }),
        );
      };
      stack("good", { cidr_block: "10.0.0.0/16" });
      stack("broken", { cidr_block: "10.0.0.0/16", enable_dns_hostnames: "not-a-bool" });
      const run = await runCli("validate", out, "--jobs", "2");
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/good: plan \d+\.\d s/);
      expect(run.stderr).toContain(
        "ok      good: init, validate, plan passed (Plan: 1 to add, 0 to change, 0 to destroy.)",
      );
      expect(run.stderr).toMatch(/FAILED {2}broken: terraform validate failed:\n[\s\S]*enable_dns_hostnames/);
      expect(run.stderr).toMatch(/FAILED: 1 passed, 1 failed, 0 skipped/);
    },
    120_000,
  );

  test("GIVEN a bad --jobs THEN exit 2", async () => {
    const run = await runCli("validate", "--jobs", "0");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bad value for --jobs");
  });

  test("GIVEN no terraform on PATH THEN a loud skip, exit 0, or exit 1 with --require-terraform", async () => {
    const out = synthTo("test/fixtures/blueprints/aws-dynamodb.yaml");
    const saved = { PATH: process.env.PATH, ACTIVEACTIVE_TERRAFORM: process.env.ACTIVEACTIVE_TERRAFORM };
    process.env.PATH = tmpRoot();
    delete process.env.ACTIVEACTIVE_TERRAFORM;
    try {
      const skipped = await runCli("validate", out);
      expect(skipped.code).toBe(0);
      expect(skipped.stderr).toContain("!!! SKIPPED: terraform is not installed");
      expect((await runCli("validate", out, "--require-terraform")).code).toBe(1);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.ACTIVEACTIVE_TERRAFORM !== undefined)
        process.env.ACTIVEACTIVE_TERRAFORM = saved.ACTIVEACTIVE_TERRAFORM;
    }
  });
});
