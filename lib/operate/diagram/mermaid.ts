import type { Blueprint } from "../../blueprint/model";
import { mermaidBlock } from "../../core/architecture-graph";
import { architectureGraph } from "./architecture";

/** The blueprint's architecture as a fenced Mermaid block, for Markdown outputs (simulate, docs). */
export function architectureMermaid(blueprint: Blueprint): string {
  return mermaidBlock(architectureGraph(blueprint));
}
