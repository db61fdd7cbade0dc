import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { resolveBlueprint } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { clusterName } from "../../lib/core/names";
import { AA502_DEFAULT_ALLOWANCES, allowanceText, PARITY_ALLOWED_DIFFERENCES } from "../../lib/core/parity";
import { renderManifests, writeManifests } from "../../lib/k8s/synth";
import { checkSync } from "../../lib/policy/check";
import { DEFAULT_PARAMETERS } from "../../lib/policy/config";
import { rule as aa502Rule } from "../../lib/policy/rules/aa502-workload-drift";
import { fullWorkload, multiCloud, threeRegions } from "./fixtures";

/** Writes the manifests and returns the cluster folders' parent. */
function written(b: Blueprint): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-parity-"));
  writeManifests(b, dir);
  return path.join(dir, "k8s");
}

/** AA502's messages on a folder: with its defaults (the contract), or with exactly `allowed`. */
function aa502(dir: string, allowed?: readonly string[]): string[] {
  const report = checkSync([dir], { rules: ["AA502"], config: false });
  if (allowed === undefined) return report.findings.map((f) => f.message);
  const params = { ...DEFAULT_PARAMETERS, allowedWorkloadDifferences: allowed };
  return [...aa502Rule.check(report.inventory, params)].map((r) => r.message);
}

interface Reported {
  readonly kind: string;
  readonly name: string;
  readonly path: string;
}

/** Every path AA502 reports as differing, with the object's kind and name. */
function reported(messages: readonly string[]): Reported[] {
  return messages.flatMap((m) => {
    const hit = /^(\w+)\/[^/\s]*\/(\S+) in cluster \S+ differs from cluster \S+ at (.+)$/.exec(m);
    if (!hit) throw new Error(`not a drift message: ${m}`);
    return hit[3]!.split(", ").map((path) => ({ kind: hit[1]!, name: hit[2]!, path }));
  });
}

/** `Kind path` of every path AA502 reports as differing. */
function reportedPaths(messages: readonly string[]): string[] {
  return reported(messages).map((r) => `${r.kind} ${r.path}`);
}

/** True when the contract allows `dotted` (a path as AA502 reports it) on `kind`. */
function inContract({ kind, name, path: dotted }: Reported): boolean {
  // `*` may span dots: AA502 names array items by their name, and names carry dots.
  const quote = (k: string) => (k === "*" ? ".+" : k.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"));
  return PARITY_ALLOWED_DIFFERENCES.some(
    (a) =>
      (a.kind === "*" || a.kind === kind) &&
      (a.nameSuffix === undefined || name.endsWith(a.nameSuffix)) &&
      new RegExp(`^${a.path.map(quote).join("\\.")}(\\..+)?$`).test(dotted),
  );
}

describe("parity between regional clusters, asserted through AA502", () => {
  test.each([
    ["two clouds, every workload field", multiCloud()],
    [
      "three aws regions, uneven weights",
      threeRegions([50, 30, 20], [{ ...fullWorkload, regionEnv: { "eu-west-1": { EXTRA: "1" } } }]),
    ],
    [
      "fixed replicas without autoscaling",
      threeRegions([1, 1, 0], [{ name: "web", image: "web:1", port: 80 }]),
    ],
  ])("%s: AA502 with the contract finds nothing; without it, only contract paths differ", (_, b) => {
    // GIVEN the manifests written for every regional cluster
    const dir = written(b);
    expect(fs.readdirSync(dir)).toHaveLength(b.regions.length);
    // WHEN AA502 runs with its defaults THEN nothing is reported
    expect(aa502(dir)).toEqual([]);
    // AND WHEN it runs with no allowance THEN differences exist (the region label at least)
    const found = reported(aa502(dir, []));
    expect(found.map((r) => r.path)).toContain("metadata.labels.topology.kubernetes.io/region");
    // AND every one of them is a row of the contract
    expect(found.filter((r) => !inContract(r))).toEqual([]);
  });

  test("the per-region differences of a two-cloud blueprint: identity, replicas, region env, alert labels", () => {
    // GIVEN an aws and a gcp cluster of the same workload, checked with no allowance
    const paths = reportedPaths(aa502(written(multiCloud()), []));
    // THEN the identity annotations, the HPA floor, the region ConfigMap, the config hash and the alert labels differ
    expect(paths).toEqual(
      expect.arrayContaining([
        "ServiceAccount metadata.annotations.iam.gke.io/gcp-service-account",
        "ServiceAccount metadata.annotations.activeactive.dev/pod-identity-role",
        "HorizontalPodAutoscaler spec.minReplicas",
        "ConfigMap data.CLOUD", // AA502 names five paths per object; CLOUD sorts first
        "Deployment spec.template.metadata.annotations.activeactive.dev/region-config-hash",
        expect.stringMatching(/^PrometheusRule spec\.groups\..+\.rules\.\d+\.labels\.region$/),
      ]),
    );
  });

  test("an undeclared difference is drift: another image tag in one region", () => {
    // GIVEN one cluster's Deployment with another image tag
    const b = multiCloud();
    const dir = written(b);
    const file = path.join(dir, clusterName(b, b.regions[1]!), "workload-api.yaml");
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("image: ghcr.io/acme/api:2.3.1");
    fs.writeFileSync(file, text.replace("image: ghcr.io/acme/api:2.3.1", "image: ghcr.io/acme/api:2.3.0"));
    // WHEN AA502 runs with the contract THEN the image path is reported and nothing else
    expect(aa502(dir)).toEqual([
      expect.stringMatching(
        /^Deployment\/shop\/api in cluster \S+ differs from cluster \S+ at spec\.template\.spec\.containers\.api\.image$/,
      ),
    ]);
  });
});

describe("the parity contract", () => {
  test("AA502's default allowances are the contract, each with a reason", () => {
    expect(DEFAULT_PARAMETERS.allowedWorkloadDifferences).toEqual(AA502_DEFAULT_ALLOWANCES);
    expect(AA502_DEFAULT_ALLOWANCES).toEqual(PARITY_ALLOWED_DIFFERENCES.map(allowanceText));
    expect(AA502_DEFAULT_ALLOWANCES).toContain("ConfigMap/*-region:data");
    expect(AA502_DEFAULT_ALLOWANCES).toContain("metadata.labels.topology.kubernetes.io/region");
    expect(PARITY_ALLOWED_DIFFERENCES.every((a) => a.reason.length > 0)).toBe(true);
  });

  test("docs/k8s.md's table is the contract, row by row", () => {
    // GIVEN the table under "Parity: what may differ between regions"
    const doc = fs.readFileSync("docs/k8s.md", "utf8");
    const start = doc.indexOf("## Parity: what may differ between regions");
    const section = doc.slice(start, doc.indexOf("\n## ", start + 1));
    const rows = section
      .split("\n")
      .filter((l) => /^\| .* \| `/.test(l))
      .map((l) => l.split("|").map((c) => c.trim()))
      .map(([, kind, p]) => `${kind!.replace(/`/g, "")} ${p!.replace(/`/g, "")}`);
    // THEN it lists exactly the allowances, in order
    const expected = PARITY_ALLOWED_DIFFERENCES.map(
      (a) =>
        `${a.kind === "*" ? "any" : a.nameSuffix !== undefined ? `${a.kind} named *${a.nameSuffix}` : a.kind} ${a.path.join(".")}`,
    );
    expect(rows).toEqual(expected);
  });
});

describe("docs/k8s.md example", () => {
  test("the workload and gitops examples are valid in the default blueprint", () => {
    const doc = fs.readFileSync("docs/k8s.md", "utf8");
    const example = (key: string) =>
      parse(new RegExp(`\`\`\`yaml\n(${key}:[\\s\\S]*?)\`\`\``).exec(doc)![1]!);
    const blueprint = parse(fs.readFileSync("blueprints/global-saas.yaml", "utf8")) as { spec: object };
    const b = resolveBlueprint({
      ...blueprint,
      spec: { ...blueprint.spec, ...example("workloads"), ...example("gitops") },
    });
    expect(b.workloads[0]!.name).toBe("api");
    expect(b.gitops?.repoURL).toBe("https://github.com/acme/shop-deploy.git");
    expect(renderManifests(b).size).toBeGreaterThan(0);
  });
});
