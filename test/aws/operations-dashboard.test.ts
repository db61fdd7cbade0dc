import { OperationsDashboard } from "../../lib/aws/operations-dashboard";
import type { CloudWatchDashboard } from "../../lib/operate/dashboards/cloudwatch";
import { only, synthWithProvider } from "./synth";

const dashboard = (name: string, markdown = "# shop"): CloudWatchDashboard => ({
  name,
  region: "eu-west-1",
  body: { widgets: [{ type: "text", x: 0, y: 0, width: 24, height: 2, properties: { markdown } }] },
});

describe("OperationsDashboard", () => {
  test("GIVEN a dashboard THEN one aws_cloudwatch_dashboard with its name and the body as JSON", () => {
    const json = synthWithProvider((scope, provider) => {
      new OperationsDashboard(scope, "Dashboard", { provider, dashboard: dashboard("shop-aws-eu-west-1") });
    });
    const d = only(json, "aws_cloudwatch_dashboard");
    expect(d.dashboard_name).toBe("shop-aws-eu-west-1");
    expect(d.provider).toBe("aws.test");
    expect(JSON.parse(String(d.dashboard_body))).toEqual(dashboard("x").body);
  });

  test("GIVEN a name CloudWatch refuses THEN a usage error naming it", () => {
    expect(() =>
      synthWithProvider((scope, provider) => {
        new OperationsDashboard(scope, "Dashboard", { provider, dashboard: dashboard("shop dashboard") });
      }),
    ).toThrow(/dashboard name is not valid.*shop dashboard/s);
  });

  test.each(["%{ if x }", `see \${var.x}`])(
    "GIVEN a body whose text holds a Terraform template sequence (%s) THEN a usage error",
    (markdown) => {
      expect(() =>
        synthWithProvider((scope, provider) => {
          new OperationsDashboard(scope, "Dashboard", { provider, dashboard: dashboard("shop", markdown) });
        }),
      ).toThrow(/Terraform template sequence/);
    },
  );
});
