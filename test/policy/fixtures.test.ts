import * as fs from "node:fs";
import * as path from "node:path";
import { check } from "../../lib/policy";
import { RULES } from "../../lib/policy/rules";

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
    // THEN it parses cleanly, and the rule fires on the non-compliant case only
    expect(report.findings.filter((f) => f.ruleId === "AA000")).toEqual([]);
    if (kase.endsWith("-fail")) {
      expect(mine.length).toBeGreaterThan(0);
      for (const f of mine) {
        expect(f.file).toMatch(new RegExp(`^${id}/${kase}/`));
        expect(f.line).toBeGreaterThanOrEqual(1);
      }
    } else {
      expect(mine.map((f) => f.message)).toEqual([]);
    }
  });
});
