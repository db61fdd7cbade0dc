import { Construct } from "constructs";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { Blueprint, Region } from "../blueprint/model";
import { EKS_NODE_CLASS, EKS_NODE_POOL, eksNodeRoleName } from "../core/eks-auto-mode";
import { instanceType } from "../core/instance-types";
import { clusterName, regionalName } from "../core/names";
import { objectLabels } from "./labels";
import { typedObject } from "./typed-object";

/** `eks.amazonaws.com/v1` NodeClass: what EKS Auto Mode nodes look like. */
export interface INodeClass {
  readonly apiVersion: "eks.amazonaws.com/v1";
  readonly kind: "NodeClass";
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec: {
    readonly role: string;
    readonly ephemeralStorage: {
      readonly size: string;
      readonly iops: number;
      readonly throughput: number;
      readonly kmsKeyID: string;
    };
    readonly networkPolicy: "DefaultAllow" | "DefaultDeny";
    readonly networkPolicyEventLogs: "Enabled" | "Disabled";
  };
}

/** `karpenter.sh/v1` NodePool: which nodes Auto Mode may start, and how many in all. */
export interface INodePool {
  readonly apiVersion: "karpenter.sh/v1";
  readonly kind: "NodePool";
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec: {
    readonly template: {
      readonly spec: {
        readonly nodeClassRef: { readonly group: string; readonly kind: string; readonly name: string };
        readonly requirements: readonly { key: string; operator: "In"; values: string[] }[];
        readonly expireAfter: string;
      };
    };
    readonly limits: { readonly cpu: string; readonly memory: string };
    readonly disruption: {
      readonly consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
      readonly consolidateAfter: string;
      readonly budgets: readonly { nodes: string }[];
    };
  };
}

export interface EksNodePoolProps {
  readonly blueprint: Blueprint;
  /** An aws region of the blueprint. */
  readonly region: Region;
  /** @default 80 */
  readonly diskGiB?: number;
}

/**
 * What an EKS Auto Mode cluster needs in-cluster to scale within the
 * blueprint: a NodeClass (node role, ephemeral storage encrypted with the
 * region key, network policy enforcement), a NodePool of the blueprint's
 * instance type whose `limits` are `nodes.max` of those nodes (the built-in
 * general-purpose pool is off, so nothing bypasses them), and the
 * `amazon-vpc-cni` ConfigMap that turns the network policy controller on.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html
 */
export class EksNodePool extends Construct {
  constructor(scope: Construct, id: string, props: EksNodePoolProps) {
    super(scope, id);
    const { blueprint: b, region: r } = props;
    if (r.cloud !== "aws") throw new Error(`${this.node.path}: ${r.key} is not an aws region`);
    const nodes = b.cluster.nodes;
    const type = instanceType(nodes.instanceType);
    // The blueprint loader refuses unknown sizes; a hand-built blueprint may not.
    if (type === undefined || type.cloud !== "aws") {
      throw new Error(`${this.node.path}: no size known for instance type ${nodes.instanceType}`);
    }
    const labels = objectLabels(b, r, b.name);

    typedObject<INodeClass>(this, "NodeClass", {
      apiVersion: "eks.amazonaws.com/v1",
      kind: "NodeClass",
      metadata: { name: EKS_NODE_CLASS, labels },
      spec: {
        role: eksNodeRoleName(clusterName(b, r)),
        ephemeralStorage: {
          size: `${props.diskGiB ?? 80}Gi`,
          iops: 3000,
          throughput: 125,
          // The region key (lib/aws/kms-key.ts alias); the cluster role may use it (auto-kms).
          kmsKeyID: `alias/${regionalName(b, r)}`,
        },
        // Enforce the NetworkPolicies we ship; what no policy selects stays open, as upstream.
        networkPolicy: "DefaultAllow",
        networkPolicyEventLogs: "Disabled",
      },
    });

    typedObject<INodePool>(this, "NodePool", {
      apiVersion: "karpenter.sh/v1",
      kind: "NodePool",
      metadata: { name: EKS_NODE_POOL, labels },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: "eks.amazonaws.com", kind: "NodeClass", name: EKS_NODE_CLASS },
            requirements: [
              { key: "node.kubernetes.io/instance-type", operator: "In", values: [type.name] },
              { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
            ],
            // Auto Mode replaces nodes within 21 days; two weeks keeps them patched.
            expireAfter: "336h",
          },
        },
        // cluster.nodes.max nodes of this size, and not one more.
        limits: { cpu: String(type.vcpu * nodes.max), memory: `${type.memoryGiB * nodes.max}Gi` },
        disruption: {
          consolidationPolicy: "WhenEmptyOrUnderutilized",
          consolidateAfter: "5m",
          budgets: [{ nodes: "10%" }],
        },
      },
    });

    typedObject<IConfigMap>(this, "NetworkPolicyController", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "amazon-vpc-cni", namespace: "kube-system", labels },
      data: { "enable-network-policy-controller": "true" },
    });
  }
}
