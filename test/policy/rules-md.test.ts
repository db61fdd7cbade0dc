import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../lib/policy";
import { renderRulesMarkdown } from "../../lib/policy/docs";

test("GIVEN the rule catalogue WHEN RULES.md is rendered THEN the committed file is up to date (run `npm run rules:md`)", () => {
  const committed = fs.readFileSync(path.join(__dirname, "..", "..", "RULES.md"), "utf8");
  expect(committed).toBe(renderRulesMarkdown(RULES));
});

test("GIVEN the catalogue THEN ids are unique, in order, one file each, and every entry is complete", () => {
  const ids = RULES.map((r) => r.id);
  expect(ids).toEqual([...new Set(ids)].sort());
  expect(ids).toEqual([
    "AA101",
    "AA102",
    "AA103",
    "AA104",
    "AA105",
    "AA106",
    "AA201",
    "AA202",
    "AA203",
    "AA204",
    "AA205",
    "AA206",
    "AA207",
    "AA301",
    "AA302",
    "AA303",
    "AA304",
    "AA401",
    "AA402",
    "AA403",
    "AA501",
    "AA502",
    "AA503",
    "AA504",
    "AA601",
    "AA602",
    "AA603",
    "AA701",
    "AA702",
    "AA703",
    "AA801",
    "AA802",
    "AA803",
    "AA804",
  ]);
  const files = fs
    .readdirSync(path.join(__dirname, "..", "..", "lib", "policy", "rules"))
    .filter((f) => /^aa\d{3}-/.test(f));
  expect(files.map((f) => f.slice(0, 5).toUpperCase())).toEqual(ids);
  for (const r of RULES) {
    expect(r.title.length).toBeGreaterThan(10);
    expect(r.rationale.length).toBeGreaterThan(40);
    expect(r.fix.length).toBeGreaterThan(20);
    expect(r.failureMode).toMatch(/^F[1-7]$/);
    expect(["error", "warning", "info"]).toContain(r.severity);
  }
});
