import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { blockCidr, parseCidr } from "../core/cidr";
import { invalidProp } from "../core/errors";
import { NETWORK_PREFIX, networkSizeRule } from "../core/limits";
import { allowPolicy, assumeRolePolicy } from "./policy-document";

/** How many NAT gateways the private subnets egress through. */
export type NatGateways = "per-az" | "single";

export interface RegionalNetworkProps {
  /** The aliased provider of the network's region. */
  readonly provider: TerraformProvider;
  /** The region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Name prefix of every resource, e.g. `shop-aws-eu-west-1`. */
  readonly name: string;
  /** The VPC CIDR, /16 to /24 (each subnet gets 4 more bits). */
  readonly cidr: string;
  /**
   * Availability zones. Names are deterministic (no data source), so a region
   * whose account mapping lacks one of them needs this set explicitly.
   * @default - `${region}a`, `${region}b`, `${region}c`
   */
  readonly availabilityZones?: readonly string[];
  /**
   * `per-az` keeps egress up when one zone fails; `single` saves two NAT
   * gateways' cost at the price of a zone-wide egress dependency.
   * @default "per-az"
   */
  readonly natGateways?: NatGateways;
  /**
   * Send VPC flow logs (all traffic) to a CloudWatch log group encrypted with `kmsKeyArn`.
   * @default true
   */
  readonly flowLogs?: boolean;
  /** Key for the flow-log group; required when `flowLogs` is on. */
  readonly kmsKeyArn?: string;
  /** @default 365 */
  readonly flowLogRetentionDays?: number;
}

/**
 * One region's network: a VPC, private subnets (workloads, databases) and
 * public subnets (load balancers only; no public IPs on launch) in every
 * zone, NAT egress, a locked default security group and flow logs.
 *
 * Subnet `i` of a VPC `/p` is the `/p+4` block number `i` (private) and
 * `8 + i` (public), so the layout is a pure function of the CIDR.
 */
export class RegionalNetwork extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[] = [];
  readonly publicSubnets: Subnet[] = [];
  readonly availabilityZones: readonly string[];
  /** The VPC CIDR, for security group rules. */
  readonly cidr: string;

  constructor(scope: Construct, id: string, props: RegionalNetworkProps) {
    super(scope, id);
    const provider = props.provider;
    const zones = props.availabilityZones ?? ["a", "b", "c"].map((z) => `${props.region}${z}`);
    if (zones.length < 2 || zones.length > 8) {
      throw invalidProp(
        this,
        "availabilityZones: wrong number of zones",
        String(zones.length),
        "2 to 8 zones",
      );
    }
    this.availabilityZones = zones;
    const prefix = parseCidr(props.cidr)?.prefix;
    if (prefix === undefined || prefix < NETWORK_PREFIX.aws.min || prefix > NETWORK_PREFIX.aws.max) {
      const rule = networkSizeRule("aws");
      throw invalidProp(this, `cidr: ${rule.message}`, props.cidr, rule.expected);
    }
    this.cidr = props.cidr;
    const flowLogs = props.flowLogs ?? true;
    const nat = props.natGateways ?? "per-az";

    this.vpc = new Vpc(this, "Resource", {
      provider,
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    // The default group allows all traffic between members: strip every rule.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      provider,
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-deny` },
    });
    const igw = new InternetGateway(this, "InternetGateway", {
      provider,
      vpcId: this.vpc.id,
      tags: { Name: props.name },
    });
    const publicRoutes = new RouteTable(this, "PublicRouteTable", {
      provider,
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-public` },
    });
    new Route(this, "PublicDefaultRoute", {
      provider,
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });

    const natGateways: NatGateway[] = [];
    zones.forEach((zone, i) => {
      const pub = new Subnet(this, `PublicSubnet${i + 1}`, {
        provider,
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: subnetCidr(props.cidr, 4, 8 + i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${zone}`, "kubernetes.io/role/elb": "1" },
      });
      this.publicSubnets.push(pub);
      new RouteTableAssociation(this, `PublicSubnet${i + 1}RouteTable`, {
        provider,
        subnetId: pub.id,
        routeTableId: publicRoutes.id,
      });
      if (nat === "per-az" || i === 0) {
        const eip = new Eip(this, `NatEip${i + 1}`, {
          provider,
          domain: "vpc",
          tags: { Name: `${props.name}-nat-${zone}` },
        });
        natGateways.push(
          new NatGateway(this, `NatGateway${i + 1}`, {
            provider,
            allocationId: eip.allocationId,
            subnetId: pub.id,
            tags: { Name: `${props.name}-${zone}` },
            dependsOn: [igw],
          }),
        );
      }
    });
    zones.forEach((zone, i) => {
      const priv = new Subnet(this, `PrivateSubnet${i + 1}`, {
        provider,
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: subnetCidr(props.cidr, 4, i),
        tags: { Name: `${props.name}-private-${zone}`, "kubernetes.io/role/internal-elb": "1" },
      });
      this.privateSubnets.push(priv);
      const routes = new RouteTable(this, `PrivateRouteTable${i + 1}`, {
        provider,
        vpcId: this.vpc.id,
        tags: { Name: `${props.name}-private-${zone}` },
      });
      new Route(this, `PrivateDefaultRoute${i + 1}`, {
        provider,
        routeTableId: routes.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: (natGateways[i] ?? natGateways[0])!.id,
      });
      new RouteTableAssociation(this, `PrivateSubnet${i + 1}RouteTable`, {
        provider,
        subnetId: priv.id,
        routeTableId: routes.id,
      });
    });

    if (flowLogs) {
      if (props.kmsKeyArn === undefined) {
        throw invalidProp(
          this,
          "flow logs need kmsKeyArn",
          "no kmsKeyArn",
          "a KMS key ARN, or flowLogs: false",
        );
      }
      const group = new CloudwatchLogGroup(this, "FlowLogGroup", {
        provider,
        name: `/aws/vpc/${props.name}/flow-logs`,
        retentionInDays: props.flowLogRetentionDays ?? 365,
        kmsKeyId: props.kmsKeyArn,
      });
      const role = new IamRole(this, "FlowLogRole", {
        provider,
        name: `${props.name}-flow-logs`,
        assumeRolePolicy: assumeRolePolicy("vpc-flow-logs.amazonaws.com"),
      });
      new IamRolePolicy(this, "FlowLogRolePolicy", {
        provider,
        role: role.id,
        name: "write-flow-logs",
        policy: allowPolicy([
          [
            [
              "logs:CreateLogStream",
              "logs:PutLogEvents",
              "logs:DescribeLogGroups",
              "logs:DescribeLogStreams",
            ],
            [group.arn, `${group.arn}:*`],
          ],
        ]),
      });
      new FlowLog(this, "FlowLog", {
        provider,
        vpcId: this.vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: group.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
      });
    }
  }

  /** The private subnet ids, for clusters and databases. */
  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((s) => s.id);
  }
}

/**
 * The `index`-th `/prefix+newBits` block of `cidr`, e.g.
 * `subnetCidr("10.0.0.0/16", 4, 2)` is `10.0.32.0/20`. Throws on a CIDR that
 * cannot hold it.
 */
export function subnetCidr(cidr: string, newBits: number, index: number): string {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const prefix = parsed.prefix + newBits;
  if (prefix > 28 || index >= 2 ** newBits) {
    throw new Error(`${cidr} has no /${prefix} block number ${index} (AWS subnets are /16 to /28)`);
  }
  const size = 2 ** (32 - prefix);
  return blockCidr(parsed.start + index * size, size);
}
