import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../blueprint/load";
import { renderMermaid } from "../core/architecture-graph";
import { UsageError } from "../core/errors";
import { architectureGraph, renderDot, renderSvg } from "../operate/diagram";
import { parseArgs } from "./args";
import type { Command } from "./command";

export const DIAGRAM_FORMATS = ["svg", "mermaid", "dot"] as const;
type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/**
 * Writes through a temporary file in the same folder and renames it over
 * `file`, so a run that fails leaves an earlier picture as it was.
 */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw new UsageError({
      file,
      message: `cannot write the diagram: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      expected: "a writable file in an existing folder",
    });
  }
}

export const command: Command = {
  name: "diagram",
  summary:
    "Draw a blueprint's architecture (regions, datastores, replication, routing) as SVG, Mermaid or DOT",
  usage: "activeactive diagram <blueprint.yaml> [--out FILE] [--format svg|mermaid|dot]",
  flags: [
    { name: "out", kind: "string", description: "Write the diagram to FILE instead of stdout" },
    {
      name: "format",
      kind: "string",
      choices: DIAGRAM_FORMATS,
      description: "svg (default; Graphviz, no browser needed), mermaid (a flowchart for Markdown) or dot",
    },
  ],
  async run(argv) {
    const { positionals, flags } = parseArgs("diagram", argv, this.flags);
    if (positionals.length !== 1) {
      throw new UsageError({
        message: "diagram takes one blueprint file",
        found: positionals.length ? positionals.join(" ") : "none",
        expected: this.usage,
      });
    }
    const blueprint = loadBlueprintFile(positionals[0]!);
    const graph = architectureGraph(blueprint);
    const as = ((flags["format"] as string | undefined) ?? "svg") as DiagramFormat;
    const text =
      as === "mermaid" ? renderMermaid(graph) : as === "dot" ? renderDot(graph) : await renderSvg(graph);
    const out = flags["out"] as string | undefined;
    if (out === undefined) {
      process.stdout.write(text);
      return 0;
    }
    writeAtomically(out, text);
    process.stderr.write(
      `Drew ${blueprint.name} (${blueprint.regions.length} regions, ${graph.nodes.length} boxes, ${graph.edges.length} arrows) as ${as} in ${out}\n`,
    );
    return 0;
  },
};
