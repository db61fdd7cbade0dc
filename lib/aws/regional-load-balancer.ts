import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

/** TLS 1.3 and 1.2 only, forward-secret ciphers: the policy AWS recommends for internet-facing ALBs. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Where the load balancer sends the workload's traffic: pods, registered by IP. */
export interface LoadBalancerTarget {
  /** Target group name: deterministic, 32 characters at most, so a TargetGroupBinding can find it. */
  readonly targetGroupName: string;
  /** The container port the pods listen on. */
  readonly port: number;
  /** The pods' readiness path: the target group's health check. */
  readonly healthCheckPath: string;
  /** The security group of the pods (on EKS Auto Mode, the cluster security group). */
  readonly podSecurityGroupId: string;
  /** Tags the target group carries, e.g. the cluster that registers its targets. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RegionalLoadBalancerProps {
  /** The aliased provider of the region. */
  readonly provider: TerraformProvider;
  /** Load balancer and security group name, 32 characters at most. */
  readonly name: string;
  readonly vpcId: string;
  /** Public subnets in two or more zones. */
  readonly publicSubnetIds: readonly string[];
  /** An issued certificate for every name clients use (`<region>.<domain>` and `<domain>`). */
  readonly certificateArn: string;
  /** Access log bucket name and key prefix. */
  readonly accessLogs: { readonly bucket: string; readonly prefix: string };
  /** Route 53 zone of `hostname`. */
  readonly zoneId: string;
  /** The regional name, e.g. `us-east-1.api.example.com`: an alias to this load balancer. */
  readonly hostname: string;
  /** The workload behind the HTTPS listener. @default - the listener answers 503 */
  readonly target?: LoadBalancerTarget;
  /** @default DEFAULT_SSL_POLICY */
  readonly sslPolicy?: string;
  /**
   * The port health checkers probe over HTTPS; another port than 443 gets
   * its own HTTPS listener, open like 443, serving the same target.
   * @default 443
   */
  readonly healthCheckPort?: number;
  /**
   * Refuse deletion through the API; a person turns it off before destroying the region.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A region's front door: an internet-facing Application Load Balancer in the
 * public subnets, HTTPS only (HTTP redirects), TLS 1.2+ with the given
 * certificate, access logs, invalid headers dropped, a target group of pod
 * IPs health-checked on the readiness path, security-group rules that let
 * it reach exactly the pods' port, and the regional alias record with
 * target-health evaluation, so Route 53 sees an empty target group as down.
 *
 * Pods are registered into the target group by a `TargetGroupBinding`
 * (EKS Auto Mode's load balancing) that names the target group's ARN.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/lb
 */
export class RegionalLoadBalancer extends Construct {
  readonly loadBalancer: Lb;
  readonly securityGroup: SecurityGroup;
  readonly targetGroup?: LbTargetGroup;
  readonly httpsListener: LbListener;
  readonly record: Route53Record;

  constructor(scope: Construct, id: string, props: RegionalLoadBalancerProps) {
    super(scope, id);
    const provider = props.provider;
    if (props.name.length > 32 || !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(props.name)) {
      throw invalidProp(
        this,
        "name is not a valid load balancer name",
        props.name,
        "1-32 letters, digits and inner hyphens",
      );
    }
    if (props.publicSubnetIds.length < 2) {
      throw invalidProp(
        this,
        "an ALB needs subnets in two or more zones",
        `${props.publicSubnetIds.length} subnet(s)`,
        "2 or more subnet ids",
      );
    }
    const t = props.target;
    if (
      t !== undefined &&
      (t.targetGroupName.length > 32 || !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(t.targetGroupName))
    ) {
      throw invalidProp(
        this,
        "target.targetGroupName is not a valid target group name",
        t.targetGroupName,
        "1-32 letters, digits and inner hyphens",
      );
    }

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      provider,
      name: `${props.name}-alb`,
      description: "Internet-facing load balancer: HTTPS and HTTP (redirect) in, the workload port out",
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-alb` },
    });
    const checkPort = props.healthCheckPort ?? 443;
    if (!Number.isInteger(checkPort) || checkPort < 1 || checkPort > 65535 || checkPort === 80) {
      throw invalidProp(
        this,
        "healthCheckPort is not a usable HTTPS port",
        String(checkPort),
        "1-65535, not 80",
      );
    }
    const httpsPorts = checkPort === 443 ? [443] : [443, checkPort];
    for (const port of [...httpsPorts, 80]) {
      new VpcSecurityGroupIngressRule(this, `Ingress${port}`, {
        provider,
        securityGroupId: this.securityGroup.id,
        description:
          port === 80 ? "HTTP from the internet, redirected to HTTPS" : `HTTPS on ${port} from the internet`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: "0.0.0.0/0",
      });
    }

    this.loadBalancer = new Lb(this, "Resource", {
      provider,
      name: props.name,
      loadBalancerType: "application",
      internal: false,
      ipAddressType: "ipv4",
      securityGroups: [this.securityGroup.id],
      subnets: [...props.publicSubnetIds],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      enableDeletionProtection: props.deletionProtection ?? true,
      accessLogs: { bucket: props.accessLogs.bucket, prefix: props.accessLogs.prefix, enabled: true },
      tags: { Name: props.name },
    });

    if (t !== undefined) {
      this.targetGroup = new LbTargetGroup(this, "TargetGroup", {
        provider,
        name: t.targetGroupName,
        targetType: "ip",
        protocol: "HTTP",
        port: t.port,
        vpcId: props.vpcId,
        deregistrationDelay: "30",
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          path: t.healthCheckPath,
          port: "traffic-port",
          matcher: "200-399",
          interval: 10,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
        tags: { Name: t.targetGroupName, ...(t.tags ?? {}) },
      });
      new VpcSecurityGroupEgressRule(this, "EgressToPods", {
        provider,
        securityGroupId: this.securityGroup.id,
        description: `To the workload pods on ${t.port}`,
        ipProtocol: "tcp",
        fromPort: t.port,
        toPort: t.port,
        referencedSecurityGroupId: t.podSecurityGroupId,
      });
      new VpcSecurityGroupIngressRule(this, "PodsFromLoadBalancer", {
        provider,
        securityGroupId: t.podSecurityGroupId,
        description: `Workload port ${t.port} from the load balancer ${props.name}`,
        ipProtocol: "tcp",
        fromPort: t.port,
        toPort: t.port,
        referencedSecurityGroupId: this.securityGroup.id,
      });
    }

    const https = (id: string, port: number) =>
      new LbListener(this, id, {
        provider,
        loadBalancerArn: this.loadBalancer.arn,
        port,
        protocol: "HTTPS",
        sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
        certificateArn: props.certificateArn,
        defaultAction: [
          this.targetGroup !== undefined
            ? { type: "forward", targetGroupArn: this.targetGroup.arn }
            : {
                type: "fixed-response",
                fixedResponse: { contentType: "text/plain", statusCode: "503", messageBody: "no workload" },
              },
        ],
      });
    this.httpsListener = https("Https", 443);
    if (checkPort !== 443) https("HealthCheckHttps", checkPort);
    new LbListener(this, "HttpRedirect", {
      provider,
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ],
    });

    this.record = new Route53Record(this, "AliasRecord", {
      provider,
      zoneId: props.zoneId,
      name: props.hostname,
      type: "A",
      alias: {
        name: this.loadBalancer.dnsName,
        zoneId: this.loadBalancer.zoneId,
        evaluateTargetHealth: true,
      },
    });
  }
}
