import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { type TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
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
  /** Managed node group bounds; `min <= max`, `1 <= max <= 450`. */
  readonly nodes: { readonly min: number; readonly max: number; readonly instanceType: string };
  /**
   * @default "AL2023_x86_64_STANDARD"
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
   */
  readonly amiType?: string;
  /** @default 50 */
  readonly nodeDiskGiB?: number;
  /** @default ["api", "audit", "authenticator", "controllerManager", "scheduler"] */
  readonly logTypes?: readonly ControlPlaneLogType[];
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** Pod Identity roles and associations to create. @default [] */
  readonly workloads?: readonly WorkloadIdentity[];
}

const REQUIRED_LOGS: readonly ControlPlaneLogType[] = ["api", "audit", "authenticator"];
const MAX_NODES_PER_GROUP = 450;

/**
 * An EKS cluster with a private endpoint only, secrets encrypted with the
 * region key, control-plane logs in a key-encrypted log group, a managed node
 * group with bounded size (IMDSv2 only, encrypted root volumes), the Pod
 * Identity agent, and one Pod Identity role per workload.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/eks_cluster
 */
export class EksCluster extends Construct {
  readonly cluster: EksClusterResource;
  readonly nodeGroup: EksNodeGroup;
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
    const clusterPolicy = new IamRolePolicyAttachment(this, "ClusterPolicy", {
      provider,
      role: clusterRole.name,
      policyArn: managedPolicyArn("AmazonEKSClusterPolicy"),
    });
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
      dependsOn: [clusterPolicy, clusterKeyAccess, logGroup],
    });

    const nodeRole = new IamRole(this, "NodeRole", {
      provider,
      name: `${props.name}-node`,
      assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"),
    });
    const nodePolicies = [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonEC2ContainerRegistryReadOnly",
    ].map(
      (policy) =>
        new IamRolePolicyAttachment(this, `Node${policy}`, {
          provider,
          role: nodeRole.name,
          policyArn: managedPolicyArn(policy),
        }),
    );
    const launchTemplate = new LaunchTemplate(this, "NodeLaunchTemplate", {
      provider,
      name: `${props.name}-node`,
      updateDefaultVersion: true,
      // IMDSv2 only; hop limit 2 so pods that still need IMDS reach it through the node.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { encrypted: "true", volumeSize: props.nodeDiskGiB ?? 50, volumeType: "gp3" },
        },
      ],
      tagSpecifications: [{ resourceType: "instance", tags: { Name: `${props.name}-node` } }],
    });
    this.nodeGroup = new EksNodeGroup(this, "NodeGroup", {
      provider,
      clusterName: this.cluster.name,
      nodeGroupName: `${props.name}-default`,
      nodeRoleArn: nodeRole.arn,
      subnetIds: [...props.subnetIds],
      amiType: props.amiType ?? "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: [props.nodes.instanceType],
      scalingConfig: { minSize: min, maxSize: max, desiredSize: Math.max(min, 1) },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
      // The cluster autoscaler owns the desired size once running.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: nodePolicies,
    });
    new EksAddon(this, "PodIdentityAgent", {
      provider,
      clusterName: this.cluster.name,
      addonName: "eks-pod-identity-agent",
      resolveConflictsOnCreate: "OVERWRITE",
      dependsOn: [this.nodeGroup],
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
