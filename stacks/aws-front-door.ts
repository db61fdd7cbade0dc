import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { AccessLogBucket } from "../lib/aws/access-log-bucket";
import { RegionalCertificate } from "../lib/aws/regional-certificate";
import { RegionalLoadBalancer } from "../lib/aws/regional-load-balancer";
import type { RegionalNetwork } from "../lib/aws/regional-network";
import { ShardListenerRules } from "../lib/aws/shard-listener-rules";
import type { Blueprint, Region } from "../lib/blueprint/model";
import { remoteShards } from "../lib/blueprint/shard-routing";
import {
  awsLoadBalancerName,
  awsTargetGroupName,
  clusterName,
  fitName,
  regionalHostname,
  regionalName,
} from "../lib/core/names";
import { resolveWorkloads } from "../lib/k8s/workload-defaults";

/** The ALB access-log prefix inside the bucket. */
export const ACCESS_LOG_PREFIX = "alb";

export interface FrontDoorOptions {
  readonly blueprint: Blueprint;
  readonly region: Region;
  readonly provider: AwsProvider;
  readonly network: RegionalNetwork;
  /** The security group the pods run in (on EKS Auto Mode, the cluster security group). */
  readonly podSecurityGroupId: string;
}

/**
 * A region's front door, composed from its constructs: the certificate for
 * `<region>.<domain>` and `<domain>` validated in the blueprint's zone, the
 * access-log bucket, the load balancer with the first workload behind it
 * and the `<region>.<domain>` alias. The target group's ARN is an output:
 * it exists only after apply, and goes back into the blueprint
 * (`spec.regions[].targetGroupArn`) so synth writes the TargetGroupBinding
 * that registers the pods (lib/k8s/target-group-binding.ts). Under
 * primary-per-shard, the HTTPS listener's rules send a request for a shard
 * another region owns to the owner's `<region>.<domain>` before it reaches
 * the pods (lib/aws/shard-listener-rules.ts).
 */
export function addFrontDoor(scope: Construct, o: FrontDoorOptions): RegionalLoadBalancer {
  const { blueprint: b, region: r, provider } = o;
  // The blueprint checks require a zone whenever an aws region exists.
  const zoneId = b.dns.zoneId;
  if (zoneId === undefined) throw new Error(`${scope.node.path}: spec.dns.zoneId is required`);
  const hostname = regionalHostname(b, r);
  const certificate = new RegionalCertificate(scope, "Certificate", {
    provider,
    domainName: hostname,
    alternativeNames: [b.dns.domain],
    zoneId,
  });
  const logs = new AccessLogBucket(scope, "AccessLogs", {
    provider,
    region: r.region,
    bucketPrefix: `${fitName(`${regionalName(b, r)}-alb-logs`, 36)}-`,
    prefix: ACCESS_LOG_PREFIX,
  });
  const front = resolveWorkloads(b)[0];
  const lb = new RegionalLoadBalancer(scope, "LoadBalancer", {
    provider,
    name: awsLoadBalancerName(b, r),
    vpcId: o.network.vpc.id,
    publicSubnetIds: o.network.publicSubnets.map((s) => s.id),
    certificateArn: certificate.arn,
    accessLogs: { bucket: logs.bucketName, prefix: logs.prefix },
    zoneId,
    hostname,
    healthCheckPort: b.dns.healthCheck.port,
    ...(front !== undefined
      ? {
          target: {
            targetGroupName: awsTargetGroupName(b, r, front.name),
            port: front.port,
            healthCheckPath: front.probes.readiness.path ?? b.dns.healthCheck.path,
            podSecurityGroupId: o.podSecurityGroupId,
            // The Auto Mode load balancing policy registers targets only in groups tagged with its cluster.
            tags: { "eks:eks-cluster-name": clusterName(b, r) },
          },
        }
      : {}),
  });
  // Without a workload no region serves its hostname (the Google Cloud balancer is not built either).
  const remote = front !== undefined ? remoteShards(b, r) : [];
  if (remote.length > 0) {
    new ShardListenerRules(scope, "ShardRules", {
      provider,
      listenerArn: lb.httpsListener.arn,
      header: b.sharding.header,
      owners: remote.map((g) => ({ host: regionalHostname(b, g.owner), shards: g.shards })),
    });
  }
  if (front !== undefined && lb.targetGroup !== undefined) {
    new TerraformOutput(scope, `target_group_arn_${front.name}`, {
      value: lb.targetGroup.arn,
      description: `Target group of ${front.name} behind ${hostname}: set it as spec.regions[].targetGroupArn of ${r.region} (docs/aws.md)`,
    });
  }
  return lb;
}
