import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Blueprint, Region } from "../lib/blueprint/model";

export interface GcpRegionStackProps {
  readonly blueprint: Blueprint;
  readonly region?: Region;
}

/** PLACEHOLDER: to be built. */
export class GcpRegionStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: GcpRegionStackProps) {
    super(scope, id);
    void props;
  }
}
