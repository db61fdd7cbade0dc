import { renderManifests } from "../../lib/k8s/synth";
import { multiCloud, threeRegions } from "./fixtures";
import { upstreamErrors } from "./upstream-models";

type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
};

const nodesOf = (b: ReturnType<typeof threeRegions>, cluster: string) =>
  (renderManifests(b).get(`k8s/${cluster}/nodes.yaml`) ?? []) as Doc[];

describe("EKS Auto Mode nodes in dist/k8s/<aws cluster>/nodes.yaml", () => {
  test("GIVEN nodes.max 10 of m6i.large THEN the NodePool is limited to 20 vCPU and 80Gi, on that type only", () => {
    const b = threeRegions([40, 40, 20], []);
    const pool = nodesOf(b, "svc-aws-us-east-1").find((d) => d.kind === "NodePool")!;
    expect(pool).toMatchObject({
      apiVersion: "karpenter.sh/v1",
      spec: {
        limits: { cpu: "20", memory: "80Gi" },
        template: {
          spec: {
            nodeClassRef: { group: "eks.amazonaws.com", kind: "NodeClass", name: "activeactive" },
            requirements: expect.arrayContaining([
              { key: "node.kubernetes.io/instance-type", operator: "In", values: ["m6i.large"] },
            ]),
          },
        },
      },
    });
    expect(upstreamErrors(pool)).toBeUndefined();
  });

  test("GIVEN a bigger nodes.max and type THEN the limits follow (12 × m6i.xlarge = 48 vCPU, 192Gi)", () => {
    const b = threeRegions([40, 40, 20], [], { cluster: { nodes: { max: 12, instanceType: "m6i.xlarge" } } });
    const pool = nodesOf(b, "svc-aws-eu-west-1").find((d) => d.kind === "NodePool")!;
    expect((pool.spec as { limits: object }).limits).toEqual({ cpu: "48", memory: "192Gi" });
  });

  test("THEN the NodeClass runs nodes as the cluster's node role, with ephemeral storage on the region key", () => {
    const b = threeRegions([40, 40, 20], []);
    const nodeClass = nodesOf(b, "svc-aws-ap-southeast-1").find((d) => d.kind === "NodeClass")!;
    expect(nodeClass.spec).toMatchObject({
      role: "svc-aws-ap-southeast-1-node",
      ephemeralStorage: { kmsKeyID: "alias/svc-aws-ap-southeast-1" },
    });
    expect(upstreamErrors(nodeClass)).toBeUndefined();
  });

  test("THEN NetworkPolicies are enforced: the NodeClass turns policy support on and the VPC CNI controller is enabled", () => {
    const b = threeRegions([40, 40, 20], []);
    const docs = nodesOf(b, "svc-aws-us-east-1");
    expect(docs.find((d) => d.kind === "NodeClass")!.spec).toMatchObject({ networkPolicy: "DefaultAllow" });
    expect(docs.find((d) => d.kind === "ConfigMap")).toMatchObject({
      metadata: { name: "amazon-vpc-cni", namespace: "kube-system" },
      data: { "enable-network-policy-controller": "true" },
    });
    // The namespace's default-deny policy is what gets enforced.
    const ns = renderManifests(b).get("k8s/svc-aws-us-east-1/namespace.yaml") as Doc[];
    expect(ns.find((d) => d.kind === "NetworkPolicy")?.metadata.name).toBe("default-deny-ingress");
  });

  test("GIVEN a gcp region THEN its cluster gets no nodes.yaml (GKE autoscales its node pool up to nodes.max)", () => {
    const files = [...renderManifests(multiCloud()).keys()].filter((f) => f.endsWith("/nodes.yaml"));
    expect(files).toEqual(["k8s/shop-aws-us-east-1/nodes.yaml"]);
  });
});
