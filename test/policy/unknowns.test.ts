import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { check, checkSync } from "../../lib/policy";
import { evaluate } from "../../lib/policy/load/evaluate";

function tmp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polvals-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const TABLE = `variable "protect" {
  default = true
}
resource "aws_db_instance" "db" {
  identifier              = "db"
  deletion_protection     = var.protect
  backup_retention_period = 7
}
`;

describe("values from variables, tfvars and conditions", () => {
  test("an unsafe value in terraform.tfvars wins over a safe default and is seen", async () => {
    const safe = tmp({ "main.tf": TABLE });
    expect((await check([safe], { config: false, cwd: safe, rules: ["AA203"] })).findings).toEqual([]);
    const dir = tmp({ "main.tf": TABLE, "terraform.tfvars": "protect = false\n" });
    const r = await check([dir], { config: false, cwd: dir, rules: ["AA203"] });
    expect(r.findings.map((f) => f.message)).toEqual([
      "aws_db_instance.db has no deletion protection (deletion_protection is false)",
    ]);
  });

  test("*.auto.tfvars is read after terraform.tfvars", async () => {
    const dir = tmp({
      "main.tf": TABLE,
      "terraform.tfvars": "protect = false\n",
      "zz.auto.tfvars": "protect = true\n",
    });
    expect((await check([dir], { config: false, cwd: dir, rules: ["AA203"] })).findings).toEqual([]);
  });

  test("conditions over known variables are computed; anything else stays unknown", () => {
    const x = (e: string) => `\${${e}}`;
    const env = new Map<string, unknown>([
      ["var.create", true],
      ["var.autoscaling", false],
      ["var.env", "prod"],
    ]);
    expect(evaluate(x("var.create && !var.autoscaling ? 1 : 0"), env)).toEqual({ value: 1 });
    expect(evaluate(x('var.env != "development"'), env)).toEqual({ value: true });
    expect(evaluate(x("var.missing ? 1 : 0"), env)).toBeUndefined();
    expect(evaluate(x("length(var.list) > 0"), env)).toBeUndefined();
    expect(evaluate(x("var.autoscaling && length(var.list) > 0 ? 1 : 0"), env)).toEqual({ value: 0 });
    expect(evaluate(x("aws_vpc.main.id == null"), env)).toBeUndefined();
    expect(evaluate(x("false && var.missing"), env)).toEqual({ value: false });
    expect(evaluate(x("var.create ? [1] : []"), env)).toEqual({ value: [1] });
    expect(evaluate(x("var.missing ? [1] : []"), env)).toBeUndefined();
  });

  test("count = 0 after binding: the resource does not exist", async () => {
    const dir = tmp({
      "main.tf": `variable "create" {
  default = false
}
resource "aws_db_instance" "db" {
  count      = var.create ? 1 : 0
  identifier = "db"
}
`,
    });
    const r = await check([dir], { config: false, cwd: dir, rules: ["AA203"] });
    expect(r.summary.inputs.resources).toBe(0);
    expect(r.findings).toEqual([]);
  });
});

describe("AA101 and alias targets Route 53 cannot evaluate", () => {
  const record = (zone: string, name: string) => ({
    zone_id: "Z1",
    name: "www.example.com",
    type: "A",
    set_identifier: name,
    alias: { name, zone_id: zone, evaluate_target_health: false },
    latency_routing_policy: { region: "us-east-1" },
  });
  const run = (zone: string, name: string) =>
    checkSync([], {
      rules: ["AA101"],
      config: false,
      documents: [
        {
          name: "a.tf.json",
          text: JSON.stringify({
            provider: { aws: { region: "us-east-1" } },
            resource: { aws_route53_record: { r: record(zone, name) } },
          }),
        },
      ],
    }).findings;

  test("a CloudFront alias is not asked to evaluate target health", () => {
    expect(run("Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net")).toEqual([]);
  });

  test("a load balancer alias still is", () => {
    expect(run("Z35SXDOTRQ7X7K", "my-lb-123.us-east-1.elb.amazonaws.com").map((f) => f.ruleId)).toEqual([
      "AA101",
    ]);
  });
});

describe("AA503 is opt-in", () => {
  test("our own output passes with the tags on", () => {
    const { synthesize } = require("../../lib/synth") as typeof import("../../lib/synth");
    const { loadBlueprintFile } =
      require("../../lib/blueprint/load") as typeof import("../../lib/blueprint/load");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polvals-synth-"));
    synthesize(loadBlueprintFile(path.join(__dirname, "..", "..", "blueprints", "global-saas.yaml")), {
      outdir: path.join(dir, "cdktf.out"),
      manifestsDir: path.join(dir, "dist"),
    });
    const out = path.join(dir, "cdktf.out");
    const r = checkSync([out], {
      config: false,
      cwd: out,
      rules: ["AA503"],
      parameters: { requiredTags: ["service", "region"] },
    });
    expect(r.summary.inputs.resources).toBeGreaterThan(50);
    expect(r.findings.filter((f) => f.ruleId === "AA503")).toEqual([]);
  });
});

describe("modules", () => {
  test("a non-literal argument is unknown as a module argument; the caller's provider region reaches the child", async () => {
    const dir = tmp({
      "main.tf": `variable "region" {
  default = "eu-west-1"
}
variable "env" {}
provider "aws" {
  region = var.region
}
module "db" {
  source  = "./db"
  protect = var.env == "prod"
}
module "db_again" {
  source  = "./db"
  protect = var.env == "prod"
}
module "remote_a" {
  source = "example-org/thing/aws"
}
module "remote_b" {
  source = "example-org/thing/aws"
}
`,
      "db/main.tf": `variable "protect" {}
resource "aws_db_instance" "db" {
  identifier              = "db"
  deletion_protection     = var.protect
  backup_retention_period = 7
}
`,
    });
    const r = await check([dir], { config: false, cwd: dir, rules: ["AA203"], unknown: "info" });
    const mine = r.findings.filter((f) => f.ruleId === "AA203");
    expect(mine.map((f) => [f.resource, f.region, f.message])).toEqual([
      [
        "module.db.aws_db_instance.db",
        "eu-west-1",
        expect.stringContaining("var.protect is a module argument that is not a literal"),
      ],
      [
        "module.db_again.aws_db_instance.db",
        "eu-west-1",
        expect.stringContaining("var.protect is a module argument that is not a literal"),
      ],
    ]);
    // The folder called by the root is a module, not a root of its own; the registry source is reported once.
    expect(r.inventory.resources.map((x) => x.address)).toEqual([
      "module.db.aws_db_instance.db",
      "module.db_again.aws_db_instance.db",
    ]);
    expect(r.findings.filter((f) => f.ruleId === "AA002").map((f) => f.message)).toEqual([
      expect.stringContaining("module remote_a (source example-org/thing/aws) is not followed"),
    ]);
  });
});

describe("--unknown and the config's unknown:", () => {
  const { runCli } = require("../helpers/run-cli") as typeof import("../helpers/run-cli");
  const { parseConfig } = require("../../lib/policy/config") as typeof import("../../lib/policy/config");
  const dir = path.join(__dirname, "..", "fixtures", "real", "all-unknown");

  test("the flag turns what could not be determined into info findings", async () => {
    const cfg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "polvals-cfg-")), "c.yaml");
    fs.writeFileSync(cfg, "failOn: info\n");
    const quiet = await runCli("check", dir, "--format", "json", "--config", cfg);
    expect(quiet.code).toBe(0);
    expect(JSON.parse(quiet.stdout).findings).toEqual([]);
    const loud = await runCli("check", dir, "--format", "json", "--config", cfg, "--unknown", "info");
    // failOn: info makes the info findings fail: they are there.
    expect(loud.code).toBe(1);
    expect(JSON.parse(loud.stdout).findings.every((f: { severity: string }) => f.severity === "info")).toBe(
      true,
    );
  });

  test("the config key takes silent or info, nothing else", () => {
    expect(parseConfig({ unknown: "info" }, "c.yaml").unknown).toBe("info");
    expect(() => parseConfig({ unknown: "loud" }, "c.yaml")).toThrow(/unknown/);
  });
});

describe("AA503 turned on by a blueprint", () => {
  const topic = {
    name: "a.tf.json",
    text: JSON.stringify({
      provider: { aws: { region: "us-east-1" } },
      resource: { aws_sns_topic: { t: { name: "t", tags: { service: "shop" } } } },
    }),
  };
  const blueprint = (tags: string) => ({
    name: "shop.yaml",
    text: `apiVersion: activeactive.dev/v1alpha1\nkind: Blueprint\nmetadata:\n  name: shop\nspec:\n${tags}`,
  });

  test("a blueprint with spec.tags requires service, region and those keys", () => {
    const r = checkSync([], {
      rules: ["AA503"],
      config: false,
      documents: [topic, blueprint("  tags:\n    team: payments\n")],
    });
    expect(r.findings.map((f) => f.message)).toEqual([
      "aws_sns_topic.t is missing required tag(s) region, team",
    ]);
  });

  test("a blueprint without spec.tags leaves the rule off", () => {
    const r = checkSync([], {
      rules: ["AA503"],
      config: false,
      documents: [topic, blueprint("  slo: {}\n")],
    });
    expect(r.findings).toEqual([]);
  });
});

describe("a resource reference passed into a module", () => {
  test("is followed from inside the module: the member joins its global cluster", async () => {
    const dir = tmp({
      "main.tf": `provider "aws" {
  region = "us-east-1"
}
resource "aws_rds_global_cluster" "g" {
  global_cluster_identifier = "orders"
  storage_encrypted         = true
}
module "member" {
  source = "./member"
  gid    = aws_rds_global_cluster.g.id
}
`,
      "member/main.tf": `variable "gid" {}
resource "aws_rds_cluster" "this" {
  cluster_identifier        = "orders-use1"
  global_cluster_identifier = var.gid
  storage_encrypted         = false
}
`,
    });
    const r = await check([dir], { config: false, cwd: dir, rules: ["AA201"], unknown: "info" });
    expect(r.findings.map((f) => [f.resource, f.severity, f.message])).toEqual([
      [
        "module.member.aws_rds_cluster.this",
        "error",
        "Aurora member module.member.aws_rds_cluster.this in us-east-1 is not encrypted at rest (storage_encrypted is not true)",
      ],
    ]);
  });
});
