import * as fs from "node:fs";
import * as path from "node:path";
import {
  fileCycles,
  LAYERS,
  type Layer,
  layerViolations,
  sourceFiles,
  tableRows,
  unitCycles,
} from "./layers";

const ROOT = path.resolve(__dirname, "../..");
const files = sourceFiles(ROOT, ["lib", "stacks", "main.ts"]);

describe("the layers hold", () => {
  test("every .ts file under lib/ and stacks/ is in a layer and imports only what the table allows", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(layerViolations(ROOT, files, LAYERS)).toEqual([]);
  });

  test("no import cycle between files", () => {
    expect(fileCycles(ROOT, files)).toEqual([]);
  });

  test("no import cycle between folders", () => {
    expect(unitCycles(ROOT, files, LAYERS)).toEqual([]);
  });
});

describe("the checker fails on a tree that breaks the table", () => {
  // GIVEN a fixture tree: core imports blueprint (forbidden), core imports a
  // package, policy loads cdktf, two blueprint files import each other, and
  // one file is in no layer
  const FIXTURE = path.resolve(__dirname, "../fixtures/layers");
  const fixtureFiles = sourceFiles(FIXTURE, ["lib", "stacks"]);
  const table: Layer[] = [
    { unit: "lib/core/", may: [], packages: "node: only" },
    { unit: "lib/blueprint/", may: ["lib/core/"], packages: "any" },
    { unit: "lib/policy/", may: ["lib/core/"], packages: "no cdktf, cdk8s, constructs" },
    { unit: "stacks/", may: ["lib/core/", "lib/blueprint/"], packages: "any" },
  ];

  test("WHEN checked THEN exactly the forbidden imports are reported, with file and import", () => {
    expect(layerViolations(FIXTURE, fixtureFiles, table)).toEqual([
      {
        file: "lib/core/cidr.ts",
        specifier: "../blueprint/model",
        message: "lib/core/ may not import lib/blueprint/ (allowed: nothing of ours)",
      },
      { file: "lib/core/cidr.ts", specifier: "yaml", message: "lib/core/ imports no package (found yaml)" },
      { file: "lib/policy/rule.ts", specifier: "cdktf", message: "lib/policy/ must not load cdktf" },
      { file: "lib/stray.ts", specifier: "", message: "not in any layer of the table" },
    ]);
  });

  test("WHEN checked THEN the file cycle and the folder cycle are reported", () => {
    expect(fileCycles(FIXTURE, fixtureFiles)).toEqual([
      ["lib/blueprint/load.ts", "lib/blueprint/model.ts", "lib/core/cidr.ts"],
    ]);
    expect(unitCycles(FIXTURE, fixtureFiles, table)).toEqual([["lib/blueprint/", "lib/core/"]]);
  });

  test("WHEN the forbidden edges are allowed THEN only the cycles remain: the checks are independent", () => {
    const lenient = table.map((l) => ({ ...l, may: [...l.may, "lib/blueprint/"], packages: "any" as const }));
    expect(
      layerViolations(FIXTURE, fixtureFiles, [
        ...lenient,
        { unit: "lib/stray.ts", may: [], packages: "any" },
      ]),
    ).toEqual([]);
  });
});

describe("docs/architecture.md", () => {
  test("states the same layer table as the test", () => {
    // GIVEN the table under "## Layers" in the doc
    const doc = fs.readFileSync(path.join(ROOT, "docs/architecture.md"), "utf8");
    const start = doc.indexOf("## Layers");
    expect(start).toBeGreaterThanOrEqual(0);
    const section = doc.slice(start, doc.indexOf("\n## ", start + 1));
    const rows = section
      .split("\n")
      .filter((l) => /^\| `/.test(l))
      .map((l) =>
        l
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim().replace(/`/g, "")),
      );
    // THEN it is the code's table, row by row
    expect(rows).toEqual(tableRows(LAYERS));
  });
});
