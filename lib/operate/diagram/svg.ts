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

function xmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The graph as an SVG document; the same graph gives the same bytes. The
 * caption becomes the document's own `<title>` (Graphviz titles only its
 * inner group), so screen readers and linters find its name.
 */
export async function renderSvg(graph: ArchitectureGraph): Promise<string> {
  const svg = (await graphviz()).renderString(renderDot(graph), { format: "svg" });
  return svg.replace(/<svg\b[^>]*>/, (open) => `${open}\n<title>${xmlText(graph.title)}</title>`);
}
