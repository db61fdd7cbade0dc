import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { clusterName } from "../../lib/core/names";
import { IN_CLUSTER } from "../../lib/k8s/gitops";
import { rolloutPlan } from "../../lib/k8s/rollout";
import { renderManifests, writeManifests } from "../../lib/k8s/synth";
import { multiCloud, threeRegions } from "./fixtures";

type Doc = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, any>;
};

const REPO = "https://github.com/acme/shop-deploy.git";

/** The Argo CD objects of each cluster, by cluster name. */
function gitops(b: Blueprint, options: object = { repoURL: REPO }) {
  const rendered = renderManifests(b, options);
  const byCluster = new Map<
    string,
    { project: Doc; app: Doc; gitopsProject: Doc; gitopsApp: Doc; count: number }
  >();
  for (const [file, docs] of rendered) {
    const m = /^gitops\/([^/]+)\/argocd\.yaml$/.exec(file);
    if (!m) continue;
    const d = docs as Doc[];
    const named = (kind: string, name: string) => d.find((x) => x.kind === kind && x.metadata.name === name)!;
    byCluster.set(m[1]!, {
      project: named("AppProject", b.name),
      app: named("Application", m[1]!),
      gitopsProject: named("AppProject", `${b.name}-gitops`),
      gitopsApp: named("Application", `${m[1]!}-gitops`),
      count: d.length,
    });
  }
  const clusterDocs = (cluster: string) =>
    rendered.get(`k8s/${cluster}/namespace.yaml`)
      ? ([...rendered].filter(([f]) => f.startsWith(`k8s/${cluster}/`)).flatMap(([, d]) => d) as Doc[])
      : [];
  return { rendered, byCluster, clusterDocs };
}

describe("Argo CD per cluster (pull)", () => {
  test("every cluster gets its own AppProject and Application, and each points only at itself", () => {
    const b = multiCloud();
    const { byCluster } = gitops(b);
    expect([...byCluster.keys()].sort()).toEqual(b.regions.map((r) => clusterName(b, r)).sort());
    for (const [cluster, { project, app }] of byCluster) {
      // THEN the only destination is the cluster Argo CD runs in: no region reaches another
      // (EKS also: kube-system, for the amazon-vpc-cni ConfigMap that turns network policy enforcement on)
      expect(project.spec.destinations).toEqual([
        { server: IN_CLUSTER, namespace: "shop" },
        ...(cluster.includes("-aws-") ? [{ server: IN_CLUSTER, namespace: "kube-system" }] : []),
      ]);
      expect(project.spec.sourceRepos).toEqual([REPO]);
      expect(app.spec).toMatchObject({
        project: project.metadata.name,
        source: { repoURL: REPO, path: `dist/k8s/${cluster}`, targetRevision: `deploy/${cluster}` },
        destination: { server: IN_CLUSTER, namespace: "shop" },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      });
    }
  });

  test("each cluster's Argo CD also syncs its own argocd.yaml from the same branch, so later changes arrive through git", () => {
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    const { byCluster } = gitops(b, {});
    for (const [cluster, { app, gitopsProject, gitopsApp, count }] of byCluster) {
      expect(count).toBe(4);
      expect(gitopsApp.spec).toMatchObject({
        project: "global-saas-gitops",
        source: {
          repoURL: b.gitops!.repoURL,
          targetRevision: app.spec.source.targetRevision,
          path: `dist/gitops/${cluster}`,
        },
        destination: { server: IN_CLUSTER, namespace: "argocd" },
        syncPolicy: { automated: { prune: false, selfHeal: true } },
      });
      // THEN that project may only touch Argo CD's own objects in Argo CD's namespace
      expect(gitopsProject.spec.destinations).toEqual([{ server: IN_CLUSTER, namespace: "argocd" }]);
      expect(gitopsProject.spec.clusterResourceWhitelist).toEqual([]);
      expect(gitopsProject.spec.namespaceResourceWhitelist).toEqual([
        { group: "argoproj.io", kind: "AppProject" },
        { group: "argoproj.io", kind: "Application" },
      ]);
    }
    // AND the folder it syncs is the folder synth wrote these objects to
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-self-"));
    const files = writeManifests(b, path.join(dir, "dist"));
    for (const { gitopsApp } of byCluster.values()) {
      expect(files.map((f) => `dist/${f}`)).toContain(`${gitopsApp.spec.source.path}/argocd.yaml`);
    }
  });

  test("nothing generated holds a placeholder host, a cluster Secret or a credential", () => {
    const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-"));
    const files = writeManifests(b, dir);
    const text = files.map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
    expect(text).not.toMatch(/\.invalid\b|git\.example\.com|password|bearerToken|sshPrivateKey/);
    expect(text).not.toMatch(/kind: Secret/);
  });

  test("the project allows exactly the kinds the cluster's folder holds", () => {
    const b = multiCloud();
    const { byCluster, clusterDocs } = gitops(b);
    for (const [cluster, { project }] of byCluster) {
      const allowed = [...project.spec.clusterResourceWhitelist, ...project.spec.namespaceResourceWhitelist]
        .map((k: { group: string; kind: string }) => `${k.group}/${k.kind}`)
        .sort();
      const used = [
        ...new Set(
          clusterDocs(cluster).map(
            (d) => `${d.apiVersion.includes("/") ? d.apiVersion.split("/")[0] : ""}/${d.kind}`,
          ),
        ),
        // AWS: admitted before spec.regions[].targetGroupArn is set, so setting it changes only k8s/ (lib/k8s/synth.ts).
        ...(cluster.includes("-aws-") ? ["eks.amazonaws.com/TargetGroupBinding"] : []),
      ].sort();
      expect(allowed).toEqual(used);
      expect(project.spec.clusterResourceWhitelist).toEqual(
        cluster.includes("-aws-")
          ? [
              { group: "", kind: "Namespace" },
              { group: "eks.amazonaws.com", kind: "NodeClass" },
              { group: "karpenter.sh", kind: "NodePool" },
            ]
          : [{ group: "", kind: "Namespace" }],
      );
    }
  });
});

describe("rollout order", () => {
  test("the smallest region that is not the writer goes first, the writer last, each wave baking", () => {
    // GIVEN us-east-1 (the writer, listed first), eu-west-1 at weight 40 and ap-southeast-1 at weight 20
    const b = threeRegions([40, 40, 20], [{ name: "api", image: "api:1", port: 80 }]);
    const plan = rolloutPlan(b, 45);
    expect(plan.map((w) => [w.wave, w.region, w.writer, w.bakeMinutes])).toEqual([
      [1, "ap-southeast-1", false, 45],
      [2, "eu-west-1", false, 45],
      [3, "us-east-1", true, 0],
    ]);
  });

  test("DynamoDB has no writer: the smallest region of all goes first", () => {
    // GIVEN the DynamoDB fixture with us-west-2 (listed first) the smaller region
    const b = loadBlueprintFile("test/fixtures/blueprints/aws-dynamodb.yaml");
    const doc = { ...b, regions: b.regions.map((r, i) => ({ ...r, weight: i === 0 ? 10 : 90 })) };
    const plan = rolloutPlan(doc, 30);
    expect(plan.map((w) => [w.region, w.writer])).toEqual([
      ["us-west-2", false],
      ["eu-central-1", false],
    ]);
  });

  test("equal weights keep blueprint order among the readers", () => {
    const plan = rolloutPlan(threeRegions([1, 1, 1], []), 30);
    expect(plan.map((w) => w.region)).toEqual(["eu-west-1", "ap-southeast-1", "us-east-1"]);
  });

  test("with two clouds, both writers come after every reader", () => {
    const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
    const plan = rolloutPlan(b, 30);
    expect(plan.map((w) => `${w.cloud}-${w.region}`)).toEqual([
      "aws-eu-west-1",
      "gcp-us-central1",
      "aws-us-east-1",
      "gcp-europe-west1",
    ]);
  });

  test("each Application follows its wave's branch and says its wave and bake; rollout.json lists the same", () => {
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-"));
    writeManifests(b, dir);
    const rollout = JSON.parse(fs.readFileSync(path.join(dir, "gitops/rollout.json"), "utf8"));
    expect(rollout).toMatchObject({ blueprint: "global-saas", source: "main", repoURL: b.gitops!.repoURL });
    expect(
      rollout.waves.map((w: { cluster: string; bakeMinutes: number }) => [w.cluster, w.bakeMinutes]),
    ).toEqual([
      ["global-saas-aws-ap-southeast-1", 30],
      ["global-saas-aws-eu-west-1", 30],
      ["global-saas-aws-us-east-1", 0],
    ]);
    const { byCluster } = gitops(b, {});
    for (const w of rollout.waves) {
      const app = byCluster.get(w.cluster)!.app;
      expect(app.spec.source.targetRevision).toBe(w.branch);
      expect(app.metadata.annotations).toEqual({
        "activeactive.dev/rollout-wave": String(w.wave),
        "activeactive.dev/bake-minutes": String(w.bakeMinutes),
      });
    }
  });
});

describe("spec.gitops", () => {
  test("the blueprint names the repository, path and Argo CD namespace; options override it", () => {
    const b = multiCloud(undefined, {
      gitops: {
        repoURL: REPO,
        revision: "release",
        path: "deploy/k8s",
        argocdNamespace: "gitops",
        bakeMinutes: 5,
      },
    });
    const { byCluster } = gitops(b, {});
    const { project, app } = byCluster.get("shop-aws-us-east-1")!;
    expect(project.metadata.namespace).toBe("gitops");
    expect(app.metadata.namespace).toBe("gitops");
    expect(app.spec.source).toEqual({
      repoURL: REPO,
      targetRevision: "deploy/shop-aws-us-east-1",
      path: "deploy/k8s/shop-aws-us-east-1",
    });
    const other = gitops(b, { repoURL: "https://github.com/acme/other.git" }).byCluster.get(
      "shop-aws-us-east-1",
    )!;
    expect(other.app.spec.source.repoURL).toBe("https://github.com/acme/other.git");
  });

  test("without a repository no gitops folder is written, rather than one pointing at a placeholder", () => {
    const { rendered } = gitops(multiCloud(), {});
    expect([...rendered.keys()].filter((f) => f.startsWith("gitops/"))).toEqual([]);
  });

  test("every catalogue blueprint names its repository", () => {
    for (const f of fs.readdirSync("blueprints").filter((x) => x.endsWith(".yaml"))) {
      expect(loadBlueprintFile(path.join("blueprints", f)).gitops?.repoURL).toMatch(
        /^https:\/\/github\.com\//,
      );
    }
  });

  test("a path with a leading slash and a negative bake are refused by the schema", () => {
    expect(() => multiCloud(undefined, { gitops: { repoURL: REPO, path: "/abs" } })).toThrow(
      /spec\.gitops\.path/,
    );
    expect(() => multiCloud(undefined, { gitops: { repoURL: REPO, bakeMinutes: -1 } })).toThrow(
      /spec\.gitops\.bakeMinutes/,
    );
  });
});
