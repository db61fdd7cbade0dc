import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { clusterName } from "../../lib/core/names";
import { writeManifests } from "../../lib/k8s/synth";
import { runCli } from "../helpers/run-cli";
import { fullWorkload, multiCloud } from "./fixtures";

interface Report {
  findings: { ruleId: string; message: string; file: string; suppressed: boolean }[];
  summary: { rulesRun: string[]; exitCode: number };
}

function written(b: Blueprint): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-check-"));
  writeManifests(b, dir, { repoURL: "https://github.com/acme/shop-deploy.git" });
  return dir;
}

async function check(...paths: string[]): Promise<{ code: number; report: Report }> {
  const run = await runCli("check", ...paths, "--format", "json");
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

/** Rewrites the documents of one YAML file. */
function editDocs(
  file: string,
  edit: (doc: Record<string, unknown>) => Record<string, unknown> | undefined,
): void {
  const docs = parseAllDocuments(fs.readFileSync(file, "utf8")).map(
    (d) => d.toJS() as Record<string, unknown>,
  );
  const kept = docs.map(edit).filter((d) => d !== undefined);
  fs.writeFileSync(file, kept.map((d) => stringify(d)).join("---\n"));
}

const defaultBlueprint = loadBlueprintFile("blueprints/global-saas.yaml");

describe("activeactive check on the manifests", () => {
  test.each([
    ["the default blueprint", defaultBlueprint],
    ["a two-cloud blueprint", multiCloud()],
  ])("%s: our own output passes, with the parity and workload rules run", async (_, b) => {
    // GIVEN the cluster folders and the gitops folder
    const dir = written(b);
    // WHEN checked
    const { code, report } = await check(path.join(dir, "k8s"), path.join(dir, "gitops"));
    // THEN nothing fails and AA502, AA601-AA603 were among the rules run
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(code).toBe(0);
    expect(report.summary.rulesRun).toEqual(expect.arrayContaining(["AA502", "AA601", "AA602", "AA603"]));
  });

  test("another image tag in one cluster's copy is caught (AA502)", async () => {
    // GIVEN the default output with one region's Deployment on another tag
    const dir = written(defaultBlueprint);
    const drifted = clusterName(defaultBlueprint, defaultBlueprint.regions[1]!);
    const file = path.join(dir, "k8s", drifted, "workload-api.yaml");
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("image: ghcr.io/example/api:1.4.2");
    fs.writeFileSync(
      file,
      text.replace("image: ghcr.io/example/api:1.4.2", "image: ghcr.io/example/api:1.4.1"),
    );
    // WHEN checked
    const { code, report } = await check(path.join(dir, "k8s"));
    // THEN the check fails with a drift finding on that file, naming the image
    expect(code).toBe(1);
    const drift = report.findings.filter((f) => f.ruleId === "AA502");
    expect(drift).toHaveLength(1);
    expect(drift[0]!.file).toBe(file);
    expect(drift[0]!.message).toMatch(/image/);
  });

  test("a workload missing from one cluster is caught (AA502)", async () => {
    // GIVEN two workloads, and one cluster's copy of the second deleted
    const b = multiCloud([fullWorkload, { name: "worker", image: "ghcr.io/acme/worker:1.0.0", port: 9000 }]);
    const dir = written(b);
    fs.rmSync(path.join(dir, "k8s", clusterName(b, b.regions[1]!), "workload-worker.yaml"));
    // WHEN checked THEN the check fails, naming the cluster without it
    const { code, report } = await check(path.join(dir, "k8s"));
    expect(code).toBe(1);
    const drift = report.findings.filter((f) => f.ruleId === "AA502");
    expect(drift).toHaveLength(1);
    expect(drift[0]!.message).toMatch(/worker.*not in cluster/);
  });

  test("a workload without readiness probe or disruption budget in every cluster is caught (AA601, AA602)", async () => {
    // GIVEN every cluster's copy edited the same way (so no drift): no readiness probe, no PDB
    const dir = written(defaultBlueprint);
    for (const r of defaultBlueprint.regions) {
      editDocs(path.join(dir, "k8s", clusterName(defaultBlueprint, r), "workload-api.yaml"), (d) => {
        if (d.kind === "PodDisruptionBudget") return undefined;
        if (d.kind === "Deployment") {
          const spec = d.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
          delete spec.template.spec.containers[0]!.readinessProbe;
        }
        return d;
      });
    }
    // WHEN checked THEN both rules report, and parity holds
    const { code, report } = await check(path.join(dir, "k8s"));
    const ids = new Set(report.findings.map((f) => f.ruleId));
    expect(code).toBe(1);
    expect([...ids].sort()).toEqual(expect.arrayContaining(["AA601", "AA602"]));
    expect(ids.has("AA502")).toBe(false);
  });
});
