import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { PATTERNS } from "../../lib/core/patterns";
import { synthesize } from "../../lib/synth";
import { findTerraform, runOffline } from "../../lib/terraform/offline";
import { runCli } from "../helpers/run-cli";

const withTerraform = findTerraform() === undefined ? test.skip : test;
const BLUEPRINTS = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** The catalogue blueprints this suite plans (the older three are planned in test/terraform). */
const NEW = ["cart-crdt.yaml", "ledger-consensus.yaml", "orders-events.yaml", "profiles-local.yaml"];

function synthTo(file: string): { out: string; dist: string } {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "aa-cat-"));
  const out = path.join(dir, "cdktf.out");
  const dist = path.join(dir, "dist");
  synthesize(loadBlueprintFile(file), { outdir: out, manifestsDir: dist });
  return { out, dist };
}

describe("the catalogue covers the five patterns", () => {
  test("every pattern has at least one blueprint in blueprints/", () => {
    const patterns = BLUEPRINTS.map((f) => loadBlueprintFile(path.join("blueprints", f)).pattern);
    for (const p of PATTERNS) expect(patterns).toContain(p);
  });

  describe.each(NEW)("%s", (file) => {
    const synth = synthTo(path.join("blueprints", file));

    test("passes activeactive check with 0 errors", async () => {
      const run = await runCli("check", synth.out, synth.dist);
      expect(run.stdout).toMatch(/\b0 errors?\b/);
    });

    withTerraform(
      "every AWS stack plans offline",
      async () => {
        const results = await runOffline(synth.out, { jobs: 1 });
        expect(results.length).toBeGreaterThan(0);
        for (const r of results)
          expect([r.stack, r.status, r.reason]).toEqual([r.stack, "passed", undefined]);
      },
      600_000,
    );
  });
});
