import { EksCluster, type EksClusterProps } from "../../lib/aws/eks-cluster";
import { UsageError } from "../../lib/core/errors";
import { allResources, only, resources, synthWithProvider } from "./synth";

const base: Omit<EksClusterProps, "provider"> = {
  name: "shop-aws-eu-west-1",
  kubernetesVersion: "1.36",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  kmsKeyArn: "arn:key",
  authorizedNetworks: ["10.20.0.0/16", "10.10.0.0/16"],
  nodes: { min: 2, max: 10, instanceType: "m6i.large" },
};

describe("EksCluster", () => {
  test("GIVEN a blueprint's cluster THEN the version is pinned, the endpoint private only and secrets encrypted", () => {
    const json = synthWithProvider((s, provider) => new EksCluster(s, "Cluster", { provider, ...base }));
    const cluster = only(json, "aws_eks_cluster");
    expect(cluster).toMatchObject({
      name: "shop-aws-eu-west-1",
      version: "1.36",
      vpc_config: {
        endpoint_private_access: true,
        endpoint_public_access: false,
        subnet_ids: ["subnet-a", "subnet-b"],
      },
      encryption_config: { resources: ["secrets"], provider: { key_arn: "arn:key" } },
    });
    expect(cluster.enabled_cluster_log_types).toEqual(
      expect.arrayContaining(["api", "audit", "authenticator"]),
    );
    expect(only(json, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/aws/eks/shop-aws-eu-west-1/cluster",
      kms_key_id: "arn:key",
    });
  });

  test("GIVEN logTypes [] THEN the required api, audit and authenticator logs stay on", () => {
    const json = synthWithProvider(
      (s, provider) => new EksCluster(s, "Cluster", { provider, ...base, logTypes: [] }),
    );
    expect(only(json, "aws_eks_cluster").enabled_cluster_log_types).toEqual([
      "api",
      "audit",
      "authenticator",
    ]);
  });

  test("GIVEN a cluster THEN it runs EKS Auto Mode: compute, block storage and load balancing together, no self-managed add-ons, no node group", () => {
    const json = synthWithProvider((s, provider) => new EksCluster(s, "Cluster", { provider, ...base }));
    const cluster = only(json, "aws_eks_cluster");
    expect(cluster).toMatchObject({
      bootstrap_self_managed_addons: false,
      compute_config: { enabled: true, node_pools: ["system"] },
      storage_config: { block_storage: { enabled: true } },
      kubernetes_network_config: { elastic_load_balancing: { enabled: true } },
      upgrade_policy: { support_type: "STANDARD" },
      access_config: { authentication_mode: "API" },
    });
    // The unbounded built-in general-purpose pool would bypass nodes.max.
    expect((cluster.compute_config as { node_pools: string[] }).node_pools).not.toContain("general-purpose");
    for (const gone of ["aws_eks_node_group", "aws_launch_template", "aws_eks_addon"]) {
      expect(resources(json, gone)).toEqual([]);
    }
  });

  test("GIVEN Auto Mode THEN the cluster role has the Auto Mode policies and TagSession, the node role only minimal worker and ECR pull", () => {
    const json = synthWithProvider((s, provider) => new EksCluster(s, "Cluster", { provider, ...base }));
    const roles = resources(json, "aws_iam_role");
    const clusterRole = roles.find((r) => r.name === "shop-aws-eu-west-1-cluster")!;
    expect(JSON.parse(clusterRole.assume_role_policy as string).Statement[0].Action).toEqual([
      "sts:AssumeRole",
      "sts:TagSession",
    ]);
    const attached = (role: string) =>
      resources(json, "aws_iam_role_policy_attachment")
        .filter((a) => String(a.role).includes(role))
        .map((a) => String(a.policy_arn).replace("arn:aws:iam::aws:policy/", ""))
        .sort();
    expect(attached("ClusterRole")).toEqual([
      "AmazonEKSBlockStoragePolicy",
      "AmazonEKSClusterPolicy",
      "AmazonEKSComputePolicy",
      "AmazonEKSLoadBalancingPolicy",
      "AmazonEKSNetworkingPolicy",
    ]);
    expect(attached("NodeRole")).toEqual([
      "AmazonEC2ContainerRegistryPullOnly",
      "AmazonEKSWorkerNodeMinimalPolicy",
    ]);
    expect(only(json, "aws_eks_cluster").compute_config).toMatchObject({
      node_role_arn: expect.stringContaining("NodeRole"),
    });
  });

  test("GIVEN the region key THEN the cluster role may encrypt node volumes with it and grant it only to AWS resources", () => {
    const json = synthWithProvider((s, provider) => new EksCluster(s, "Cluster", { provider, ...base }));
    const policy = resources(json, "aws_iam_role_policy").find((p) => p.name === "encrypt-node-volumes")!;
    const doc = JSON.parse(policy.policy as string);
    expect(doc.Statement[0]).toMatchObject({
      Action: expect.arrayContaining(["kms:GenerateDataKey*", "kms:ReEncrypt*"]),
      Resource: ["arn:key"],
    });
    expect(doc.Statement[1]).toMatchObject({
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
  });

  test("GIVEN min above max or max above the EKS limit THEN construction fails naming the bounds", () => {
    const build = (nodes: EksClusterProps["nodes"]) => () =>
      synthWithProvider((s, provider) => new EksCluster(s, "Cluster", { provider, ...base, nodes }));
    expect(build({ min: 5, max: 3, instanceType: "m6i.large" })).toThrow(UsageError);
    expect(build({ min: 5, max: 3, instanceType: "m6i.large" })).toThrow(
      "stack/Cluster: nodes: bad node group bounds (found min 5, max 3, expected whole numbers with 0 <= min <= max and max >= 1)",
    );
    expect(build({ min: 1, max: 451, instanceType: "m6i.large" })).toThrow(
      "stack/Cluster: nodes.max is above the EKS limit per node group (found 451, expected at most 450)",
    );
  });

  test("GIVEN the authorized networks THEN only they reach the API on 443", () => {
    const json = synthWithProvider((s, provider) => new EksCluster(s, "Cluster", { provider, ...base }));
    const rules = resources(json, "aws_vpc_security_group_ingress_rule");
    expect(rules.map((r) => [r.cidr_ipv4, r.from_port, r.to_port])).toEqual([
      ["10.20.0.0/16", 443, 443],
      ["10.10.0.0/16", 443, 443],
    ]);
  });

  test("GIVEN a workload THEN its role trusts EKS Pod Identity and is associated with its service account", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new EksCluster(s, "Cluster", {
          provider,
          ...base,
          workloads: [{ namespace: "shop", serviceAccount: "api", roleName: "shop-aws-eu-west-1-api" }],
        }),
    );
    const role = resources(json, "aws_iam_role").find((r) => r.name === "shop-aws-eu-west-1-api")!;
    const trust = JSON.parse(role.assume_role_policy as string);
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    });
    expect(only(json, "aws_eks_pod_identity_association")).toMatchObject({
      namespace: "shop",
      service_account: "api",
    });
    for (const [type, body] of allResources(json)) expect([type, body.provider]).toEqual([type, "aws.test"]);
  });
});
