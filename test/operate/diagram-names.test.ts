import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { loadBlueprintFile, resolveBlueprint } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { architectureGraph } from "../../lib/operate/diagram";
import { synthBlueprint } from "../stacks/helpers";

/**
 * The diagram names datastores the way the stacks do; some of those names
 * are written inline in the constructs (a Kinesis stream, a Bigtable
 * instance, a Pub/Sub topic), so each name drawn is looked up in the
 * synthesized Terraform of the same blueprint.
 */
function gcpVariant(pattern: string, engine: string): Blueprint {
  const doc = parseYaml(fs.readFileSync("blueprints/gcp-global.yaml", "utf8")) as Record<string, any>;
  doc["spec"].pattern = pattern;
  doc["spec"].database.engine = engine;
  return resolveBlueprint(doc, "gcp-global variant");
}

const CASES: Record<string, () => Blueprint> = {
  ...Object.fromEntries(
    fs
      .readdirSync("blueprints")
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => [f, () => loadBlueprintFile(path.join("blueprints", f))]),
  ),
  "gcp-global with bigtable": () => gcpVariant("read-local-write-local", "bigtable"),
  "gcp-global with pubsub": () => gcpVariant("event-sourced", "pubsub"),
};

test.each(Object.keys(CASES))(
  "%s: every datastore the diagram names exists in the synthesized output",
  (name) => {
    const b = CASES[name]!();
    const output = JSON.stringify(synthBlueprint(b).stacks);
    const drawn = architectureGraph(b)
      .nodes.filter((n) => n.kind === "datastore" || n.kind === "stream" || n.kind === "witness")
      // The first line is `<engine> <name>`: the name is its last word.
      .map((n) => n.lines[0]!.split(" ").at(-1)!);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.filter((d) => !output.includes(`"${d}"`))).toEqual([]);
  },
);
