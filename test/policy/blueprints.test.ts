import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { loadBlueprintFile, resolveBlueprint } from "../../lib/blueprint/load";
import { awsTargetGroupName } from "../../lib/core/names";
import { check } from "../../lib/policy";
import { synthesize } from "../../lib/synth";

const BLUEPRINTS = path.join(__dirname, "..", "..", "blueprints");
const files = fs
  .readdirSync(BLUEPRINTS)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

// Our own blueprints must pass our own pack: no active error finding in the
// Terraform or the manifests they synthesize.
describe.each(files)("blueprints/%s", (file) => {
  test("GIVEN the blueprint WHEN synthesized and checked with every rule THEN no error finding is left", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-own-pack-"));
    try {
      const blueprint = loadBlueprintFile(path.join(BLUEPRINTS, file));
      synthesize(blueprint, { outdir: path.join(dir, "cdktf.out"), manifestsDir: path.join(dir, "dist") });
      const report = await check(
        [path.join(dir, "cdktf.out"), path.join(dir, "dist"), path.join(BLUEPRINTS, file)],
        {
          cwd: dir,
          config: false,
        },
      );
      expect(report.summary.inputs.resources).toBeGreaterThan(10);
      const errors = report.findings.filter((f) => !f.suppressed && f.severity === "error");
      expect(errors.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.resource}: ${f.message}`)).toEqual([]);
      // AA106 (a warning) says which AWS regions take no traffic yet: exactly those without a
      // targetGroupArn, whose clusters get no TargetGroupBinding until the first apply gives the ARN.
      const unbound = blueprint.regions.filter((r) => r.cloud === "aws" && r.targetGroupArn === undefined);
      const noPods = report.findings.filter((f) => f.ruleId === "AA106");
      expect(noPods.every((f) => f.severity === "warning" && !f.suppressed)).toBe(true);
      expect([...new Set(noPods.map((f) => f.region))].sort()).toEqual(unbound.map((r) => r.region).sort());
      // Suppressions in our own output must say why.
      expect(report.findings.filter((f) => f.ruleId === "AA001")).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("AA106 on our own output once the target groups exist", () => {
  test("GIVEN global-saas with spec.regions[].targetGroupArn from the stacks' target groups WHEN checked THEN no region is reported without pods", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-own-pack-"));
    try {
      const input = YAML.parse(fs.readFileSync(path.join(BLUEPRINTS, "global-saas.yaml"), "utf8"));
      const named = { name: input.metadata.name, dns: { domain: input.spec.dns.domain } };
      const workloads: string[] = input.spec.workloads.map((w: { name: string }) => w.name);
      input.spec.regions = input.spec.regions.map((r: { cloud: string; region: string }) => ({
        ...r,
        // One front workload per region's target group: the first, as the stacks output it.
        targetGroupArn: `arn:aws:elasticloadbalancing:${r.region}:123456789012:targetgroup/${awsTargetGroupName(named, { key: `aws-${r.region}`, region: r.region }, workloads[0]!)}/0123456789abcdef`,
      }));
      const blueprint = resolveBlueprint(input);
      synthesize(blueprint, { outdir: path.join(dir, "cdktf.out"), manifestsDir: path.join(dir, "dist") });
      const report = await check([path.join(dir, "cdktf.out"), path.join(dir, "dist")], {
        cwd: dir,
        config: false,
        rules: ["AA106"],
      });
      expect(report.summary.inputs.resources).toBeGreaterThan(10);
      expect(report.findings.map((f) => f.message)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
