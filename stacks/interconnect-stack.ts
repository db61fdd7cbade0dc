import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Blueprint, Region } from "../lib/blueprint/model";

export interface InterconnectStackProps {
  readonly blueprint: Blueprint;
  readonly region?: Region;
}

/** PLACEHOLDER: to be built. */
export class InterconnectStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: InterconnectStackProps) {
    super(scope, id);
    void props;
  }
}
