import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { synthesize } from "../../lib/synth";
import { DEFAULT_BLUEPRINT } from "./helpers";

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("synth determinism", () => {
  test("GIVEN the default blueprint synthesized twice into different folders THEN the Terraform files are byte-identical", () => {
    const tmp = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "det-"));
    const blueprint = loadBlueprintFile(DEFAULT_BLUEPRINT);
    const a = path.join(tmp, "a", "cdktf.out");
    const b = path.join(tmp, "elsewhere", "b", "cdktf.out");
    synthesize(blueprint, { outdir: a, manifestsDir: path.join(tmp, "a", "dist") });
    synthesize(blueprint, { outdir: b, manifestsDir: path.join(tmp, "elsewhere", "b", "dist") });
    const first = filesUnder(a);
    const second = filesUnder(b);
    expect(Object.keys(first).filter((f) => f.endsWith("cdk.tf.json"))).toHaveLength(4);
    expect(second).toEqual(first);
    // No absolute path of the checkout or the output leaks into the output.
    for (const [file, text] of Object.entries(first)) {
      expect([file, text.includes(tmp) || text.includes(process.cwd())]).toEqual([file, false]);
    }
  });
});
