import type { ArchitectureGraph } from "../../core/architecture-graph";
import { renderDot } from "./dot";

interface Viz {
  renderString(dot: string, options: { format: "svg" }): string;
}

let viz: Promise<Viz> | undefined;

/**
 * Graphviz compiled to WebAssembly (@viz-js/viz): no browser, no native
 * binary. Loaded on first use only, so commands that draw nothing never pay
 * for its 1 MB module.
 */
function graphviz(): Promise<Viz> {
  viz ??= (require("@viz-js/viz") as { instance(): Promise<Viz> }).instance();
  return viz;
}

/** The graph as an SVG document; the same graph gives the same bytes. */
export async function renderSvg(graph: ArchitectureGraph): Promise<string> {
  return (await graphviz()).renderString(renderDot(graph), { format: "svg" });
}
