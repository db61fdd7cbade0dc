import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Blueprint, Region } from "../lib/blueprint/model";

export interface GlobalStackProps {
  readonly blueprint: Blueprint;
  readonly region?: Region;
}

/** PLACEHOLDER: to be built. */
export class GlobalStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id);
    void props;
  }
}
