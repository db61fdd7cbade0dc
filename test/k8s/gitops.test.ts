import type { Blueprint } from "../../lib/blueprint/model";
import { clusterName } from "../../lib/core/names";
import { renderManifests } from "../../lib/k8s/synth";
import { multiCloud, threeRegions } from "./fixtures";

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values: string[] }[];
};
type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  stringData?: Record<string, string>;
};

/** Kubernetes label selector semantics (In only, which is all the ApplicationSet uses). */
function matches(selector: Selector, labels: Record<string, string>): boolean {
  return (
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
    (selector.matchExpressions ?? []).every((e) => {
      if (e.operator !== "In") throw new Error(`operator ${e.operator} not simulated`);
      return labels[e.key] !== undefined && e.values.includes(labels[e.key]!);
    })
  );
}

function gitops(b: Blueprint, options = {}) {
  const rendered = renderManifests(b, options);
  const docs = [...rendered].filter(([f]) => f.startsWith("gitops/")).flatMap(([, d]) => d) as Doc[];
  const clusterDocs = [...rendered].filter(([f]) => f.startsWith("k8s/")).flatMap(([, d]) => d) as Doc[];
  const appSet = docs.find((d) => d.kind === "ApplicationSet")!;
  const project = docs.find((d) => d.kind === "AppProject")!;
  const secrets = docs.filter((d) => d.kind === "Secret");
  return { appSet, project, secrets, clusterDocs };
}

describe("Argo CD objects", () => {
  test("the cluster generator selects exactly the blueprint's cluster Secrets", () => {
    // GIVEN the cluster Secret templates and one Secret of another blueprint in the same region
    const b = multiCloud();
    const { appSet, secrets } = gitops(b);
    const spec = appSet.spec as { generators: { clusters: { selector: Selector } }[] };
    const selector = spec.generators[0]!.clusters.selector;
    const stranger = { ...secrets[0]!.metadata.labels!, "activeactive.dev/blueprint": "other" };
    // THEN each of ours is selected, the stranger is not
    expect(secrets.map((s) => s.stringData!.name).sort()).toEqual(
      b.regions.map((r) => clusterName(b, r)).sort(),
    );
    for (const s of secrets) expect(matches(selector, s.metadata.labels!)).toBe(true);
    expect(matches(selector, stranger)).toBe(false);
    expect(selector.matchExpressions!.map((e) => e.key)).toEqual(["cloud", "region"]);
  });

  test("RollingSync: the first region syncs alone, then the rest, in blueprint order", () => {
    // GIVEN three regions, us-east-1 listed first (last in file order, which is alphabetical)
    const b = threeRegions([1, 1, 1], [{ name: "api", image: "api:1", port: 80 }]);
    const { appSet, secrets } = gitops(b);
    const spec = appSet.spec as {
      strategy: { type: string; rollingSync: { steps: Selector[] } };
      template: { metadata: { labels: Record<string, string> } };
    };
    expect(spec.strategy.type).toBe("RollingSync");
    // WHEN each generated Application gets the template labels of its cluster Secret
    const appLabels = secrets.map((s) => {
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(spec.template.metadata.labels)) {
        labels[k] = v.replace(
          /\{\{ index \.metadata\.labels "([^"]+)" \}\}/,
          (_, key) => s.metadata.labels![key]!,
        );
      }
      return { cluster: s.stringData!.name, labels };
    });
    // THEN step 1 holds only the first region's Application, step 2 all the others
    const steps = spec.strategy.rollingSync.steps.map((step) =>
      appLabels.filter((a) => matches(step, a.labels)).map((a) => a.cluster),
    );
    expect(steps).toEqual([["svc-aws-us-east-1"], ["svc-aws-ap-southeast-1", "svc-aws-eu-west-1"]]);
  });

  test("each Application syncs its cluster's folder into the blueprint namespace, within the project", () => {
    const b = multiCloud();
    const { appSet, project } = gitops(b, {
      repoURL: "https://github.com/acme/shop-deploy.git",
      revision: "main",
    });
    const template = (appSet.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect(template).toMatchObject({
      project: project.metadata.name,
      source: {
        repoURL: "https://github.com/acme/shop-deploy.git",
        targetRevision: "main",
        path: "dist/k8s/{{ .name }}",
      },
      destination: { name: "{{ .name }}", namespace: "shop" },
    });
    // RollingSync turns automated sync off: an automated policy would only log warnings
    expect(template.syncPolicy).not.toHaveProperty("automated");
    expect(project.spec).toMatchObject({
      sourceRepos: ["https://github.com/acme/shop-deploy.git"],
      destinations: [
        ...b.regions.map((r) => ({ name: clusterName(b, r), namespace: "shop" })),
        // EKS only: the amazon-vpc-cni ConfigMap that turns network policy enforcement on.
        ...b.regions
          .filter((r) => r.cloud === "aws")
          .map((r) => ({ name: clusterName(b, r), namespace: "kube-system" })),
      ],
    });
  });

  test("the project allows exactly the kinds the cluster folders hold, and the AWS TargetGroupBinding", () => {
    const { project, clusterDocs } = gitops(multiCloud());
    const spec = project.spec as Record<string, { group: string; kind: string }[]>;
    const allowed = [...spec.clusterResourceWhitelist!, ...spec.namespaceResourceWhitelist!]
      .map((k) => `${k.group}/${k.kind}`)
      .sort();
    const used = [
      ...new Set(
        clusterDocs.map((d) => `${d.apiVersion.includes("/") ? d.apiVersion.split("/")[0] : ""}/${d.kind}`),
      ),
      // Rendered by each AWS region stack once its target group exists (lib/k8s/target-group-binding.ts).
      "eks.amazonaws.com/TargetGroupBinding",
    ].sort();
    expect(allowed).toEqual(used);
    expect(spec.clusterResourceWhitelist).toEqual([
      { group: "", kind: "Namespace" },
      { group: "eks.amazonaws.com", kind: "NodeClass" },
      { group: "karpenter.sh", kind: "NodePool" },
    ]);
  });

  test("cluster Secret templates carry the labels and no credentials", () => {
    const { secrets } = gitops(multiCloud(), { argocdNamespace: "gitops" });
    for (const s of secrets) {
      expect(s.metadata.namespace).toBe("gitops");
      expect(s.metadata.labels).toMatchObject({
        "argocd.argoproj.io/secret-type": "cluster",
        "activeactive.dev/blueprint": "shop",
      });
      const config = JSON.parse(s.stringData!.config!) as Record<string, unknown>;
      const text = JSON.stringify(s);
      for (const secretField of ["bearerToken", "password", "keyData", "certData", "username"]) {
        expect(text).not.toContain(secretField);
      }
      expect(config).toMatchObject({ tlsClientConfig: { insecure: false, caData: "" } });
      expect(s.stringData!.server).toMatch(/\.invalid$/);
    }
    const byCloud = Object.fromEntries(
      secrets.map((s) => [s.metadata.labels!.cloud, JSON.parse(s.stringData!.config!)]),
    );
    expect(byCloud.aws).toMatchObject({ awsAuthConfig: { clusterName: "shop-aws-us-east-1" } });
    expect(byCloud.gcp).toMatchObject({ execProviderConfig: { command: "argocd-k8s-auth", args: ["gcp"] } });
    expect(secrets.map((s) => s.metadata.labels!.region).sort()).toEqual(["europe-west1", "us-east-1"]);
  });
});

describe("spec.gitops", () => {
  test("the blueprint names the repository, revision, path and Argo CD namespace; options override it", () => {
    // GIVEN a blueprint with spec.gitops
    const b = multiCloud(undefined, {
      gitops: {
        repoURL: "https://github.com/acme/shop-deploy.git",
        revision: "v12",
        path: "deploy/k8s",
        argocdNamespace: "gitops",
      },
    });
    // WHEN rendered THEN the ApplicationSet reads it
    const { appSet, project, secrets } = gitops(b);
    expect(appSet.metadata.namespace).toBe("gitops");
    expect(project.metadata.namespace).toBe("gitops");
    expect(secrets.every((s) => s.metadata.namespace === "gitops")).toBe(true);
    expect((appSet.spec as { template: { spec: { source: object } } }).template.spec.source).toEqual({
      repoURL: "https://github.com/acme/shop-deploy.git",
      targetRevision: "v12",
      path: "deploy/k8s/{{ .name }}",
    });
    // AND an option wins over the blueprint
    const overridden = gitops(b, { revision: "main" }).appSet.spec as {
      template: { spec: { source: { targetRevision: string } } };
    };
    expect(overridden.template.spec.source.targetRevision).toBe("main");
  });

  test("without spec.gitops, a placeholder repository, HEAD, dist/k8s and argocd", () => {
    const { appSet } = gitops(multiCloud());
    expect(appSet.metadata.namespace).toBe("argocd");
    expect((appSet.spec as { template: { spec: { source: object } } }).template.spec.source).toEqual({
      repoURL: "https://git.example.com/shop.git",
      targetRevision: "HEAD",
      path: "dist/k8s/{{ .name }}",
    });
  });

  test("a path with a leading slash is refused by the schema", () => {
    expect(() =>
      multiCloud(undefined, { gitops: { repoURL: "https://x.example/r.git", path: "/abs" } }),
    ).toThrow(/spec\.gitops\.path/);
  });
});
