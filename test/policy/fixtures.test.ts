import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "@cdktf/hcl2json";
import { check } from "../../lib/policy";
import { RULES } from "../../lib/policy/rules";
import { findProviderMirror, findTerraform } from "../../lib/terraform/offline";

// The script that makes main.tf.json and plan.json from each fixture's main.tf.
const generator = require("../../scripts/make-policy-fixtures.js") as {
  toTfJson(doc: unknown): unknown;
  plan(dir: string): string;
  hashes(kase: string): Record<string, string>;
  MANIFEST: string;
};

const ROOT = path.join(__dirname, "..", "fixtures", "policy");
const FORMS = ["main.tf", "main.tf.json", "plan.json"];

function cases(id: string): string[] {
  const dir = path.join(ROOT, id);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/**
 * Every input form a case has: the Terraform files, or the case folder for
 * Kubernetes YAML. A Terraform case of a rule that reads both (AA403: node
 * limits and workloads) keeps its manifests in `k8s/`, checked with each form.
 */
function inputs(id: string, kase: string): string[][] {
  const dir = path.join(ROOT, id, kase);
  if (kase.startsWith("k8s-")) return [[dir]];
  const manifests = path.join(dir, "k8s");
  const extra = fs.existsSync(manifests) ? [manifests] : [];
  return FORMS.map((f) => path.join(dir, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => [f, ...extra]);
}

describe("every rule has a compliant and a non-compliant fixture in every input form it supports", () => {
  test.each(RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
    const have = new Set(cases(id));
    const expected: string[] = [];
    if (rule.inputs.includes("terraform")) {
      if (rule.covers.some((c) => c.startsWith("aws_"))) expected.push("aws-pass", "aws-fail");
      if (rule.covers.some((c) => c.startsWith("google_"))) expected.push("google-pass", "google-fail");
    }
    if (rule.inputs.includes("k8s")) expected.push("k8s-pass", "k8s-fail");
    expect(expected.filter((c) => !have.has(c))).toEqual([]);
    for (const kase of have) {
      const dir = path.join(ROOT, id, kase);
      if (kase.startsWith("k8s-")) continue;
      expect(fs.existsSync(path.join(dir, "main.tf"))).toBe(true);
      expect(fs.existsSync(path.join(dir, "main.tf.json"))).toBe(true);
      // AWS fixtures are also planned by real terraform, unless the provider cannot plan them (NOPLAN says why).
      if (kase.startsWith("aws-") && !fs.existsSync(path.join(dir, "NOPLAN"))) {
        expect(fs.existsSync(path.join(dir, "plan.json"))).toBe(true);
      }
    }
  });
});

const all = RULES.flatMap((r) =>
  cases(r.id).flatMap((k) => inputs(r.id, k).map((f) => [r.id, k, f] as const)),
);

describe.each(all)("%s %s", (id, kase, input) => {
  test(`${path.basename(input[0]!)}`, async () => {
    // GIVEN one fixture in one input form WHEN only its rule runs
    // A fixed day, so AA504's support calendar gives the same answer every day the suite runs.
    const report = await check(input, {
      rules: [id],
      config: false,
      cwd: ROOT,
      // AA503 is opt-in: its fixtures name the tags.
      parameters: { asOf: "2026-12-01", ...(id === "AA503" ? { requiredTags: ["service", "region"] } : {}) },
    });
    const mine = report.findings.filter((f) => f.ruleId === id && !f.suppressed);
    // THEN it parses cleanly, and the rule fires on the non-compliant case only,
    // on the resources and with the messages expected.json names (the same in every input form)
    expect(report.findings.filter((f) => f.ruleId === "AA000")).toEqual([]);
    if (kase.endsWith("-fail")) {
      const file = path.join(ROOT, id, kase, "expected.json");
      const got = mine
        .map((f) => ({ resource: f.resource, message: f.message }))
        .sort((a, b) => `${a.resource}\u0000${a.message}`.localeCompare(`${b.resource}\u0000${b.message}`));
      // After a deliberate message change: ACTIVEACTIVE_UPDATE_EXPECTED=1 rewrites the files; judge the git diff by hand.
      if (process.env.ACTIVEACTIVE_UPDATE_EXPECTED)
        fs.writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
      const expected = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(got).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
      for (const f of mine) {
        expect(f.file).toMatch(new RegExp(`^${id}/${kase}/`));
        expect(f.line).toBeGreaterThanOrEqual(1);
      }
    } else {
      expect(mine.map((f) => f.message)).toEqual([]);
    }
  });
});

describe("fixtures derived from main.tf are current", () => {
  const manifest: Record<string, Record<string, string>> = JSON.parse(
    fs.readFileSync(generator.MANIFEST, "utf8"),
  );
  const derived = RULES.flatMap((r) =>
    cases(r.id)
      .filter((k) => fs.existsSync(path.join(ROOT, r.id, k, "main.tf")))
      .map((k) => `${r.id}/${k}`),
  );

  test.each(derived)(
    "%s: main.tf.json is what hcl2json makes of main.tf; main.tf and plan.json are what DERIVED.json recorded",
    async (kase) => {
      const dir = path.join(ROOT, kase);
      const doc = await parse("main.tf", fs.readFileSync(path.join(dir, "main.tf"), "utf8"));
      expect(fs.readFileSync(path.join(dir, "main.tf.json"), "utf8")).toBe(
        `${JSON.stringify(generator.toTfJson(doc), null, 2)}\n`,
      );
      // A main.tf edited after its plan was made: run `node scripts/make-policy-fixtures.js <rule>`.
      expect({ [kase]: generator.hashes(kase) }).toEqual({ [kase]: manifest[kase] });
    },
  );

  // Regenerates one plan with real terraform and compares it byte for byte, so the recorded hashes mean something.
  const terraform = findTerraform();
  const mirror = findProviderMirror();
  const required =
    process.env.ACTIVEACTIVE_REQUIRE_TERRAFORM !== undefined &&
    process.env.ACTIVEACTIVE_REQUIRE_TERRAFORM !== "";
  const ready = terraform !== undefined && mirror !== undefined;
  (ready || required ? test : test.skip)(
    `AA104/aws-fail/plan.json is what terraform plan + show -json make of its main.tf${ready ? "" : " (skipped: terraform or the provider mirror is missing; ACTIVEACTIVE_REQUIRE_TERRAFORM=1 makes this a failure)"}`,
    () => {
      expect({ terraform, mirror }).toEqual({ terraform: expect.any(String), mirror: expect.any(String) });
      const dir = path.join(ROOT, "AA104", "aws-fail");
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "aa-derived-"));
      try {
        fs.copyFileSync(path.join(dir, "main.tf"), path.join(work, "main.tf"));
        const made = createHash("sha256").update(generator.plan(work)).digest("hex");
        expect(made).toBe(manifest["AA104/aws-fail"]!["plan.json"]);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
