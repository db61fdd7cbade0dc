import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { clusterName, workloadNamespace } from "../../lib/core/names";
import { GRAFANA_DASHBOARD_LABEL } from "../../lib/k8s/grafana-dashboards";
import { renderManifests } from "../../lib/k8s/synth";
import {
  DASHBOARD_NAMES,
  dashboardJson,
  grafanaDashboards,
} from "../../lib/operate/dashboards/grafana-dashboards";
import { synthesize } from "../../lib/synth";
import { upstreamErrors } from "./upstream-models";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => path.join("blueprints", f));

type ConfigMap = {
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  data: Record<string, string>;
};

describe.each(CATALOGUE)("%s: dashboards in every cluster", (file) => {
  test("each cluster has dashboards.yaml: one sidecar ConfigMap per dashboard, valid upstream, the same everywhere", () => {
    // GIVEN the blueprint's manifests
    const b = loadBlueprintFile(file);
    const rendered = renderManifests(b);
    const expected = grafanaDashboards(b).map((d) => dashboardJson(d.dashboard));
    const perCluster = b.regions.map((r) => {
      const docs = rendered.get(`k8s/${clusterName(b, r)}/dashboards.yaml`) as ConfigMap[] | undefined;
      expect(docs).toBeDefined();
      return docs!;
    });
    for (const docs of perCluster) {
      // THEN three ConfigMaps in the workloads' namespace, labelled for the sidecar
      expect(docs.map((d) => d.kind)).toEqual(["ConfigMap", "ConfigMap", "ConfigMap"]);
      expect(docs.map((d) => d.metadata.name)).toEqual(
        DASHBOARD_NAMES.map((n) => `${b.name}-dashboard-${n}`),
      );
      for (const d of docs) {
        expect(d.metadata.namespace).toBe(workloadNamespace(b));
        expect(d.metadata.labels[GRAFANA_DASHBOARD_LABEL]).toBe("1");
        expect(upstreamErrors(d as unknown as Record<string, unknown>)).toBeUndefined();
      }
      // AND their data is the dashboards' JSON, key `<blueprint>-<name>.json`
      expect(docs.map((d) => Object.keys(d.data))).toEqual(
        DASHBOARD_NAMES.map((n) => [`${b.name}-${n}.json`]),
      );
      expect(docs.map((d) => Object.values(d.data)[0])).toEqual(expected);
    }
  });
});

describe("synth writes the dashboards as files", () => {
  test("dist/dashboards/<name>.json, byte-identical to the ConfigMaps' data and across runs", () => {
    // GIVEN a blueprint synthesized twice into two folders
    const b = loadBlueprintFile("blueprints/cart-crdt.yaml");
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashboards-synth-"));
    const runs = ["a", "b"].map((run) => {
      const dist = path.join(root, run, "dist");
      const result = synthesize(b, { outdir: path.join(root, run, "cdktf.out"), manifestsDir: dist });
      return { dist, manifests: result.manifests };
    });
    try {
      for (const { dist, manifests } of runs) {
        // THEN each names and holds the three files
        expect(manifests).toEqual(expect.arrayContaining(DASHBOARD_NAMES.map((n) => `dashboards/${n}.json`)));
        const files = fs.readdirSync(path.join(dist, "dashboards")).sort();
        expect(files).toEqual(DASHBOARD_NAMES.map((n) => `${n}.json`).sort());
      }
      const configMaps = renderManifests(b).get(
        `k8s/${clusterName(b, b.regions[0]!)}/dashboards.yaml`,
      ) as ConfigMap[];
      DASHBOARD_NAMES.forEach((n, i) => {
        const [a, c] = runs.map((r) => fs.readFileSync(path.join(r.dist, "dashboards", `${n}.json`), "utf8"));
        expect(a).toBe(c);
        expect(a).toBe(Object.values(configMaps[i]!.data)[0]);
        expect(JSON.parse(a!).uid).toBe(`${b.name}-${n}`);
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
