import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Chart } from "cdk8s";
import { loadBlueprintFile, resolveWorkloads, Workload, writeManifests } from "../../lib";

describe("the library entry point", () => {
  test("the docs/k8s.md example: writeManifests with options, and a Workload in your own chart", () => {
    const blueprint = loadBlueprintFile("blueprints/global-saas.yaml");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-lib-"));
    const files = writeManifests(blueprint, dir, { repoURL: "https://github.com/acme/shop-deploy.git" });
    expect(fs.readFileSync(path.join(dir, "gitops/argocd.yaml"), "utf8")).toContain(
      "repoURL: https://github.com/acme/shop-deploy.git",
    );
    expect(files.length).toBe(13);

    const app = new App({ outdir: path.join(dir, "cdk8s") });
    const [region] = blueprint.regions;
    const chart = new Chart(app, "api-us-east-1", { disableResourceNameHashes: true });
    new Workload(chart, "api", { blueprint, region: region!, workload: resolveWorkloads(blueprint)[0]! });
    app.synth();
    const kinds = (chart.toJson() as { kind: string }[]).map((d) => d.kind);
    expect(kinds).toEqual([
      "ServiceAccount",
      "ConfigMap",
      "Deployment",
      "Service",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
      "ServiceMonitor",
      "NetworkPolicy",
    ]);
    expect(fs.readdirSync(path.join(dir, "cdk8s"))).toEqual(["api-us-east-1.k8s.yaml"]);
  });
});
