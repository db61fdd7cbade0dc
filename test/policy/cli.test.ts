import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../helpers/run-cli";

const FIXTURES = path.join(__dirname, "..", "fixtures", "policy");
const INPUTS = path.join(FIXTURES, "_inputs");
const fail = path.join(FIXTURES, "AA104/aws-fail/main.tf.json");
const pass = path.join(FIXTURES, "AA104/aws-pass/main.tf.json");

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aa-cli-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("exit codes", () => {
  test("GIVEN a compliant input WHEN checked with its rule THEN exit 0", async () => {
    const r = await runCli("check", pass, "--rules", "AA104");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS: 0 error\(s\)/m);
  });

  test("GIVEN an error finding WHEN checked THEN exit 1 and the finding names file, line and rule", async () => {
    const r = await runCli("check", path.join(FIXTURES, "AA702/aws-fail/main.tf"), "--rules", "AA702");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /AA702\/aws-fail\/main\.tf:10: error AA702 aws_eks_cluster\.use1 does not encrypt Secrets/,
    );
  });

  test("GIVEN only a warning WHEN --fail-on error (default) THEN exit 0; WHEN --fail-on warning THEN exit 1", async () => {
    expect((await runCli("check", fail, "--rules", "AA104")).code).toBe(0);
    expect((await runCli("check", fail, "--rules", "AA104", "--fail-on", "warning")).code).toBe(1);
  });

  test("GIVEN an unreadable input next to a readable one THEN exit 2, the message on stderr, the other input still reported", async () => {
    const r = await runCli(
      "check",
      fail,
      path.join(tmp, "missing.tf.json"),
      "--rules",
      "AA104",
      "--format",
      "json",
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*missing\.tf\.json: no such file or folder$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      "AA000",
      "AA104",
    ]);
  });

  test("GIVEN no paths, an unknown flag, an unknown rule or a bad number THEN exit 2 with a message", async () => {
    const none = await runCli("check");
    expect([none.code, none.stderr]).toEqual([
      2,
      expect.stringMatching(/check needs at least one file or folder/),
    ]);
    const flag = await runCli("check", pass, "--colour");
    expect([flag.code, flag.stderr]).toEqual([
      2,
      expect.stringMatching(/unknown flag --colour for "activeactive check"/),
    ]);
    const rule = await runCli("check", pass, "--rules", "AA999");
    expect([rule.code, rule.stderr]).toEqual([2, expect.stringMatching(/unknown rule id\(s\) AA999/)]);
    const secs = await runCli("check", pass, "--failover-seconds", "soon");
    expect([secs.code, secs.stderr]).toEqual([
      2,
      expect.stringMatching(/bad value for --failover-seconds \(found "soon"/),
    ]);
    const fmt = await runCli("check", pass, "--format", "xml");
    expect([fmt.code, fmt.stderr]).toEqual([
      2,
      expect.stringMatching(/bad value for --format.*one of text, json, sarif, junit, markdown/),
    ]);
  });

  test("GIVEN a folder with nothing to check THEN exit 2, and the JSON report is still written", async () => {
    fs.writeFileSync(path.join(tmp, "notes.txt"), "hello");
    const r = await runCli("check", tmp, "--format", "json");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*: no input found \(expected a cdktf\.out folder/m);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["AA000"]);
  });
});

describe("flags", () => {
  test("GIVEN --skip THEN the rule does not run and the summary says it was skipped", async () => {
    const r = await runCli("check", fail, "--skip", "AA104", "--format", "json");
    const out = JSON.parse(r.stdout);
    expect(out.findings.filter((f: { ruleId: string }) => f.ruleId === "AA104")).toEqual([]);
    expect(out.summary.rulesSkipped).toEqual(["AA104"]);
    expect(out.summary.rulesRun).not.toContain("AA104");
  });

  test("GIVEN --failover-seconds THEN AA103 uses it (a 160 s failover passes a 160 s SLO and fails a 159 s one)", async () => {
    // aws-fail: 30 s interval x 3 + 10 s Route 53 propagation + 60 s TTL = 160 s.
    const file = path.join(FIXTURES, "AA103/aws-fail/main.tf.json");
    expect((await runCli("check", file, "--rules", "AA103", "--failover-seconds", "160")).code).toBe(0);
    const r = await runCli("check", file, "--rules", "AA103", "--failover-seconds", "159");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/takes about 160 s .* above the 159 s SLO/);
  });

  test("GIVEN --output FILE THEN the report goes to the file and the verdict to stderr", async () => {
    const out = path.join(tmp, "report.sarif");
    const r = await runCli("check", fail, "--format", "sarif", "--output", out);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/report in .*report\.sarif/);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).version).toBe("2.1.0");
  });

  test("GIVEN --config FILE THEN its rules, parameters, threshold and suppressions apply", async () => {
    const config = path.join(tmp, "policy.yaml");
    fs.writeFileSync(
      config,
      [
        "rules: [AA104, AA503]",
        "failOn: warning",
        "parameters:",
        "  requiredTags: [service]",
        "suppress:",
        "  - rule: AA104",
        "    resource: aws_route53_health_check.*",
        "    reason: the canary check is meant to be twitchy",
      ].join("\n"),
    );
    const r = await runCli(
      "check",
      path.join(FIXTURES, "AA104/aws-fail/main.tf"),
      "--config",
      config,
      "--format",
      "json",
    );
    const out = JSON.parse(r.stdout);
    expect(out.summary.rulesRun).toEqual(["AA104", "AA503"]);
    expect(out.summary.failOn).toBe("warning");
    // AA104 is reported, marked suppressed; AA503 (requires only `service` now) still fires: warning >= warning -> exit 1.
    expect(
      out.findings.map((f: { ruleId: string; suppressed: boolean }) => [f.ruleId, f.suppressed]),
    ).toEqual([
      ["AA104", true],
      ["AA503", false],
    ]);
    expect(out.summary.suppressions[0].reason).toBe("the canary check is meant to be twitchy");
    expect(r.code).toBe(1);
  });

  test("GIVEN a config with mistakes THEN exit 2 naming the file and each path", async () => {
    const config = path.join(tmp, "bad.yaml");
    fs.writeFileSync(
      config,
      "failOn: sometimes\nparameters:\n  failoverSeconds: -1\n  colour: red\nrules: [AA1]\n",
    );
    const r = await runCli("check", pass, "--config", config);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /bad\.yaml: rules: invalid value \(found \["AA1"\], expected a list of rule ids like AA101\)$/,
      ),
      expect.stringMatching(
        /bad\.yaml: failOn: invalid value \(found "sometimes", expected error, warning, info, none\)$/,
      ),
      expect.stringMatching(
        /bad\.yaml: parameters\.failoverSeconds: invalid value \(found -1, expected a number >= 0\)$/,
      ),
      expect.stringMatching(
        /bad\.yaml: parameters\.colour: invalid value \(found "colour", expected one of failoverSeconds/,
      ),
    ]);
  });
});

describe(".activeactive.yaml", () => {
  test("GIVEN a .activeactive.yaml in the working folder WHEN checking without --config THEN it is used; config: false ignores it", async () => {
    fs.writeFileSync(path.join(tmp, ".activeactive.yaml"), "skip: [AA104]\n");
    const { check } = await import("../../lib/policy");
    const found = await check([fail], { cwd: tmp });
    expect(found.summary.rulesSkipped).toEqual(["AA104"]);
    const ignored = await check([fail], { cwd: tmp, config: false });
    expect(ignored.summary.rulesSkipped).toEqual([]);
  });
});

describe("the check command stays light", () => {
  const bin = path.resolve("build/lib/cli/main.js");
  test("GIVEN the built CLI WHEN it checks cdktf output, HCL, a plan and YAML THEN no cdktf or provider module was loaded", () => {
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
    // A preload hook records every module the process loads.
    const hook = path.join(tmp, "record.js");
    const log = path.join(tmp, "modules.txt");
    fs.writeFileSync(
      hook,
      `const M = require("module"); const fs = require("fs"); const seen = new Set();
       const orig = M._load; M._load = function (req, parent, isMain) { seen.add(req); return orig.apply(this, arguments); };
       process.on("exit", () => fs.writeFileSync(${JSON.stringify(log)}, [...seen].join("\\n")));`,
    );
    const r = spawnSync(
      process.execPath,
      [
        "-r",
        hook,
        bin,
        "check",
        path.join(INPUTS, "cdktf.out"),
        path.join(INPUTS, "hcl-module"),
        path.join(INPUTS, "k8s"),
        path.join(FIXTURES, "AA101/aws-fail/plan.json"),
        "--format",
        "json",
      ],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    const modules = fs.readFileSync(log, "utf8").split("\n");
    expect(modules).toContain("@cdktf/hcl2json"); // the hook works: it saw the HCL parser load
    expect(
      modules.filter((m) => /(^|\/)cdktf(\/|$)|@cdktf\/provider-|(^|\/)constructs(\/|$)|cdk8s/.test(m)),
    ).toEqual([]);
  });
});

describe("--as-of (AA504's check day)", () => {
  const eks = path.join(FIXTURES, "AA504/aws-fail/main.tf");

  test("GIVEN EKS 1.31 and 1.33 on 2026-12-01 THEN an error past extended support and a warning in extended support", async () => {
    const r = await runCli("check", eks, "--rules", "AA504", "--as-of", "2026-12-01");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /error AA504 aws_eks_cluster\.use1 runs Kubernetes 1\.31: EKS extended support ended 2026-11-26/,
    );
    expect(r.stdout).toMatch(
      /warning AA504 aws_eks_cluster\.euw1 runs Kubernetes 1\.33: EKS standard support ended 2026-07-29/,
    );
  });

  test("GIVEN the same input checked as of 2025-06-01 THEN both were in standard support: exit 0", async () => {
    const r = await runCli("check", eks, "--rules", "AA504", "--as-of", "2025-06-01");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS: 0 error\(s\), 0 warning\(s\)/m);
  });

  test("GIVEN a day that does not exist THEN exit 2 naming the flag and the form", async () => {
    const r = await runCli("check", eks, "--as-of", "2026-02-30");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad value for --as-of \(found "2026-02-30", expected a day written YYYY-MM-DD/);
  });
});
