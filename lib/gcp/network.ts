import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeNetworkPeeringRoutesConfig } from "@cdktf/provider-google/lib/compute-network-peering-routes-config";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { fitName } from "../core/names";
import type { SubnetPlan } from "./subnet-plan";

/** Secondary range names of every regional subnet; the GKE cluster refers to them. */
export const PODS_RANGE = "pods";
export const SERVICES_RANGE = "services";

/** Source ranges of Google load balancer health checks and proxies. */
export const GOOGLE_HEALTH_CHECK_RANGES = ["35.191.0.0/16", "130.211.0.0/22"];

export interface PrivateServicesRange {
  /** Global address name, e.g. `shop-gcp-us-central1-psa`. */
  readonly name: string;
  /** A CIDR inside that region's range. */
  readonly cidr: string;
}

export interface GcpNetworkProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  readonly region: string;
  /** The blueprint's VPC network (global), shared by all its gcp regions. */
  readonly networkName: string;
  /**
   * Set on exactly one region (the primary): it creates the global network
   * and the private services access (Cloud SQL) ranges and connection for
   * every region; the others only add their subnet.
   * @default - the network exists already (created by the owner region)
   */
  readonly owner?: { readonly privateServicesRanges: readonly PrivateServicesRange[] };
  /** Prefix of this region's resource names, e.g. `shop-gcp-us-central1`. */
  readonly name: string;
  readonly plan: SubnetPlan;
  /** Network tag on this region's GKE nodes; firewall rules target it. */
  readonly nodeTag: string;
  /** Ports the workloads serve on; opened to Google health checks and to `internalSources`. */
  readonly workloadPorts: readonly number[];
  /** CIDRs of every site of the blueprint (both clouds) that may reach the workloads. */
  readonly internalSources: readonly string[];
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A region's share of the blueprint's global VPC network: its subnet with
 * secondary ranges for GKE pods and services and Private Google Access, a
 * Cloud NAT for the private nodes' egress, and firewall rules that admit
 * Google health checks and the blueprint's own sites on the workload ports
 * only. The owner region also creates the network itself (custom subnets,
 * global dynamic routing so a Cloud Router in one region advertises all
 * regions) and the private services access peering Cloud SQL needs, which
 * exports the network's dynamic routes so Cloud SQL can answer the other cloud.
 */
export class GcpNetwork extends Construct {
  /** Self link (or path) of the network, usable in this stack. */
  readonly network: string;
  readonly subnetwork: ComputeSubnetwork;
  /** Ready when private services access is: Cloud SQL must wait for it. */
  readonly privateServicesReady: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    const { provider, project, region } = props;
    this.privateServicesReady = [];
    if (props.owner !== undefined) {
      const network = new ComputeNetwork(this, "Resource", {
        provider,
        project,
        name: props.networkName,
        autoCreateSubnetworks: false,
        routingMode: "GLOBAL",
      });
      this.network = network.id;
      const ranges = props.owner.privateServicesRanges.map((r) => {
        const [address, prefix] = r.cidr.split("/");
        return new ComputeGlobalAddress(this, `PrivateServices-${r.name}`, {
          provider,
          project,
          name: r.name,
          purpose: "VPC_PEERING",
          addressType: "INTERNAL",
          address: address!,
          prefixLength: Number(prefix),
          network: network.id,
          labels: { ...(props.labels ?? {}) },
        });
      });
      const connection = new ServiceNetworkingConnection(this, "PrivateServicesConnection", {
        provider,
        network: network.id,
        service: "servicenetworking.googleapis.com",
        reservedPeeringRanges: ranges.map((r) => r.name),
      });
      // Cloud SQL answers the other cloud only if it learns the routes to it
      // (dynamic routes from the interconnect's Cloud Router).
      const routes = new ComputeNetworkPeeringRoutesConfig(this, "PrivateServicesRoutes", {
        provider,
        project,
        network: network.name,
        peering: connection.peering,
        exportCustomRoutes: true,
        importCustomRoutes: false,
      });
      this.privateServicesReady.push(connection, routes);
    } else {
      this.network = `projects/${project}/global/networks/${props.networkName}`;
    }

    this.subnetwork = new ComputeSubnetwork(this, "Subnet", {
      provider,
      project,
      region,
      name: props.name,
      network: this.network,
      ipCidrRange: props.plan.nodes,
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: PODS_RANGE, ipCidrRange: props.plan.pods },
        { rangeName: SERVICES_RANGE, ipCidrRange: props.plan.services },
      ],
      logConfig: {
        aggregationInterval: "INTERVAL_5_SEC",
        flowSampling: 0.5,
        metadata: "INCLUDE_ALL_METADATA",
      },
    });

    const router = new ComputeRouter(this, "NatRouter", {
      provider,
      project,
      region,
      name: fitName(`${props.name}-nat`, 63),
      network: this.network,
    });
    new ComputeRouterNat(this, "Nat", {
      provider,
      project,
      region,
      name: fitName(`${props.name}-nat`, 63),
      router: router.name,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetwork: [{ name: this.subnetwork.id, sourceIpRangesToNat: ["ALL_IP_RANGES"] }],
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });

    if (props.workloadPorts.length > 0) {
      const ports = [...new Set(props.workloadPorts)].sort((a, b) => a - b).map(String);
      new ComputeFirewall(this, "AllowHealthChecks", {
        provider,
        project,
        name: fitName(`${props.name}-allow-health-checks`, 63),
        network: this.network,
        direction: "INGRESS",
        sourceRanges: GOOGLE_HEALTH_CHECK_RANGES,
        targetTags: [props.nodeTag],
        allow: [{ protocol: "tcp", ports }],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
      new ComputeFirewall(this, "AllowSites", {
        provider,
        project,
        name: fitName(`${props.name}-allow-sites`, 63),
        network: this.network,
        direction: "INGRESS",
        sourceRanges: [...props.internalSources],
        targetTags: [props.nodeTag],
        allow: [{ protocol: "tcp", ports }],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
    }
  }
}
