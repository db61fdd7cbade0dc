import { renderManifests } from "../../lib/k8s/synth";
import { fullWorkload, multiCloud } from "./fixtures";
import { upstreamErrors } from "./upstream-models";

describe("manifests against the upstream schemas", () => {
  test("every object of a two-cloud blueprint with a fully specified workload validates", () => {
    // GIVEN a blueprint exercising every workload field, on aws and gcp
    const b = multiCloud([
      fullWorkload,
      { name: "worker", image: "ghcr.io/acme/worker@sha256:" + "a".repeat(64), port: 9000 },
    ]);
    // WHEN the manifests are rendered
    const docs = [
      ...renderManifests(b, { repoURL: "https://github.com/acme/shop-deploy.git" }).values(),
    ].flat();
    // THEN each object validates with its published model (kubernetes-models, argo-cd, prometheus-operator)
    const failures = docs
      .map((d) => ({ id: `${d.kind}/${(d.metadata as { name: string }).name}`, error: upstreamErrors(d) }))
      .filter((f) => f.error !== undefined);
    expect(failures).toEqual([]);
    const kinds = new Set(docs.map((d) => d.kind));
    expect([...kinds].sort()).toEqual([
      "AppProject",
      "Application",
      "ConfigMap",
      "Deployment",
      "HorizontalPodAutoscaler",
      "Namespace",
      "NetworkPolicy",
      "NodeClass",
      "NodePool",
      "PodDisruptionBudget",
      "PrometheusRule",
      "Service",
      "ServiceAccount",
      "ServiceMonitor",
    ]);
  });

  test("the validator rejects a broken object, naming the path", () => {
    // GIVEN a rendered Deployment with a replica count of the wrong type
    const b = multiCloud([{ ...fullWorkload, autoscaling: undefined, replicas: 3 }]);
    const deployment = [...renderManifests(b).values()].flat().find((d) => d.kind === "Deployment")!;
    const broken = { ...deployment, spec: { ...(deployment.spec as object), replicas: "three" } };
    // THEN validation fails at spec.replicas
    expect(upstreamErrors(deployment)).toBeUndefined();
    expect(upstreamErrors(broken as Record<string, unknown>)).toMatch(/spec\/replicas must be integer/);
  });
});
