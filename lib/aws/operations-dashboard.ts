import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import type { CloudWatchDashboard } from "../operate/dashboards/cloudwatch";

export interface OperationsDashboardProps {
  /** The provider of the dashboard's region (`dashboard.region`). */
  readonly provider: TerraformProvider;
  /** The dashboard, from lib/operate/dashboards (`regionDashboard`, `routingDashboard`). */
  readonly dashboard: CloudWatchDashboard;
}

/**
 * A CloudWatch dashboard from the operations model. The body is JSON with
 * the referenced resources' attributes (load balancer `arn_suffix`, health
 * check id...) interpolated by Terraform at apply.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/cloudwatch_dashboard
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { name, body } = props.dashboard;
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      throw invalidProp(this, "dashboard name is not valid", name, "1-255 letters, digits, - and _");
    }
    const json = JSON.stringify(body);
    // Terraform reads these as template sequences in the body's literal text; references
    // to resources are cdktf tokens here (`${TfToken[...]}`) and are meant.
    const template = /%\{|\$\{(?!TfToken\[)/.exec(json);
    if (template !== null) {
      throw invalidProp(
        this,
        "dashboard body holds a Terraform template sequence",
        template[0],
        "no ${ or %{ in the body's text",
      );
    }
    this.dashboard = new CloudwatchDashboard(this, "Resource", {
      provider: props.provider,
      dashboardName: name,
      dashboardBody: json,
    });
  }
}
