import { DataAwsLb } from "@cdktf/provider-aws/lib/data-aws-lb";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { GlobalAccelerator } from "../lib/aws/global-accelerator";
import { regionProvider } from "../lib/aws/provider";
import { type Blueprint, regionsOf } from "../lib/blueprint/model";
import { acceleratorName, awsLoadBalancerName, stackNames } from "../lib/core/names";
import { exemptFromRegionBudget, GLOBAL_ROUTING_AA401 } from "./routing-suppressions";
import { stateBackend } from "./state-backend";

export interface AcceleratorStackProps {
  readonly blueprint: Blueprint;
}

/**
 * `spec.dns.mode: accelerator`: AWS Global Accelerator in front of every AWS
 * region's load balancer, and `<domain>` as its alias. Deployed after the
 * region stacks, whose load balancers it finds by their deterministic names.
 *
 * The lookups wait for the accelerator (`depends_on`): on a first deploy
 * Terraform reads them at apply time, after the region stacks have created
 * the load balancers, so the stack plans with no cloud access at all.
 */
export class AcceleratorStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AcceleratorStackProps) {
    super(scope, id);
    const b = props.blueprint;
    stateBackend(this, b);
    // The blueprint checks require a zone whenever an aws region exists.
    const zoneId = b.dns.zoneId;
    if (zoneId === undefined) throw new Error(`${this.node.path}: spec.dns.zoneId is required`);
    const regions = regionsOf(b, "aws");
    const home = regionProvider(this, { region: "us-west-2", alias: "accelerator", tags: b.tags });
    const accelerator = new GlobalAccelerator(this, "Accelerator", {
      provider: home,
      name: acceleratorName(b),
      zoneId,
      domain: b.dns.domain,
      healthCheck: b.dns.healthCheck,
      regions: regions.map((r) => {
        const lb = new DataAwsLb(this, `LoadBalancer-${r.key}`, {
          provider: regionProvider(this, { region: r.region, tags: b.tags }),
          name: awsLoadBalancerName(b, r),
        });
        return { key: r.key, region: r.region, loadBalancerArn: lb.arn, weight: r.weight };
      }),
    });
    // Global Accelerator is billed as a global service; us-west-2 only hosts its API.
    exemptFromRegionBudget(accelerator, GLOBAL_ROUTING_AA401.accelerator);
    const acc = accelerator.accelerator;
    for (const child of this.node.findAll()) {
      if (child instanceof DataAwsLb)
        child.dependsOn = [`${acc.terraformResourceType}.${acc.friendlyUniqueId}`];
    }
    for (const r of regions) {
      const dep = scope.node.tryFindChild(stackNames.region(b, r));
      if (dep instanceof TerraformStack) this.addDependency(dep);
    }
  }
}
