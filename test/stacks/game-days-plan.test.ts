import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { synthesize } from "../../lib/synth";
import { runStackOffline } from "../../lib/terraform/offline";
import { terraformTest } from "../helpers/terraform";

// test/terraform/offline.test.ts plans the default (Aurora) blueprint and a
// DynamoDB one. The game-day templates add actions and targets the provider
// validates only at plan: the Aurora DSQL target and action (ledger), the
// prefix list of the other cloud's CIDRs (multi-cloud) and the event log's
// alarms as stop conditions (orders). One region stack of each plans here.
const withTerraform = terraformTest("the game-day plan tests");

const CASES: [string, string][] = [
  ["blueprints/ledger-consensus.yaml", "ledger-aws-us-east-2"],
  ["blueprints/multi-cloud.yaml", "multi-cloud-aws-us-east-1"],
  ["blueprints/orders-events.yaml", "orders-aws-eu-west-1"],
];

describe("game-day templates plan offline", () => {
  withTerraform.each(CASES)(
    "GIVEN %s THEN %s (with its FIS templates) passes init, validate and plan",
    async (file, stack) => {
      const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "gd-plan-"));
      try {
        synthesize(loadBlueprintFile(file), {
          outdir: path.join(dir, "cdktf.out"),
          manifestsDir: path.join(dir, "dist"),
        });
        const stackDir = path.join(dir, "cdktf.out", "stacks", stack);
        const json = fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8");
        expect(json).toContain('"aws_fis_experiment_template"');
        const result = await runStackOffline(stackDir);
        expect([result.stack, result.status, result.reason]).toEqual([stack, "passed", undefined]);
        expect(result.planSummary).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
