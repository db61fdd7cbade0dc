import type { App, TerraformStack } from "cdktf";
import type { Blueprint } from "../lib/blueprint/model";
import { stackNames } from "../lib/core/names";
import { declareDeployOrder } from "./deploy-order";

/**
 * Composes a blueprint into stacks: one per region (its own state and blast
 * radius), one global stack, and an interconnect stack when the blueprint spans
 * AWS and Google Cloud. Returns the stacks in deploy order, each
 * declaring the stacks it needs (`deployDependencies`).
 *
 * Each stack's module loads only when the blueprint needs it: `require("activeactive")`
 * loads no cdktf or provider code, and an AWS-only synth never loads the google
 * provider bindings.
 */
export function addBlueprintStacks(app: App, blueprint: Blueprint): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  // The global stack holds what spans AWS regions; a gcp-only blueprint's
  // global resources live in the gcp global stack instead.
  if (blueprint.regions.some((r) => r.cloud === "aws")) {
    stacks.push(new (awsGlobal().GlobalStack)(app, stackNames.global(blueprint), { blueprint }));
  }
  for (const region of blueprint.regions) {
    const id = stackNames.region(blueprint, region);
    const stack =
      region.cloud === "aws"
        ? new (aws().AwsRegionStack)(app, id, { blueprint, region })
        : new (gcp().GcpRegionStack)(app, id, { blueprint, region });
    stacks.push(stack);
  }
  if (blueprint.dns.mode === "accelerator") {
    stacks.push(new (accelerator().AcceleratorStack)(app, stackNames.accelerator(blueprint), { blueprint }));
  }
  if (blueprint.regions.some((r) => r.cloud === "gcp")) {
    stacks.push(new (gcpGlobal().GcpGlobalStack)(app, stackNames.gcpGlobal(blueprint), { blueprint }));
  }
  if (blueprint.interconnect !== undefined) {
    stacks.push(
      new (interconnect().InterconnectStack)(app, stackNames.interconnect(blueprint), { blueprint }),
    );
  }
  declareDeployOrder(blueprint, stacks);
  return stacks;
}

const aws = () => require("./aws-region-stack") as typeof import("./aws-region-stack");
const awsGlobal = () => require("./global-stack") as typeof import("./global-stack");
const accelerator = () => require("./accelerator-stack") as typeof import("./accelerator-stack");
const gcp = () => require("./gcp-region-stack") as typeof import("./gcp-region-stack");
const gcpGlobal = () => require("./gcp-global-stack") as typeof import("./gcp-global-stack");
const interconnect = () => require("./interconnect-stack") as typeof import("./interconnect-stack");
