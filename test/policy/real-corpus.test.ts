import * as fs from "node:fs";
import * as path from "node:path";
import { check } from "../../lib/policy";

/**
 * Hand-written reductions of shapes found in public repositories (each case's
 * SOURCE.md names the repository, commit and path). Every finding is pinned:
 * a new one or a lost one fails.
 */
const ROOT = path.join(__dirname, "..", "fixtures", "real");
const EXPECTED = JSON.parse(fs.readFileSync(path.join(ROOT, "expected.json"), "utf8")) as Record<
  string,
  [string, string, number, string, string][]
>;

describe("the real-code corpus", () => {
  test("every case has a SOURCE.md and pinned findings", () => {
    const cases = fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory());
    expect(cases.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const c of cases) expect(fs.existsSync(path.join(ROOT, c, "SOURCE.md"))).toBe(true);
  });

  test.each(Object.keys(EXPECTED))("%s gives exactly its pinned findings", async (name) => {
    const dir = path.join(ROOT, name);
    const report = await check([dir], { config: false, cwd: dir });
    const found = report.findings.map((f) => [f.ruleId, f.file, f.line, f.message] as const);
    const expected = EXPECTED[name]!;
    expect(found).toHaveLength(expected.length);
    for (const [rule, file, line, fragment, judged] of expected) {
      expect(found).toContainEqual([rule, file, line, expect.stringContaining(fragment)]);
      // Judged by hand: true, or false with the reason it is kept.
      expect(judged).toMatch(/^(true|false): \S/);
    }
  });

  test("all-unknown: no finding by default, only info findings saying why with --unknown info", async () => {
    const dir = path.join(ROOT, "all-unknown");
    const silent = await check([dir], { config: false, cwd: dir });
    expect(silent.findings).toEqual([]);
    expect(silent.summary.exitCode).toBe(0);
    const info = await check([dir], { config: false, cwd: dir, unknown: "info" });
    expect(info.findings.length).toBeGreaterThanOrEqual(20);
    for (const f of info.findings) {
      expect(f.severity).toBe("info");
      expect(f.message).toMatch(/cannot tell .+: .*(has no default|dynamic "\w+" block)/);
    }
    // Every rule that reads one of these attributes says so.
    expect(new Set(info.findings.map((f) => f.ruleId))).toEqual(
      new Set([
        "AA101",
        "AA102",
        "AA103",
        "AA104",
        "AA201",
        "AA203",
        "AA204",
        "AA301",
        "AA302",
        "AA304",
        "AA501",
        "AA701",
        "AA702",
        "AA703",
      ]),
    );
    expect(info.summary.exitCode).toBe(0);
  });
});
