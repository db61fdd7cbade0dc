import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../helpers/run-cli";
import { parseXml } from "../helpers/xml";

const DEFAULT = "blueprints/global-saas.yaml";

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aa-diagram-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("activeactive diagram", () => {
  test("GIVEN the default blueprint THEN exit 0 and an SVG on stdout", async () => {
    const r = await runCli("diagram", DEFAULT);
    expect(r.code).toBe(0);
    expect(parseXml(r.stdout).root).toBe("svg");
    expect(r.stderr).toBe("");
  });

  test("GIVEN --out THEN the file holds the SVG and stderr says what was drawn where", async () => {
    const out = path.join(tmp, "arch.svg");
    const r = await runCli("diagram", DEFAULT, "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(parseXml(fs.readFileSync(out, "utf8")).texts).toContain("us-east-1");
    expect(r.stderr).toMatch(new RegExp(`^Drew global-saas \\(3 regions, .*\\) as svg in ${out}\\n$`));
    expect(fs.readdirSync(tmp)).toEqual(["arch.svg"]);
  });

  test("--format mermaid and --format dot", async () => {
    const mermaid = await runCli("diagram", DEFAULT, "--format", "mermaid");
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n[\s\S]*subgraph aws_eu_west_1\["eu-west-1"\]/);
    const dot = await runCli("diagram", DEFAULT, "--format=dot");
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph architecture \{\n[\s\S]*subgraph cluster_aws \{/);
  });

  test("GIVEN no blueprint, two, or a bad format THEN exit 2 naming what was found and expected", async () => {
    const none = await runCli("diagram");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^error: diagram takes one blueprint file \(found none, expected activeactive diagram/,
    );
    const two = await runCli("diagram", DEFAULT, DEFAULT);
    expect(two.code).toBe(2);
    const format = await runCli("diagram", DEFAULT, "--format", "png");
    expect(format.code).toBe(2);
    expect(format.stderr).toBe(
      'error: bad value for --format (found "png", expected one of svg, mermaid, dot)\n',
    );
  });

  test("GIVEN a blueprint with an error THEN exit 2 with file, line, path, found and expected, and no stack trace", async () => {
    const bad = path.join(tmp, "bad.yaml");
    fs.writeFileSync(bad, fs.readFileSync(DEFAULT, "utf8").replace("region: eu-west-1", "region: eu-west-9"));
    const r = await runCli("diagram", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: ${bad}:\\d+:\\d+: spec\\.regions\\[1\\]\\.region: unknown aws region \\(found "eu-west-9", expected`,
      ),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("GIVEN an earlier picture WHEN a run fails THEN the earlier file is left as it was", async () => {
    const out = path.join(tmp, "arch.svg");
    expect((await runCli("diagram", DEFAULT, "--out", out)).code).toBe(0);
    const before = fs.readFileSync(out, "utf8");
    const bad = path.join(tmp, "bad.yaml");
    fs.writeFileSync(bad, "apiVersion: activeactive/v1\nkind: Blueprint\n");
    const r = await runCli("diagram", bad, "--out", out);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(out, "utf8")).toBe(before);
    expect(fs.readdirSync(tmp).sort()).toEqual(["arch.svg", "bad.yaml"]);
  });

  test("GIVEN an output folder that does not exist THEN exit 2 naming the file", async () => {
    const out = path.join(tmp, "missing", "arch.svg");
    const r = await runCli("diagram", DEFAULT, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${out}: cannot write the diagram: ENOENT (expected a writable file in an existing folder)\n`,
    );
  });

  test("--help lists the options", async () => {
    const r = await runCli("diagram", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--out[\s\S]*--format/);
  });
});
