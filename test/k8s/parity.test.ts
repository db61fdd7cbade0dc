import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { resolveBlueprint } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import {
  allowedPaths,
  differingPaths,
  isAllowedDifference,
  PARITY_ALLOWED_DIFFERENCES,
  parityViolations,
} from "../../lib/k8s/parity-fields";
import { renderManifests, writeManifests } from "../../lib/k8s/synth";
import { fullWorkload, multiCloud, threeRegions } from "./fixtures";

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** Reads each cluster folder the way the checker does: every YAML document, keyed by identity. */
function clusterObjects(b: Blueprint): Map<string, Map<string, Doc>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-parity-"));
  writeManifests(b, dir);
  const clusters = new Map<string, Map<string, Doc>>();
  for (const cluster of fs.readdirSync(path.join(dir, "k8s")).sort()) {
    const objects = new Map<string, Doc>();
    for (const file of fs.readdirSync(path.join(dir, "k8s", cluster)).sort()) {
      const text = fs.readFileSync(path.join(dir, "k8s", cluster, file), "utf8");
      for (const d of parseAllDocuments(text)) {
        const doc = d.toJS() as Doc;
        // EKS Auto Mode's node objects belong to the cloud, not to the workloads.
        if (doc.kind.startsWith("Node") || doc.metadata.namespace === "kube-system") continue;
        objects.set(
          `${doc.apiVersion} ${doc.kind} ${doc.metadata.namespace ?? ""}/${doc.metadata.name}`,
          doc,
        );
      }
    }
    clusters.set(cluster, objects);
  }
  return clusters;
}

/** Every difference between the first cluster and the others, allowed or not. */
function differences(clusters: Map<string, Map<string, Doc>>) {
  const [[, reference], ...others] = [...clusters];
  return others.flatMap(([cluster, objects]) => {
    expect([...objects.keys()]).toEqual([...reference!.keys()]);
    return [...objects].flatMap(([id, doc]) =>
      differingPaths(reference!.get(id), doc).map((p) => ({
        cluster,
        id,
        path: p.join("."),
        allowed: isAllowedDifference(doc.kind, doc.metadata.name, p),
      })),
    );
  });
}

describe("parity between regional clusters", () => {
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
  ])("%s: the clusters hold the same objects, differing only in declared fields", (_, b) => {
    // GIVEN the manifests written for every regional cluster
    const clusters = clusterObjects(b);
    expect(clusters.size).toBe(b.regions.length);
    // WHEN each cluster is compared with the first
    const diffs = differences(clusters);
    // THEN there are differences (the region label at least) and every one is declared
    expect(diffs.some((d) => d.path === "metadata.labels.topology.kubernetes.io/region")).toBe(true);
    expect(diffs.filter((d) => !d.allowed)).toEqual([]);
  });

  test("the declared differences are the per-region ones: identity, replicas, region env", () => {
    // GIVEN an aws and a gcp cluster of the same workload
    const diffs = differences(clusterObjects(multiCloud())).map((d) => `${d.id.split(" ")[1]} ${d.path}`);
    // THEN the identity annotation, the HPA floor and the region ConfigMap differ
    expect(diffs).toEqual(
      expect.arrayContaining([
        "ServiceAccount metadata.annotations.iam.gke.io/gcp-service-account",
        "ServiceAccount metadata.annotations.activeactive.dev/pod-identity-role",
        "HorizontalPodAutoscaler spec.minReplicas",
        "ConfigMap data.REGION",
        "ConfigMap data.PEER",
        "Deployment spec.template.metadata.annotations.activeactive.dev/region-config-hash",
        "PrometheusRule spec.groups.1.rules.0.labels.region",
      ]),
    );
  });

  test("an undeclared difference is a violation: another image tag in one region", () => {
    // GIVEN one cluster's Deployment with another image tag
    const clusters = clusterObjects(multiCloud());
    const [a, b] = [...clusters.values()].map((objects) =>
      [...objects.values()].find((d) => d.kind === "Deployment"),
    );
    const drifted = structuredClone(b) as unknown as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    drifted.spec.template.spec.containers[0]!.image = "ghcr.io/acme/api:2.3.0";
    // WHEN the copies are compared
    const violations = parityViolations("Deployment", "api", a, drifted);
    // THEN the image path is reported and nothing else
    expect(violations).toEqual([["spec", "template", "spec", "containers", 0, "image"]]);
  });

  test("an allowance covers only its kind and name", () => {
    // GIVEN the region ConfigMap allowance and the replica allowance
    // THEN data of another ConfigMap, and replicas of another kind, may not differ
    expect(isAllowedDifference("ConfigMap", "api-region", ["data", "PEER"])).toBe(true);
    expect(isAllowedDifference("ConfigMap", "api-config", ["data", "app.yaml"])).toBe(false);
    expect(isAllowedDifference("Deployment", "api", ["spec", "replicas"])).toBe(true);
    expect(isAllowedDifference("StatefulSet", "api", ["spec", "replicas"])).toBe(false);
    expect(
      isAllowedDifference("Deployment", "api", ["spec", "template", "spec", "containers", 0, "env"]),
    ).toBe(false);
    expect(PARITY_ALLOWED_DIFFERENCES.every((a) => a.reason.length > 0)).toBe(true);
  });
});

describe("allowedPaths", () => {
  test("gives a kind's allowances as dotted paths, the label key last", () => {
    expect(allowedPaths("Deployment")).toEqual([
      "metadata.labels.topology.kubernetes.io/region",
      "spec.template.metadata.labels.topology.kubernetes.io/region",
      "spec.template.metadata.annotations.activeactive.dev/region-config-hash",
      "spec.replicas",
    ]);
    expect(allowedPaths("ConfigMap")).toEqual(["metadata.labels.topology.kubernetes.io/region"]);
  });
});

describe("docs/k8s.md", () => {
  test("lists every allowed per-region difference", () => {
    const doc = fs.readFileSync("docs/k8s.md", "utf8");
    for (const a of PARITY_ALLOWED_DIFFERENCES) expect(doc).toContain(`\`${a.path.join(".")}\``);
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
