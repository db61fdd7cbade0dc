import * as path from "node:path";
import { App } from "cdktf";
import { loadBlueprintFile } from "./lib/blueprint/load";
import { formatProblem, UsageError } from "./lib/core/errors";
import { addBlueprintStacks } from "./stacks/app";

// The cdktf app entry (`cdktf synth`, `cdktf deploy`). The blueprint comes from
// ACTIVEACTIVE_BLUEPRINT, else the default catalogue entry.
const file =
  process.env.ACTIVEACTIVE_BLUEPRINT ?? path.join(__dirname, "..", "blueprints", "global-saas.yaml");
try {
  const app = new App({ stackTraces: false });
  addBlueprintStacks(app, loadBlueprintFile(file));
  app.synth();
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  for (const p of e.problems) process.stderr.write(`error: ${formatProblem(p)}\n`);
  process.exit(2);
}
