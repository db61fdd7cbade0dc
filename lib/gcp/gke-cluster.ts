import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ReleaseChannel } from "../blueprint/schema";
import { fitName } from "../core/names";
import { PODS_RANGE, SERVICES_RANGE } from "./network";

/** The least a node needs: write logs and metrics, pull images. */
const NODE_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
  "roles/artifactregistry.reader",
];

export interface GkeClusterProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  readonly region: string;
  /** Cluster name; also the prefix of the node service account. */
  readonly name: string;
  /** Zones the nodes run in (pinned, so the workloads' NEG zones are known). */
  readonly zones: readonly string[];
  readonly network: string;
  readonly subnetwork: string;
  /** Minimum control-plane version, e.g. `1.31`; the release channel upgrades from there. */
  readonly kubernetesVersion: string;
  /** @default "REGULAR" */
  readonly releaseChannel?: ReleaseChannel;
  /** The /28 of the private control plane. */
  readonly controlPlaneCidr: string;
  /** CIDRs allowed to reach the private endpoint. */
  readonly authorizedNetworks: readonly string[];
  /** Cloud KMS key (same region) encrypting Kubernetes Secrets in etcd. */
  readonly secretsKeyId: string;
  readonly nodes: { readonly min: number; readonly max: number; readonly machineType: string };
  /** Network tag of the nodes (firewall rules target it). */
  readonly nodeTag: string;
  /**
   * Pods per node; with the /1-of-2 pods range this bounds the node count.
   * @default 64
   */
  readonly maxPodsPerNode?: number;
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
  /** Must exist before the cluster (e.g. the KMS grant to the GKE service agent). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A regional GKE Standard cluster, private and locked down: private nodes and
 * a private endpoint reachable from the authorized networks only, a release
 * channel above a pinned minimum version, Workload Identity, network policy
 * enforcement, Secrets encrypted with a regional Cloud KMS key, shielded
 * nodes under a least-privilege service account, and one autoscaled node
 * pool (the default pool is removed).
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster
 */
export class GkeCluster extends Construct {
  readonly cluster: ContainerCluster;
  readonly nodePool: ContainerNodePool;
  readonly nodeServiceAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    const { provider, project, region } = props;
    const labels = { ...(props.labels ?? {}) };

    this.nodeServiceAccount = new ServiceAccount(this, "NodeServiceAccount", {
      provider,
      project,
      accountId: fitName(`${props.name}-nodes`, 30),
      displayName: `GKE nodes of ${props.name}`,
    });
    const roles = NODE_ROLES.map(
      (role) =>
        new ProjectIamMember(this, `NodeRole-${role.replace("roles/", "")}`, {
          provider,
          project,
          role,
          member: this.nodeServiceAccount.member,
        }),
    );

    this.cluster = new ContainerCluster(this, "Resource", {
      provider,
      project,
      name: props.name,
      location: region,
      nodeLocations: [...props.zones],
      network: props.network,
      subnetwork: props.subnetwork,
      networkingMode: "VPC_NATIVE",
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      minMasterVersion: props.kubernetesVersion,
      releaseChannel: { channel: props.releaseChannel ?? "REGULAR" },
      ipAllocationPolicy: {
        clusterSecondaryRangeName: PODS_RANGE,
        servicesSecondaryRangeName: SERVICES_RANGE,
      },
      defaultMaxPodsPerNode: props.maxPodsPerNode ?? 64,
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: true,
        masterIpv4CidrBlock: props.controlPlaneCidr,
        masterGlobalAccessConfig: { enabled: true },
      },
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: props.authorizedNetworks.map((cidr) => ({ cidrBlock: cidr, displayName: cidr })),
      },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
      networkPolicy: { enabled: true, provider: "CALICO" },
      addonsConfig: {
        networkPolicyConfig: { disabled: false },
        httpLoadBalancing: { disabled: false },
      },
      databaseEncryption: { state: "ENCRYPTED", keyName: props.secretsKeyId },
      enableShieldedNodes: true,
      enableIntranodeVisibility: true,
      loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
      resourceLabels: labels,
      deletionProtection: true,
      dependsOn: [...(props.dependsOn ?? [])],
    });

    this.nodePool = new ContainerNodePool(this, "NodePool", {
      provider,
      project,
      name: "primary",
      location: region,
      cluster: this.cluster.name,
      autoscaling: {
        totalMinNodeCount: props.nodes.min,
        totalMaxNodeCount: props.nodes.max,
        locationPolicy: "BALANCED",
      },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: props.nodes.machineType,
        diskType: "pd-balanced",
        diskSizeGb: 100,
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        metadata: { "disable-legacy-endpoints": "true" },
        tags: [props.nodeTag],
        labels,
      },
      dependsOn: roles,
    });
  }
}
