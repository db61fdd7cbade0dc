import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Chart } from "cdk8s";
import { loadBlueprintFile } from "../../lib";
import { ClusterChart, resolveWorkloads, Workload, writeManifests } from "../../lib/entry/k8s";

describe("the library entry point", () => {
  test("the docs/k8s.md example: writeManifests with options, and a Workload in your own chart", () => {
    const blueprint = loadBlueprintFile("blueprints/global-saas.yaml");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-lib-"));
    const files = writeManifests(blueprint, dir, { repoURL: "https://github.com/acme/shop-deploy.git" });
    expect(fs.readFileSync(path.join(dir, "gitops/global-saas-aws-us-east-1/argocd.yaml"), "utf8")).toContain(
      "repoURL: https://github.com/acme/shop-deploy.git",
    );
    // 13, nodes.yaml (the Auto Mode NodeClass and NodePool) and dashboards.yaml in each of the 3 EKS clusters
    expect(files.length).toBe(19);

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

  test("a ClusterChart per regional cluster: one chart holds the cluster's namespace, workloads and rules", () => {
    // GIVEN a cdk8s app with the chart of each region of the default blueprint
    const blueprint = loadBlueprintFile("blueprints/global-saas.yaml");
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "k8s-chart-")) });
    const charts = blueprint.regions.map(
      (region) => new ClusterChart(app, `${region.cloud}-${region.region}`, { blueprint, region }),
    );
    // THEN each chart's files hold all its objects, and cdk8s synthesizes one file per chart
    for (const chart of charts) {
      const files = chart.files();
      expect([...files.keys()]).toEqual([
        "namespace.yaml",
        "nodes.yaml",
        "workload-api.yaml",
        "slo-rules.yaml",
        "dashboards.yaml",
      ]);
      expect([...files.values()].flat().length).toBe((chart.toJson() as unknown[]).length);
    }
    app.synth();
    expect(fs.readdirSync(app.outdir).sort()).toEqual(
      blueprint.regions.map((r) => `${r.cloud}-${r.region}.k8s.yaml`).sort(),
    );
  });
});
