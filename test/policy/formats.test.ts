import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { check, format, RULES } from "../../lib/policy";

const FIXTURES = path.join(__dirname, "..", "fixtures", "policy");
const INPUTS = [
  path.join(FIXTURES, "AA702/aws-fail/main.tf"),
  path.join(FIXTURES, "AA104/aws-fail/main.tf.json"),
  path.join(FIXTURES, "_inputs/cdktf.out"),
  path.join(FIXTURES, "_inputs/k8s"),
];
const report = () => check(INPUTS, { cwd: FIXTURES, config: false });

describe("json", () => {
  test("GIVEN findings WHEN formatted THEN each finding has exactly the contract's keys and types", async () => {
    const out = JSON.parse(format(await report(), "json"));
    expect(Object.keys(out)).toEqual(["findings", "summary"]);
    expect(out.findings.length).toBeGreaterThan(3);
    for (const f of out.findings) {
      expect(Object.keys(f)).toEqual([
        "ruleId",
        "severity",
        "message",
        "resource",
        "file",
        "line",
        "column",
        "pointer",
        "region",
        "suppressed",
      ]);
      expect(["error", "warning", "info"]).toContain(f.severity);
      expect(typeof f.suppressed).toBe("boolean");
      for (const k of ["resource", "file", "region", "pointer"])
        expect(f[k] === null || typeof f[k] === "string").toBe(true);
      for (const k of ["line", "column"]) expect(f[k] === null || Number.isInteger(f[k])).toBe(true);
    }
    expect(out.summary).toMatchObject({ failOn: "error", passed: false, exitCode: 1 });
    expect(out.summary.errors).toBe(
      out.findings.filter(
        (f: { severity: string; suppressed: boolean }) => f.severity === "error" && !f.suppressed,
      ).length,
    );
  });

  test("GIVEN the same input twice THEN the output is byte-identical", async () => {
    expect(format(await report(), "json")).toBe(format(await report(), "json"));
  });
});

describe("sarif", () => {
  // The official OASIS schema (errata01), draft-04, copied from the SARIF spec.
  const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, "sarif-schema-2.1.0.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  test("GIVEN findings WHEN formatted as SARIF THEN it validates against the OASIS 2.1.0 schema and has what GitHub code scanning needs", async () => {
    const r = await report();
    const sarif = JSON.parse(format(r, "sarif"));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const run = sarif.runs[0];
    for (const rule of run.tool.driver.rules) {
      expect(rule.id).toMatch(/^AA\d{3}$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(5);
      expect(rule.fullDescription.text.length).toBeGreaterThan(5);
      expect(rule.help.text.length).toBeGreaterThan(5);
    }
    expect(run.results.length).toBe(r.findings.length);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(["error", "warning", "note"]).toContain(res.level);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^\/|^[A-Za-z]:|\\/); // repo-relative, forward slashes
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(res.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}:1$/);
    }
    // A suppressed finding carries a SARIF suppression with its justification.
    const suppressed = run.results.filter((x: { suppressions?: unknown[] }) => x.suppressions);
    expect(suppressed.length).toBe(r.summary.suppressed);
    expect(suppressed[0].suppressions[0].justification).toMatch(/\S/);
  });

  test("GIVEN a finding's line moves WHEN formatted again THEN its fingerprint stays the same", async () => {
    const fp = async (cwd: string, file: string) => {
      const r = await check([file], { cwd, config: false, rules: ["AA104"] });
      return JSON.parse(format(r, "sarif")).runs[0].results.map(
        (x: {
          partialFingerprints: unknown;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }) => [x.partialFingerprints, x.locations[0]!.physicalLocation.region.startLine],
      );
    };
    const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "aa-fp-"));
    const text = fs.readFileSync(path.join(FIXTURES, "AA104/aws-fail/main.tf"), "utf8");
    fs.writeFileSync(path.join(dir, "main.tf"), text);
    const before = await fp(dir, path.join(dir, "main.tf"));
    fs.writeFileSync(path.join(dir, "main.tf"), `# a comment\n\n${text}`);
    const after = await fp(dir, path.join(dir, "main.tf"));
    expect(after[0][1]).toBe(before[0][1] + 2);
    expect(after[0][0]).toEqual(before[0][0]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("junit", () => {
  test("GIVEN findings WHEN formatted as JUnit THEN one suite per rule, failures for active errors, skipped for suppressed or below threshold", async () => {
    const r = await report();
    const xml = format(r, "junit");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    const suites = xml.match(/<testsuite /g)!.length;
    expect(suites).toBeGreaterThanOrEqual(r.rules.length);
    const failures = (xml.match(/<failure /g) ?? []).length;
    expect(failures).toBe(r.findings.filter((f) => !f.suppressed && f.severity === "error").length);
    const skipped = (xml.match(/<skipped /g) ?? []).length;
    expect(skipped).toBe(r.findings.length - failures);
    expect(xml).toMatch(
      /<testsuites name="activeactive check" tests="\d+" failures="\d+" errors="0" skipped="\d+">/,
    );
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/); // escaped
  });
});

describe("markdown", () => {
  test("GIVEN findings WHEN formatted for a pull request THEN a verdict, a table of active findings, fixes and the suppressed ones folded", async () => {
    const md = format(await report(), "markdown");
    expect(md).toMatch(/^## activeactive check: ❌ failed/);
    expect(md).toMatch(/\| Severity \| Rule \| Finding \| Resource \| Region \| Location \|/);
    expect(md).toMatch(
      /\| 🔴 error \| AA702 \| .* \| `aws_eks_cluster\.use1` \| us-east-1 \| `AA702\/aws-fail\/main\.tf:10` \|/,
    );
    expect(md).toMatch(/<details><summary>How to fix<\/summary>/);
    expect(md).toMatch(/<details><summary>\d+ suppressed finding\(s\)<\/summary>/);
  });

  test("GIVEN no findings THEN it says so", async () => {
    const r = await check([path.join(FIXTURES, "AA104/aws-pass/main.tf")], {
      cwd: FIXTURES,
      config: false,
      rules: ["AA104"],
    });
    expect(format(r, "markdown")).toMatch(/^## activeactive check: ✅ passed[\s\S]*No findings\./);
  });
});

describe("text", () => {
  test("GIVEN findings THEN one line each, then a summary line", async () => {
    const r = await report();
    const lines = format(r, "text").trimEnd().split("\n");
    expect(lines.length).toBe(r.findings.length + 1);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^FAIL: \\d+ error\\(s\\), \\d+ warning\\(s\\), 0 info, \\d+ suppressed; \\d+ resources and \\d+ Kubernetes objects in \\d+ file\\(s\\), ${RULES.length} rules; fail on error$`,
      ),
    );
  });
});
