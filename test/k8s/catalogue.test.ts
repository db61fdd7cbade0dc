import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { writeManifests } from "../../lib/k8s/synth";
import { runCli } from "../helpers/run-cli";
import { upstreamErrors } from "./upstream-models";

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

const blueprints = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort();

describe("every blueprint of the catalogue", () => {
  test("the catalogue is not empty", () => {
    expect(blueprints).toContain("global-saas.yaml");
  });

  test.each(blueprints)("%s: manifests validate, stay at parity and pass the check", async (file) => {
    // GIVEN the blueprint's manifests on disk
    const b = loadBlueprintFile(path.join("blueprints", file));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-catalogue-"));
    writeManifests(b, dir);
    const clusters = fs.readdirSync(path.join(dir, "k8s")).sort();
    expect(clusters).toHaveLength(b.regions.length);
    const objects = clusters.map((c) => {
      const docs = fs
        .readdirSync(path.join(dir, "k8s", c))
        .sort()
        .flatMap((f) =>
          parseAllDocuments(fs.readFileSync(path.join(dir, "k8s", c, f), "utf8")).map((d) => d.toJS() as Doc),
        );
      return new Map(
        docs.map((d) => [`${d.apiVersion} ${d.kind} ${d.metadata.namespace}/${d.metadata.name}`, d]),
      );
    });
    // THEN every object validates upstream
    const all = objects.flatMap((m) => [...m.values()]);
    expect(all.map((d) => upstreamErrors(d)).filter((e) => e !== undefined)).toEqual([]);
    // AND every EKS cluster has its bounded Auto Mode NodePool and network policy switch
    clusters.forEach((c, i) => {
      const kinds = [...objects[i]!.values()].map((d) => `${d.kind}/${d.metadata.name}`);
      if (c.includes("-aws-")) {
        expect(kinds).toEqual(
          expect.arrayContaining([
            "NodeClass/activeactive",
            "NodePool/activeactive",
            "ConfigMap/amazon-vpc-cni",
          ]),
        );
      } else expect(kinds.filter((k) => k.startsWith("Node"))).toEqual([]);
    });
    // AND every cluster holds the same workload objects (AA502, run by the check below, compares
    // their fields); the node objects belong to the cloud, not the workload
    for (const m of objects) {
      for (const [id, d] of m)
        if (d.kind.startsWith("Node") || d.metadata.namespace === "kube-system") m.delete(id);
    }
    for (const other of objects.slice(1)) expect([...other.keys()]).toEqual([...objects[0]!.keys()]);
    // AND activeactive check finds nothing
    const run = await runCli("check", path.join(dir, "k8s"), path.join(dir, "gitops"));
    expect(run.stdout).toMatch(/^PASS/m);
    expect(run.code).toBe(0);
  });
});
