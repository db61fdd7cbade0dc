import { GlobalacceleratorAccelerator } from "@cdktf/provider-aws/lib/globalaccelerator-accelerator";
import { GlobalacceleratorEndpointGroup } from "@cdktf/provider-aws/lib/globalaccelerator-endpoint-group";
import { GlobalacceleratorListener } from "@cdktf/provider-aws/lib/globalaccelerator-listener";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import type { HttpsHealthCheck } from "./route53-global-routing";

/** One region behind the accelerator. */
export interface AcceleratedRegion {
  /** Stable key, e.g. `aws-us-east-1`: the construct id. */
  readonly key: string;
  readonly region: string;
  /** The region's Application Load Balancer. */
  readonly loadBalancerArn: string;
  /** The region's `weight` (0-255); the traffic dials follow from all weights. */
  readonly weight: number;
}

export interface GlobalAcceleratorProps {
  /** A provider for us-west-2, where the Global Accelerator API lives. */
  readonly provider: TerraformProvider;
  /** Accelerator name (64 characters at most). */
  readonly name: string;
  /** Zone of `domain`: an alias to the accelerator goes there. */
  readonly zoneId: string;
  /** The global name, e.g. `api.example.com`. */
  readonly domain: string;
  /** How endpoints are probed; Global Accelerator accepts an interval of 10 or 30 s. */
  readonly healthCheck: HttpsHealthCheck;
  readonly regions: readonly AcceleratedRegion[];
}

/**
 * The traffic dial of each region from the weights: the heaviest region
 * takes all the traffic that is nearest to it (100 %), a lighter one the
 * proportional share (the rest goes to the next-nearest region), a weight
 * of 0 none.
 */
export function trafficDials(weights: readonly number[]): number[] {
  const max = Math.max(0, ...weights);
  return weights.map((w) => (max === 0 ? 0 : Math.round((100 * w) / max)));
}

/**
 * AWS Global Accelerator in front of the regional load balancers: two
 * anycast addresses, a TCP listener on 443 and 80 (the load balancers
 * terminate TLS and redirect HTTP), one endpoint group per region with its
 * traffic dial from the weights, HTTPS health checks on the blueprint's
 * path, client IP preservation, and `domain` as an alias of the accelerator.
 * A failed region leaves without waiting for client DNS caches: the
 * addresses stay the same. For ALB endpoints Global Accelerator follows the
 * load balancer's target health; the endpoint group's check settings (the
 * blueprint's, read by AA103) apply to EC2 and Elastic IP endpoints.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/globalaccelerator_endpoint_group
 */
export class GlobalAccelerator extends Construct {
  readonly accelerator: GlobalacceleratorAccelerator;
  readonly listener: GlobalacceleratorListener;
  readonly endpointGroups: Record<string, GlobalacceleratorEndpointGroup> = {};
  readonly record: Route53Record;

  constructor(scope: Construct, id: string, props: GlobalAcceleratorProps) {
    super(scope, id);
    const provider = props.provider;
    const hc = props.healthCheck;
    if (props.regions.length === 0)
      throw invalidProp(this, "no region to accelerate", "0 regions", "1 or more");
    if (!Number.isInteger(hc.failureThreshold) || hc.failureThreshold < 2 || hc.failureThreshold > 10) {
      throw invalidProp(
        this,
        "healthCheck.failureThreshold: one lost probe must not fail a region over",
        String(hc.failureThreshold),
        "2 to 10",
      );
    }
    const dials = trafficDials(props.regions.map((r) => r.weight));
    if (dials.every((d) => d === 0)) {
      throw invalidProp(
        this,
        "every region has weight 0: the accelerator would serve nothing",
        props.regions.map((r) => r.weight).join(", "),
        "at least one weight above 0",
      );
    }

    this.accelerator = new GlobalacceleratorAccelerator(this, "Resource", {
      provider,
      name: props.name,
      ipAddressType: "IPV4",
      enabled: true,
      tags: { Name: props.name },
    });
    this.listener = new GlobalacceleratorListener(this, "Listener", {
      provider,
      acceleratorArn: this.accelerator.id,
      protocol: "TCP",
      clientAffinity: "NONE",
      portRange: [
        { fromPort: 443, toPort: 443 },
        { fromPort: 80, toPort: 80 },
      ],
    });
    props.regions.forEach((r, i) => {
      this.endpointGroups[r.key] = new GlobalacceleratorEndpointGroup(this, `${r.key}-EndpointGroup`, {
        provider,
        listenerArn: this.listener.id,
        endpointGroupRegion: r.region,
        trafficDialPercentage: dials[i]!,
        healthCheckProtocol: "HTTPS",
        healthCheckPort: hc.port,
        healthCheckPath: hc.path,
        healthCheckIntervalSeconds: hc.intervalSeconds,
        thresholdCount: hc.failureThreshold,
        endpointConfiguration: [
          { endpointId: r.loadBalancerArn, weight: 128, clientIpPreservationEnabled: true },
        ],
      });
    });
    this.record = new Route53Record(this, "AliasRecord", {
      provider,
      zoneId: props.zoneId,
      name: props.domain,
      type: "A",
      alias: {
        name: this.accelerator.dnsName,
        zoneId: this.accelerator.hostedZoneId,
        evaluateTargetHealth: true,
      },
    });
  }
}
