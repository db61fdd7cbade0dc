export { architectureGraph } from "./architecture";
export { renderDot } from "./dot";
export { architectureMermaid } from "./mermaid";
export { renderSvg } from "./svg";
