import * as fs from "node:fs";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { resources } from "../aws/synth";
import { synthBlueprint } from "../stacks/helpers";

/**
 * An alarm on the datastore that counts missing data as breaching is in
 * ALARM from the first deploy until the app writes: the first-deploy guide
 * must say so, by the alarm's name, or on-call meets an unexplained page on
 * day one. (Health-check alarms also breach on missing data, but Route 53
 * reports from the start.)
 */
describe("GIVEN ledger-consensus.yaml (Aurora DSQL)", () => {
  const b = loadBlueprintFile("blueprints/ledger-consensus.yaml");
  const { stacks } = synthBlueprint(b);
  const guide = fs.readFileSync("docs/first-deploy.md", "utf8");

  test("THEN every datastore alarm that breaches on missing data is named in docs/first-deploy.md, as a pattern", () => {
    const breaching = Object.values(stacks)
      .flatMap((json) => resources(json, "aws_cloudwatch_metric_alarm") as Record<string, string>[])
      .filter((a) => a.treat_missing_data === "breaching" && JSON.stringify(a).includes("AWS/AuroraDSQL"));
    expect(breaching.length).toBeGreaterThan(0);
    for (const alarm of breaching) {
      const region = b.regions.find((r) => alarm.alarm_name!.includes(`-${r.region}-`))!;
      const pattern = alarm.alarm_name!.replace(b.name, "<name>").replace(region.region, "<region>");
      expect(guide).toContain(pattern);
    }
  });
});
