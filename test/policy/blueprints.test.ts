import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
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
      // Suppressions in our own output must say why.
      expect(report.findings.filter((f) => f.ruleId === "AA001")).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
