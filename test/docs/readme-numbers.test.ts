import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { synthesize } from "../../lib/synth";

// README states what `npm run synth` gives for the default blueprint; every
// merge that adds a resource or an output file changes it, so it is read
// against a real synth here rather than trusted.

const readme = fs.readFileSync("README.md", "utf8").replace(/\s+/g, " ");

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test("the README's resource and file counts for the default blueprint are the synthesized ones", () => {
  const claim = readme.match(
    /`global-saas-global` (\d+) resources, each of the three AWS region stacks (\d+), and (\d+) files under `dist\/` \((\d+) of them runbooks\)/,
  );
  expect(claim).not.toBeNull();
  const [, global, region, files, runbooks] = claim!.map(Number);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aa-readme-"));
  const dist = path.join(tmp, "dist");
  const result = synthesize(loadBlueprintFile("blueprints/global-saas.yaml"), {
    outdir: path.join(tmp, "cdktf.out"),
    manifestsDir: dist,
  });
  const count = (name: string) => result.stacks.find((s) => s.name === name)?.resources;
  expect(count("global-saas-global")).toBe(global);
  for (const r of ["us-east-1", "eu-west-1", "ap-southeast-1"])
    expect(count(`global-saas-aws-${r}`)).toBe(region);
  const written = filesUnder(dist);
  expect(written).toHaveLength(files!);
  expect(written.filter((f) => f.includes(`${path.sep}runbooks${path.sep}`))).toHaveLength(runbooks!);
});
