import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

export interface DsqlConnectAccessProps {
  /** The aliased provider of the cluster's region. */
  readonly provider: TerraformProvider;
  readonly region: string;
  /** The region's cluster of the multi-region cluster. */
  readonly cluster: { readonly arn: string; readonly identifier: string };
  /** Name of the managed policy that workload roles of the region attach, from `dsqlConnectPolicyName`. */
  readonly policyName: string;
  /** Name of the parameter that holds the endpoint, from `dsqlEndpointParameterName`. */
  readonly endpointParameterName: string;
}

/**
 * How a region's workloads reach its Aurora DSQL cluster: the endpoint
 * `<identifier>.dsql.<region>.on.aws` in an SSM parameter of an agreed name
 * (the identifier is generated, so manifests cannot hold it), and a managed
 * policy of an agreed name that allows `dsql:DbConnect` on that cluster only
 * (a custom database role, never `DbConnectAdmin`) and reading that
 * parameter. Both live beside the cluster; region stacks, deployed after
 * it, attach the policy to their workload roles by name, so no token crosses
 * stacks.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonauroradsql.html
 */
export class DsqlConnectAccess extends Construct {
  readonly endpointParameter: SsmParameter;
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: DsqlConnectAccessProps) {
    super(scope, id);
    this.endpointParameter = new SsmParameter(this, "Endpoint", {
      provider: props.provider,
      name: props.endpointParameterName,
      description: `Aurora DSQL endpoint in ${props.region}`,
      type: "String",
      value: `${props.cluster.identifier}.dsql.${props.region}.on.aws`,
    });
    this.policy = new IamPolicy(this, "Resource", {
      provider: props.provider,
      name: props.policyName,
      description: `Connect to the Aurora DSQL cluster in ${props.region} as a custom database role`,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["dsql:DbConnect"], Resource: [props.cluster.arn] },
          { Effect: "Allow", Action: ["ssm:GetParameter"], Resource: [this.endpointParameter.arn] },
        ],
      }),
    });
  }
}
