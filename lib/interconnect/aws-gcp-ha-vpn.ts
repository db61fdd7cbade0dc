import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CustomerGateway } from "@cdktf/provider-aws/lib/customer-gateway";
import { DataAwsRouteTables } from "@cdktf/provider-aws/lib/data-aws-route-tables";
import { DataAwsSubnets } from "@cdktf/provider-aws/lib/data-aws-subnets";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route } from "@cdktf/provider-aws/lib/route";
import { VpnConnection } from "@cdktf/provider-aws/lib/vpn-connection";
import { ComputeExternalVpnGateway } from "@cdktf/provider-google/lib/compute-external-vpn-gateway";
import { ComputeHaVpnGateway } from "@cdktf/provider-google/lib/compute-ha-vpn-gateway";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterInterface } from "@cdktf/provider-google/lib/compute-router-interface";
import { ComputeRouterPeer } from "@cdktf/provider-google/lib/compute-router-peer";
import { ComputeVpnTunnel } from "@cdktf/provider-google/lib/compute-vpn-tunnel";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";
import type { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { TUNNELS_PER_LINK, type TunnelAddressPlan } from "../core/address-plan";

/** IPsec proposals both clouds accept; AWS would otherwise also offer weaker ones. */
const IKE = {
  encryption: ["AES256"],
  integrity: ["SHA2-256"],
  dhGroups: [14],
};

export interface AwsGcpHaVpnProps {
  readonly googleProvider: GoogleProvider;
  readonly awsProvider: AwsProvider;
  readonly randomProvider: RandomProvider;
  readonly project: string;
  /** The gcp region of the HA VPN gateway and Cloud Router. */
  readonly gcpRegion: string;
  /** The blueprint's VPC network (`projects/<p>/global/networks/<n>`). */
  readonly network: string;
  /** Prefix of every resource name, e.g. `shop-eu-west-1-europe-west1`. */
  readonly name: string;
  /** `Name` tag of the AWS region's VPC (from `regionalName`); found by a data source. */
  readonly awsVpcName: string;
  readonly plan: TunnelAddressPlan;
  /** The gcp region CIDRs: routed from the AWS VPC and advertised by the Cloud Router. */
  readonly gcpCidrs: readonly string[];
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Days the AWS tunnel logs (IKE and tunnel state changes) are kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * A redundant, encrypted link between one AWS region and one gcp region
 * (the "99.99%" HA VPN topology): a GCP HA VPN gateway with two interfaces
 * and a Cloud Router, an external VPN gateway with the four AWS tunnel
 * addresses (FOUR_IPS_REDUNDANCY), four IKEv2 tunnels each with its router
 * interface and BGP peer; on AWS an ECMP Transit Gateway attached to the
 * region's VPC, two customer gateways (one per GCP interface) and two VPN
 * connections of two tunnels each. Both sides take their tunnel inside CIDRs,
 * BGP addresses and pre-shared keys from the same plan and the same
 * `random_password`s, so they agree without manual steps; keys never appear
 * in the configuration as literals.
 * @see https://cloud.google.com/network-connectivity/docs/vpn/tutorials/create-ha-vpn-connections-google-cloud-aws
 */
export class AwsGcpHaVpn extends Construct {
  readonly haVpnGateway: ComputeHaVpnGateway;
  readonly router: ComputeRouter;
  readonly transitGateway: Ec2TransitGateway;
  readonly vpnConnections: VpnConnection[];
  readonly tunnels: ComputeVpnTunnel[];
  readonly bgpPeers: ComputeRouterPeer[];

  constructor(scope: Construct, id: string, props: AwsGcpHaVpnProps) {
    super(scope, id);
    const google = props.googleProvider;
    const aws = props.awsProvider;
    const { project, plan } = props;
    const region = props.gcpRegion;
    const awsTags = { Name: props.name };

    // One key per tunnel. Letters only: AWS rejects keys starting with "0"
    // and allows no special characters but "." and "_"; 40 letters are 228 bits.
    const keys = Array.from(
      { length: TUNNELS_PER_LINK },
      (_, t) =>
        new Password(this, `PresharedKey${t}`, {
          provider: props.randomProvider,
          length: 40,
          special: false,
          numeric: false,
        }),
    );

    this.haVpnGateway = new ComputeHaVpnGateway(this, "HaVpnGateway", {
      provider: google,
      project,
      region,
      name: props.name,
      network: props.network,
      stackType: "IPV4_ONLY",
      labels: { ...(props.labels ?? {}) },
    });
    this.router = new ComputeRouter(this, "Router", {
      provider: google,
      project,
      region,
      name: props.name,
      network: props.network,
      bgp: {
        asn: plan.gcpAsn,
        advertiseMode: "CUSTOM",
        advertisedGroups: ["ALL_SUBNETS"],
        advertisedIpRanges: props.gcpCidrs.map((range) => ({ range })),
      },
    });

    // AWS side.
    this.transitGateway = new Ec2TransitGateway(this, "TransitGateway", {
      provider: aws,
      description: `${props.name}: VPN to Google Cloud ${region}`,
      amazonSideAsn: plan.awsAsn,
      vpnEcmpSupport: "enable",
      dnsSupport: "enable",
      defaultRouteTableAssociation: "enable",
      defaultRouteTablePropagation: "enable",
      autoAcceptSharedAttachments: "disable",
      tags: awsTags,
    });
    const vpc = new DataAwsVpc(this, "Vpc", {
      provider: aws,
      filter: [{ name: "tag:Name", values: [props.awsVpcName] }],
    });
    // One private subnet per availability zone (the internal-elb role tag marks them).
    const subnets = new DataAwsSubnets(this, "PrivateSubnets", {
      provider: aws,
      filter: [
        { name: "vpc-id", values: [vpc.id] },
        { name: "tag:kubernetes.io/role/internal-elb", values: ["1"] },
      ],
    });
    const attachment = new Ec2TransitGatewayVpcAttachment(this, "VpcAttachment", {
      provider: aws,
      transitGatewayId: this.transitGateway.id,
      vpcId: vpc.id,
      subnetIds: subnets.ids,
      dnsSupport: "enable",
      tags: awsTags,
    });
    const routeTables = new DataAwsRouteTables(this, "PrivateRouteTables", {
      provider: aws,
      vpcId: vpc.id,
      filter: [{ name: "tag:Name", values: [`${props.awsVpcName}-private-*`] }],
    });
    props.gcpCidrs.forEach((cidr, i) => {
      const tables = TerraformIterator.fromList(routeTables.ids);
      new Route(this, `RouteToGcp${i}`, {
        provider: aws,
        forEach: tables,
        routeTableId: tables.value,
        destinationCidrBlock: cidr,
        transitGatewayId: this.transitGateway.id,
        dependsOn: [attachment],
      });
    });

    // Tunnel state and IKE negotiation logs: the first place to look when a BGP session drops.
    const tunnelLogs = new CloudwatchLogGroup(this, "TunnelLogs", {
      provider: aws,
      name: `/aws/vpn/${props.name}`,
      retentionInDays: props.logRetentionDays ?? 365,
      tags: awsTags,
    });
    const logOptions = {
      cloudwatchLogOptions: { logEnabled: true, logGroupArn: tunnelLogs.arn, logOutputFormat: "json" },
    };

    // Customer gateway i is GCP HA VPN interface i; VPN connection i has tunnels 2i and 2i+1.
    this.vpnConnections = [0, 1].map((i) => {
      const cgw = new CustomerGateway(this, `CustomerGateway${i}`, {
        provider: aws,
        bgpAsn: String(plan.gcpAsn),
        ipAddress: this.haVpnGateway.vpnInterfaces.get(i).ipAddress,
        type: "ipsec.1",
        tags: { Name: `${props.name}-${i}` },
      });
      const t1 = plan.tunnels[2 * i]!;
      const t2 = plan.tunnels[2 * i + 1]!;
      return new VpnConnection(this, `VpnConnection${i}`, {
        provider: aws,
        customerGatewayId: cgw.id,
        transitGatewayId: this.transitGateway.id,
        type: "ipsec.1",
        staticRoutesOnly: false,
        tunnel1InsideCidr: t1.cidr,
        tunnel2InsideCidr: t2.cidr,
        tunnel1PresharedKey: keys[2 * i]!.result,
        tunnel2PresharedKey: keys[2 * i + 1]!.result,
        tunnel1IkeVersions: ["ikev2"],
        tunnel2IkeVersions: ["ikev2"],
        tunnel1Phase1EncryptionAlgorithms: IKE.encryption,
        tunnel2Phase1EncryptionAlgorithms: IKE.encryption,
        tunnel1Phase2EncryptionAlgorithms: IKE.encryption,
        tunnel2Phase2EncryptionAlgorithms: IKE.encryption,
        tunnel1Phase1IntegrityAlgorithms: IKE.integrity,
        tunnel2Phase1IntegrityAlgorithms: IKE.integrity,
        tunnel1Phase2IntegrityAlgorithms: IKE.integrity,
        tunnel2Phase2IntegrityAlgorithms: IKE.integrity,
        tunnel1Phase1DhGroupNumbers: IKE.dhGroups,
        tunnel2Phase1DhGroupNumbers: IKE.dhGroups,
        tunnel1Phase2DhGroupNumbers: IKE.dhGroups,
        tunnel2Phase2DhGroupNumbers: IKE.dhGroups,
        tunnel1LogOptions: logOptions,
        tunnel2LogOptions: logOptions,
        // AWS initiates IKE too and restarts a tunnel whose peer stops answering.
        tunnel1StartupAction: "start",
        tunnel2StartupAction: "start",
        tunnel1DpdTimeoutAction: "restart",
        tunnel2DpdTimeoutAction: "restart",
        tags: { Name: `${props.name}-${i}` },
      });
    });

    // GCP side: the AWS tunnel outside addresses, in tunnel order.
    const outside = this.vpnConnections.flatMap((c) => [c.tunnel1Address, c.tunnel2Address]);
    const peerGateway = new ComputeExternalVpnGateway(this, "PeerGateway", {
      provider: google,
      project,
      name: `${props.name}-aws`,
      redundancyType: "FOUR_IPS_REDUNDANCY",
      description: `AWS Transit Gateway VPN of ${props.awsVpcName}`,
      interface: outside.map((ipAddress, t) => ({ id: t, ipAddress })),
      labels: { ...(props.labels ?? {}) },
    });
    this.tunnels = [];
    this.bgpPeers = [];
    plan.tunnels.forEach((addresses, t) => {
      const tunnel = new ComputeVpnTunnel(this, `Tunnel${t}`, {
        provider: google,
        project,
        region,
        name: `${props.name}-${t}`,
        vpnGateway: this.haVpnGateway.id,
        vpnGatewayInterface: Math.floor(t / 2),
        peerExternalGateway: peerGateway.id,
        peerExternalGatewayInterface: t,
        sharedSecret: keys[t]!.result,
        ikeVersion: 2,
        router: this.router.id,
        labels: { ...(props.labels ?? {}) },
      });
      const iface = new ComputeRouterInterface(this, `RouterInterface${t}`, {
        provider: google,
        project,
        region,
        name: `${props.name}-${t}`,
        router: this.router.name,
        ipRange: `${addresses.gcpIp}/30`,
        vpnTunnel: tunnel.name,
      });
      this.tunnels.push(tunnel);
      this.bgpPeers.push(
        new ComputeRouterPeer(this, `BgpPeer${t}`, {
          provider: google,
          project,
          region,
          name: `${props.name}-${t}`,
          router: this.router.name,
          interface: iface.name,
          ipAddress: addresses.gcpIp,
          peerIpAddress: addresses.awsIp,
          peerAsn: plan.awsAsn,
          advertisedRoutePriority: 100,
        }),
      );
    });
  }
}
