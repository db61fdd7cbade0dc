import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { synthesize } from "../../lib/synth";
import { runStackOffline } from "../../lib/terraform/offline";
import { terraformTest } from "../helpers/terraform";

const withTerraform = terraformTest("the dashboards' terraform plan");

interface Plan {
  planned_values: { root_module: { resources: { type: string; values: Record<string, unknown> }[] } };
}
const dashboardNames = (plan: unknown) =>
  (plan as Plan).planned_values.root_module.resources
    .filter((r) => r.type === "aws_cloudwatch_dashboard")
    .map((r) => r.values.dashboard_name);

describe("GIVEN the event-sourced catalogue blueprint (load balancer, global table, stream, dead-letter queue)", () => {
  withTerraform(
    "THEN a region stack and the global stack plan offline with their CloudWatch dashboards",
    async () => {
      const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "tf-dashboards-"));
      synthesize(loadBlueprintFile("blueprints/orders-events.yaml"), {
        outdir: path.join(dir, "cdktf.out"),
        manifestsDir: path.join(dir, "dist"),
      });
      const stacks = path.join(dir, "cdktf.out", "stacks");
      for (const [stack, name] of [
        ["orders-aws-eu-west-1", "orders-aws-eu-west-1"],
        ["orders-global", "orders-routing"],
      ] as const) {
        const result = await runStackOffline(path.join(stacks, stack), { planJson: true });
        expect([stack, result.status, result.reason]).toEqual([stack, "passed", undefined]);
        expect(dashboardNames(result.plan)).toEqual([name]);
      }
    },
    300_000,
  );
});

describe("GIVEN the global-consensus catalogue blueprint on Aurora DSQL", () => {
  withTerraform(
    "THEN the global stack plans offline with the routing and the DSQL dashboards",
    async () => {
      const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "tf-dashboards-"));
      synthesize(loadBlueprintFile("blueprints/ledger-consensus.yaml"), {
        outdir: path.join(dir, "cdktf.out"),
        manifestsDir: path.join(dir, "dist"),
      });
      const result = await runStackOffline(path.join(dir, "cdktf.out", "stacks", "ledger-global"), {
        planJson: true,
      });
      expect([result.status, result.reason]).toEqual(["passed", undefined]);
      expect(dashboardNames(result.plan).sort()).toEqual(["ledger-dsql", "ledger-routing"]);
    },
    300_000,
  );
});
