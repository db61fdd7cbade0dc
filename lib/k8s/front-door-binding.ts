import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import type { Blueprint, Region } from "../blueprint/model";
import { workloadNamespace } from "../core/names";
import { objectLabels } from "./labels";
import { targetGroupBinding } from "./target-group-binding";
import type { ResolvedWorkload } from "./workload-defaults";

export interface FrontDoorBindingProps {
  readonly blueprint: Blueprint;
  /** An aws region with `targetGroupArn` set. */
  readonly region: Region & { readonly targetGroupArn: string };
  /** The front workload: the one behind the region's load balancer. */
  readonly workload: ResolvedWorkload;
}

/**
 * The EKS Auto Mode TargetGroupBinding that registers the front workload's
 * pods in its region's target group, from `spec.regions[].targetGroupArn`.
 * Written by synth like every other object, so a later synth keeps it.
 */
export class FrontDoorBinding extends Construct {
  readonly object: ApiObject;

  constructor(scope: Construct, id: string, props: FrontDoorBindingProps) {
    super(scope, id);
    const { blueprint: b, region: r, workload: w } = props;
    const doc = targetGroupBinding({
      namespace: workloadNamespace(b),
      workload: w.name,
      port: w.port,
      targetGroupArn: r.targetGroupArn,
      labels: objectLabels(b, r, w.name, w.version),
    });
    this.object = new ApiObject(
      this,
      "Resource",
      doc as unknown as ConstructorParameters<typeof ApiObject>[2],
    );
  }
}
