import { Construct } from "constructs";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { Blueprint, Region } from "../blueprint/model";
import { workloadNamespace } from "../core/names";
import { objectLabels } from "./labels";
import { typedObject } from "./typed-object";

export interface RegionalNamespaceProps {
  readonly blueprint: Blueprint;
  /** The region whose cluster this copy is for. */
  readonly region: Region;
}

/**
 * The blueprint's namespace in one regional cluster: Pod Security "restricted"
 * enforced, and all ingress denied unless a workload's policy allows its port.
 */
export class RegionalNamespace extends Construct {
  constructor(scope: Construct, id: string, props: RegionalNamespaceProps) {
    super(scope, id);
    const { blueprint: b, region: r } = props;
    const name = workloadNamespace(b);
    const labels = objectLabels(b, r, b.name);
    typedObject<INamespace>(this, "Resource", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name,
        labels: {
          ...labels,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
        },
      },
    });
    typedObject<INetworkPolicy>(this, "DefaultDenyIngress", {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "default-deny-ingress", namespace: name, labels },
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    });
  }
}
