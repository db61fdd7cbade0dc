import type { App, TerraformStack } from "cdktf";
import type { Blueprint } from "../lib/blueprint/model";
import { stackNames } from "../lib/core/names";
import { AcceleratorStack } from "./accelerator-stack";
import { AwsRegionStack } from "./aws-region-stack";
import { GlobalStack } from "./global-stack";

/**
 * Composes a blueprint into stacks: one per region (its own state and blast
 * radius), one global stack, and an interconnect stack when the blueprint spans
 * AWS and Google Cloud. Returns the stacks in deploy order.
 *
 * The Google Cloud and interconnect stacks load only when the blueprint has
 * gcp regions, so an AWS-only synth never loads the google provider bindings.
 */
export function addBlueprintStacks(app: App, blueprint: Blueprint): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  // The global stack holds what spans AWS regions; a gcp-only blueprint's
  // global resources live in the gcp global stack instead.
  if (blueprint.regions.some((r) => r.cloud === "aws")) {
    stacks.push(new GlobalStack(app, stackNames.global(blueprint), { blueprint }));
  }
  for (const region of blueprint.regions) {
    const id = stackNames.region(blueprint, region);
    const stack =
      region.cloud === "aws"
        ? new AwsRegionStack(app, id, { blueprint, region })
        : new (gcp().GcpRegionStack)(app, id, { blueprint, region });
    stacks.push(stack);
  }
  if (blueprint.dns.mode === "accelerator") {
    stacks.push(new AcceleratorStack(app, stackNames.accelerator(blueprint), { blueprint }));
  }
  if (blueprint.regions.some((r) => r.cloud === "gcp")) {
    stacks.push(new (gcpGlobal().GcpGlobalStack)(app, stackNames.gcpGlobal(blueprint), { blueprint }));
  }
  if (blueprint.interconnect !== undefined) {
    stacks.push(
      new (interconnect().InterconnectStack)(app, stackNames.interconnect(blueprint), { blueprint }),
    );
  }
  return stacks;
}

const gcp = () => require("./gcp-region-stack") as typeof import("./gcp-region-stack");
const gcpGlobal = () => require("./gcp-global-stack") as typeof import("./gcp-global-stack");
const interconnect = () => require("./interconnect-stack") as typeof import("./interconnect-stack");
