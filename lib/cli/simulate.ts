import { loadBlueprintFile } from "../blueprint/load";
import { ExitCode, UsageError } from "../core/errors";
import { architectureMermaid } from "../operate/diagram/mermaid";
import { formatReport, SIMULATE_FORMATS, type SimulateFormat } from "../operate/simulate/format";
import { atLeast, type Verdict } from "../operate/simulate/report";
import { simulate } from "../operate/simulate/simulate";
import { parseArgs } from "./args";
import type { Command } from "./command";

export const command: Command = {
  name: "simulate",
  summary: "What losing a region (or a cloud) does to routing, capacity and writes, from the blueprint alone",
  usage: `activeactive simulate <blueprint.yaml> [--lose REGION|CLOUD|all-but-one] [--format ${SIMULATE_FORMATS.join("|")}] [--fail-on fails|action]`,
  flags: [
    {
      name: "lose",
      kind: "string",
      description:
        "a region (us-east-1), a cloud of a mixed blueprint (aws, gcp), or all-but-one (keep each region alone); default: each region in turn",
    },
    {
      name: "format",
      kind: "string",
      choices: SIMULATE_FORMATS,
      description: "text (default), json or markdown",
    },
    {
      name: "fail-on",
      kind: "string",
      choices: ["fails", "action"],
      description: "exit 1 when a scenario fails (default), or also when it needs a person to act",
    },
  ],
  async run(argv) {
    const { positionals, flags } = parseArgs("simulate", argv, this.flags);
    if (positionals.length !== 1) {
      throw new UsageError({
        message: "simulate takes one blueprint file",
        found: positionals.length ? positionals.join(" ") : "none",
        expected: this.usage,
      });
    }
    const blueprint = loadBlueprintFile(positionals[0]!);
    const report = simulate(blueprint, flags.lose as string | undefined);
    const format = (flags.format as SimulateFormat | undefined) ?? "text";
    // Markdown carries the architecture as a Mermaid block, so a pull request shows what was lost.
    const options = format === "markdown" ? { diagram: architectureMermaid(blueprint) } : {};
    process.stdout.write(formatReport(report, format, options));
    const failOn = (flags["fail-on"] as Verdict | undefined) ?? "fails";
    return atLeast(report.verdict, failOn) ? ExitCode.findings : ExitCode.ok;
  },
};
