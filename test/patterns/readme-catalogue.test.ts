import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { PATTERN_TABLE, PATTERNS } from "../../lib/core/patterns";

/** The README catalogue rows: blueprint file, pattern, choose-it-when, RPO, write availability, latency. */
function catalogueRows(): string[][] {
  const text = fs.readFileSync("README.md", "utf8");
  const section = text.slice(text.indexOf("### The catalogue"));
  return section
    .split("\n")
    .filter((l) => l.startsWith("| [") && l.includes("(blueprints/"))
    .map((l) =>
      l
        .slice(1, -1)
        .split(" | ")
        .map((c) => c.trim()),
    );
}

describe("the README catalogue matches the pattern table in lib/core/patterns.ts", () => {
  const rows = catalogueRows();
  const files = fs.readdirSync("blueprints").filter((f) => f.endsWith(".yaml"));

  test("one row per blueprint, and every pattern has a row", () => {
    expect(rows.map((r) => /\(blueprints\/([^)]+)\)/.exec(r[0]!)?.[1]).sort()).toEqual([...files].sort());
    const patterns = rows.map((r) => /^`([a-z-]+)`/.exec(r[1]!)?.[1]);
    for (const p of PATTERNS) expect(patterns).toContain(p);
  });

  test.each(files)(
    "%s: its row names its pattern and that pattern's RPO, write availability and latency cost",
    (file) => {
      const row = rows.find((r) => r[0]!.includes(`(blueprints/${file})`))!;
      expect(row).toHaveLength(6);
      const pattern = loadBlueprintFile(path.join("blueprints", file)).pattern;
      expect(row[1]).toMatch(new RegExp(`^\`${pattern}\``));
      expect(row[2]!.length).toBeGreaterThan(20);
      const spec = PATTERN_TABLE[pattern];
      expect(row.slice(3)).toEqual([
        spec.regionLoss.rpo,
        spec.regionLoss.writeAvailability,
        spec.latencyCost,
      ]);
    },
  );
});
