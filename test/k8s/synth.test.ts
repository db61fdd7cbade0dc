import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { clusterName } from "../../lib/core/names";
import { writeManifests } from "../../lib/k8s/synth";
import { multiCloud } from "./fixtures";

function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r)));
    }
  };
  walk("");
  return out;
}

describe("writeManifests", () => {
  test("the default blueprint gives one folder per region's cluster and the gitops folder", () => {
    // GIVEN the default blueprint
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-synth-"));
    // WHEN written
    const files = writeManifests(b, dir);
    // THEN every region has its cluster folder, and the returned list is what is on disk, sorted
    expect(fs.readdirSync(path.join(dir, "k8s")).sort()).toEqual(
      b.regions.map((r) => clusterName(b, r)).sort(),
    );
    expect(files).toEqual([...readTree(dir).keys()].sort());
    expect(files).toEqual([...files].sort());
    for (const r of b.regions) {
      expect(files).toEqual(
        expect.arrayContaining([
          `k8s/${clusterName(b, r)}/namespace.yaml`,
          `k8s/${clusterName(b, r)}/workload-api.yaml`,
          `k8s/${clusterName(b, r)}/slo-rules.yaml`,
          `gitops/${clusterName(b, r)}/argocd.yaml`,
        ]),
      );
    }
    expect(files).toContain("gitops/rollout.json");
  });

  test("two runs are byte-identical and hold no path of the machine", () => {
    // GIVEN the same blueprint written twice into different folders
    const b = multiCloud();
    const [one, two] = [1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "k8s-det-")));
    writeManifests(b, one!);
    writeManifests(multiCloud(), two!);
    // THEN the trees are equal byte for byte
    const a = readTree(one!);
    const c = readTree(two!);
    expect([...c.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(c.get(file)!.equals(bytes)).toBe(true);
    // AND no file names the folder it was written to, or the working directory
    for (const bytes of a.values()) {
      expect(bytes.toString()).not.toContain(one!);
      expect(bytes.toString()).not.toContain(process.cwd());
    }
  });

  test("env given in another key order renders the same bytes", () => {
    const env = (e: Record<string, string>) =>
      multiCloud([{ name: "api", image: "api:1", port: 80, env: e }]);
    const dirs = [1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "k8s-order-")));
    writeManifests(env({ A: "1", B: "2" }), dirs[0]!);
    writeManifests(env({ B: "2", A: "1" }), dirs[1]!);
    const a = readTree(dirs[0]!);
    const c = readTree(dirs[1]!);
    for (const [file, bytes] of a) expect(c.get(file)!.equals(bytes)).toBe(true);
  });

  test("a blueprint without workloads still gets its namespace, SLO rules and GitOps objects", () => {
    const b = multiCloud([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-none-"));
    const files = writeManifests(b, dir, { repoURL: "https://github.com/acme/shop-deploy.git" });
    expect(files.filter((f) => f.startsWith("k8s/shop-aws-us-east-1/"))).toEqual([
      "k8s/shop-aws-us-east-1/dashboards.yaml",
      "k8s/shop-aws-us-east-1/namespace.yaml",
      "k8s/shop-aws-us-east-1/nodes.yaml",
      "k8s/shop-aws-us-east-1/slo-rules.yaml",
    ]);
    const rules = fs.readFileSync(path.join(dir, "k8s/shop-aws-us-east-1/slo-rules.yaml"), "utf8");
    expect(rules).toContain("record: activeactive:http_errors:ratio_rate5m");
    expect(rules).not.toContain("ActiveActiveErrorBudgetBurn");
    expect(files).toContain("gitops/shop-aws-us-east-1/argocd.yaml");
  });

  test("CDK8S_DISABLE_SORT in the environment does not change a byte", () => {
    const dirs = [1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "k8s-sort-")));
    writeManifests(multiCloud(), dirs[0]!);
    process.env.CDK8S_DISABLE_SORT = "1";
    try {
      writeManifests(multiCloud(), dirs[1]!);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
    const a = readTree(dirs[0]!);
    const c = readTree(dirs[1]!);
    expect([...c.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a)
      expect({ file, same: c.get(file)!.equals(bytes) }).toEqual({ file, same: true });
  });
});
