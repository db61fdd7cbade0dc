import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EKS_BUILT_IN_NODE_POOLS, eksNodeRoleName } from "../core/eks-auto-mode";
import { invalidProp } from "../core/errors";
import { allowPolicy, assumeRolePolicy, managedPolicyArn } from "./policy-document";

/** Control-plane log types; `api`, `audit` and `authenticator` are always on. */
export type ControlPlaneLogType = "api" | "audit" | "authenticator" | "controllerManager" | "scheduler";

/** A workload's identity: its pods assume `roleName` through EKS Pod Identity. */
export interface WorkloadIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** IAM role name (64 characters at most). */
  readonly roleName: string;
}

export interface EksClusterProps {
  /** The aliased provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** Cluster name; also the prefix of its roles and groups. */
  readonly name: string;
  /** Pinned control-plane version, e.g. `1.31`. */
  readonly kubernetesVersion: string;
  readonly vpcId: string;
  /** Private subnets in two or more zones: nodes and the API endpoint live here. */
  readonly subnetIds: readonly string[];
  /** The region key; encrypts Kubernetes secrets and the control-plane log group. */
  readonly kmsKeyArn: string;
  /** CIDRs allowed to reach the private API endpoint on 443. */
  readonly authorizedNetworks: readonly string[];
  /**
   * Node bounds, checked here; Auto Mode enforces `max` through the NodePool
   * limits generated with the manifests (lib/k8s/eks-node-pool.ts). `min <= max`, `1 <= max <= 450`.
   */
  readonly nodes: { readonly min: number; readonly max: number; readonly instanceType: string };
  /** @default ["api", "audit", "authenticator", "controllerManager", "scheduler"] */
  readonly logTypes?: readonly ControlPlaneLogType[];
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** Pod Identity roles and associations to create. @default [] */
  readonly workloads?: readonly WorkloadIdentity[];
}

const REQUIRED_LOGS: readonly ControlPlaneLogType[] = ["api", "audit", "authenticator"];
const MAX_NODES_PER_GROUP = 450;

/** What EKS Auto Mode's cluster role needs on top of AmazonEKSClusterPolicy. */
const AUTO_MODE_CLUSTER_POLICIES = [
  "AmazonEKSClusterPolicy",
  "AmazonEKSComputePolicy",
  "AmazonEKSBlockStoragePolicy",
  "AmazonEKSLoadBalancingPolicy",
  "AmazonEKSNetworkingPolicy",
];
/** Auto Mode nodes: the minimal worker policy and ECR pull-only. */
const AUTO_MODE_NODE_POLICIES = ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"];

/**
 * An EKS Auto Mode cluster with a private endpoint only, secrets encrypted
 * with the region key, control-plane logs in a key-encrypted log group,
 * standard support only (no extended-support billing), access entries (API
 * authentication), and one Pod Identity role per workload.
 *
 * Compute, block storage and load balancing are the three Auto Mode
 * capabilities, enabled together; EKS runs the VPC CNI, kube-proxy, CoreDNS,
 * the EBS CSI driver and the Pod Identity agent itself, so no add-on is
 * bootstrapped. Only the built-in `system` pool is on: workloads run on the
 * NodePool generated with the manifests, whose limits come from `nodes.max`.
 * The cluster role may use the region key for node volumes (the NodeClass
 * encrypts ephemeral storage with it).
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/eks_cluster
 * @see https://docs.aws.amazon.com/eks/latest/userguide/automode.html
 */
export class EksCluster extends Construct {
  readonly cluster: EksClusterResource;
  /** The role Auto Mode nodes run as; the NodeClass names it. */
  readonly nodeRole: IamRole;
  /** Workload roles by service account name. */
  readonly workloadRoles: Record<string, IamRole> = {};

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const provider = props.provider;
    const { min, max } = props.nodes;
    if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= 1 && min <= max)) {
      throw invalidProp(
        this,
        "nodes: bad node group bounds",
        `min ${min}, max ${max}`,
        "whole numbers with 0 <= min <= max and max >= 1",
      );
    }
    if (max > MAX_NODES_PER_GROUP) {
      throw invalidProp(
        this,
        "nodes.max is above the EKS limit per node group",
        String(max),
        `at most ${MAX_NODES_PER_GROUP}`,
      );
    }
    if (props.subnetIds.length < 2) {
      throw invalidProp(
        this,
        "EKS needs subnets in two or more zones",
        `${props.subnetIds.length} subnet(s)`,
        "2 or more subnet ids",
      );
    }
    const logTypes = [
      ...new Set([...REQUIRED_LOGS, ...(props.logTypes ?? ["controllerManager", "scheduler"])]),
    ];

    const clusterRole = new IamRole(this, "ClusterRole", {
      provider,
      name: `${props.name}-cluster`,
      assumeRolePolicy: assumeRolePolicy("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
    });
    const clusterPolicies = AUTO_MODE_CLUSTER_POLICIES.map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy === "AmazonEKSClusterPolicy" ? "ClusterPolicy" : policy, {
          provider,
          role: clusterRole.name,
          policyArn: managedPolicyArn(policy),
        }),
    );
    const clusterKeyAccess = new IamRolePolicy(this, "ClusterKeyAccess", {
      provider,
      role: clusterRole.id,
      name: "encrypt-secrets",
      policy: allowPolicy([
        [
          ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey", "kms:CreateGrant"],
          [props.kmsKeyArn],
        ],
      ]),
    });
    // Auto Mode creates node volumes as the cluster role: it must be able to use the
    // region key (the key policy delegates to IAM) and grant it to EC2 for the volumes.
    // https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html
    const nodeVolumeKeyAccess = new IamRolePolicy(this, "NodeVolumeKeyAccess", {
      provider,
      role: clusterRole.id,
      name: "encrypt-node-volumes",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: [
              "kms:Encrypt",
              "kms:Decrypt",
              "kms:ReEncrypt*",
              "kms:GenerateDataKey*",
              "kms:DescribeKey",
            ],
            Resource: [props.kmsKeyArn],
          },
          {
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resource: [props.kmsKeyArn],
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
          },
        ],
      }),
    });
    // Created before the cluster so EKS does not create it unencrypted and without retention.
    const logGroup = new CloudwatchLogGroup(this, "ControlPlaneLogs", {
      provider,
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
    });
    const apiAccess = new SecurityGroup(this, "ApiAccess", {
      provider,
      name: `${props.name}-api`,
      description: "Private Kubernetes API access from authorized networks",
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-api` },
    });
    props.authorizedNetworks.forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `ApiAccessRule${i + 1}`, {
        provider,
        securityGroupId: apiAccess.id,
        description: `Kubernetes API from ${cidr}`,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    });

    this.nodeRole = new IamRole(this, "NodeRole", {
      provider,
      name: eksNodeRoleName(props.name),
      assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"),
    });
    const nodePolicies = AUTO_MODE_NODE_POLICIES.map(
      (policy) =>
        new IamRolePolicyAttachment(this, `Node${policy}`, {
          provider,
          role: this.nodeRole.name,
          policyArn: managedPolicyArn(policy),
        }),
    );

    this.cluster = new EksClusterResource(this, "Resource", {
      provider,
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        securityGroupIds: [apiAccess.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.kmsKeyArn } },
      enabledClusterLogTypes: logTypes,
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      // Auto Mode: compute, block storage and load balancing go together.
      bootstrapSelfManagedAddons: false,
      computeConfig: {
        enabled: true,
        nodePools: [...EKS_BUILT_IN_NODE_POOLS],
        nodeRoleArn: this.nodeRole.arn,
      },
      storageConfig: { blockStorage: { enabled: true } },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      // Upgrade at the end of standard support instead of billing extended support.
      upgradePolicy: { supportType: "STANDARD" },
      dependsOn: [...clusterPolicies, clusterKeyAccess, nodeVolumeKeyAccess, logGroup, ...nodePolicies],
    });

    for (const w of props.workloads ?? []) {
      const role = new IamRole(this, `Workload-${w.serviceAccount}`, {
        provider,
        name: w.roleName,
        description: `Pod Identity role of ${w.namespace}/${w.serviceAccount} on ${props.name}`,
        assumeRolePolicy: assumeRolePolicy("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
      });
      new EksPodIdentityAssociation(this, `Workload-${w.serviceAccount}-Association`, {
        provider,
        clusterName: this.cluster.name,
        namespace: w.namespace,
        serviceAccount: w.serviceAccount,
        roleArn: role.arn,
      });
      this.workloadRoles[w.serviceAccount] = role;
    }
  }
}
