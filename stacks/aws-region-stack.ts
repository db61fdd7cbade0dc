import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Blueprint, Region } from "../lib/blueprint/model";

export interface AwsRegionStackProps {
  readonly blueprint: Blueprint;
  readonly region?: Region;
}

/** PLACEHOLDER: to be built. */
export class AwsRegionStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AwsRegionStackProps) {
    super(scope, id);
    void props;
  }
}
