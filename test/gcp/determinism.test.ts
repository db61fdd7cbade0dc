import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { synthesize } from "../../lib/synth";
import { GCP_GLOBAL, MULTI_CLOUD } from "./fixtures";

/** Every file under `dir`, relative path -> content. */
function readTree(dir: string): Record<string, string> {
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

test.each([MULTI_CLOUD, GCP_GLOBAL])(
  "GIVEN %s synthesized twice into different folders THEN the Terraform output is byte-identical and holds no absolute path",
  (file) => {
    const trees = [0, 1].map((i) => {
      const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", `det-${i}-`));
      synthesize(loadBlueprintFile(file), {
        outdir: path.join(dir, "cdktf.out"),
        manifestsDir: path.join(dir, "dist"),
      });
      const tree = readTree(path.join(dir, "cdktf.out"));
      for (const [name, text] of Object.entries(tree))
        expect([name, text.includes(dir)]).toEqual([name, false]);
      return tree;
    });
    expect(Object.keys(trees[0]!).filter((f) => f.endsWith("cdk.tf.json")).length).toBeGreaterThan(3);
    expect(trees[1]).toEqual(trees[0]);
  },
);
