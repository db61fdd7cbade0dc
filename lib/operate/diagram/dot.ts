import type {
  ArchitectureEdge,
  ArchitectureGraph,
  ArchitectureGroup,
  ArchitectureNode,
  EdgeKind,
  NodeKind,
} from "../../core/architecture-graph";

const FONT = "Helvetica,Arial,sans-serif";

/** A DOT string literal; `\n` between lines centres each one. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function attrs(a: Readonly<Record<string, string | number>>): string {
  return `[${Object.entries(a)
    .map(([k, v]) => `${k}=${typeof v === "number" ? v : quote(v)}`)
    .join(", ")}]`;
}

const NODE_STYLE: Readonly<Record<NodeKind, Readonly<Record<string, string | number>>>> = {
  users: { shape: "oval", fillcolor: "#ffffff" },
  routing: { shape: "box", style: "rounded,filled,bold", fillcolor: "#e8f1fb", color: "#1f5fa8" },
  cluster: { shape: "box", style: "rounded,filled", fillcolor: "#ffffff", color: "#555555" },
  datastore: { shape: "cylinder", fillcolor: "#fdf3e1", color: "#a86400" },
  stream: { shape: "box", style: "filled", fillcolor: "#fdf3e1", color: "#a86400" },
  witness: { shape: "cylinder", style: "filled,dashed", fillcolor: "#f4f4f4", color: "#777777" },
  shards: { shape: "note", fillcolor: "#f3ecfa", color: "#6a3d9a" },
  link: { shape: "circle", fillcolor: "#eaf6ea", color: "#2e7d32" },
};

// Replication, consensus and links do not rank the layout: traffic and data
// edges place users left, then routing, clusters, datastores.
const EDGE_STYLE: Readonly<Record<EdgeKind, Readonly<Record<string, string | number>>>> = {
  traffic: { color: "#1f5fa8", penwidth: 1.4 },
  data: { color: "#777777", arrowsize: 0.6 },
  replication: { color: "#c0392b", style: "dashed", constraint: "false" },
  consensus: { color: "#6a3d9a", style: "bold", constraint: "false" },
  link: { color: "#2e7d32", style: "bold", penwidth: 2, constraint: "false" },
  ownership: { color: "#6a3d9a", style: "dotted", arrowhead: "none" },
};

const GROUP_STYLE: Readonly<Record<string, Readonly<Record<string, string | number>>>> = {
  aws: { color: "#ff9900", fillcolor: "#fff8ee" },
  gcp: { color: "#4285f4", fillcolor: "#f1f6ff" },
  region: { color: "#999999", fillcolor: "#ffffff" },
};

function node(n: ArchitectureNode, indent: string): string {
  return `${indent}${n.id} ${attrs({ label: n.lines.join("\n"), style: "filled", ...NODE_STYLE[n.kind] })};`;
}

function edge(e: ArchitectureEdge): string {
  return `  ${e.from} -> ${e.to} ${attrs({
    ...EDGE_STYLE[e.kind],
    ...(e.both ? { dir: "both" } : {}),
    // Graphviz drops the `label` of an edge between two top-level clusters
    // laid out without constraint (the VPN between clouds); `xlabel` survives.
    ...(e.label !== undefined ? { [e.kind === "link" ? "xlabel" : "label"]: e.label } : {}),
  })};`;
}

/**
 * The graph as Graphviz DOT, left to right: every group a `cluster_`
 * subgraph (clouds hold regions), nodes and edges in the graph's order.
 */
export function renderDot(graph: ArchitectureGraph): string {
  const out: string[] = [
    "digraph architecture {",
    `  graph ${attrs({ rankdir: "LR", label: graph.title, labelloc: "t", fontname: FONT, fontsize: 14, nodesep: 0.3, ranksep: 0.9, newrank: "true" })};`,
    `  node ${attrs({ fontname: FONT, fontsize: 10, margin: "0.15,0.06" })};`,
    `  edge ${attrs({ fontname: FONT, fontsize: 9 })};`,
  ];
  const group = (g: ArchitectureGroup, indent: string) => {
    const style = GROUP_STYLE[g.kind === "cloud" ? g.id : "region"] ?? GROUP_STYLE["region"]!;
    out.push(`${indent}subgraph cluster_${g.id} {`);
    out.push(
      `${indent}  graph ${attrs({ label: g.label, style: "rounded,filled", fontsize: g.kind === "cloud" ? 13 : 11, ...style })};`,
    );
    for (const n of graph.nodes.filter((x) => x.group === g.id)) out.push(node(n, `${indent}  `));
    for (const c of graph.groups.filter((x) => x.parent === g.id)) group(c, `${indent}  `);
    out.push(`${indent}}`);
  };
  for (const n of graph.nodes.filter((x) => x.group === undefined)) out.push(node(n, "  "));
  for (const g of graph.groups.filter((x) => x.parent === undefined)) group(g, "  ");
  for (const e of graph.edges) out.push(edge(e));
  // Every copy of the data in one column, witnesses and replica-only regions included.
  const data = graph.nodes.filter((n) => n.kind === "datastore" || n.kind === "witness").map((n) => n.id);
  if (data.length > 1) out.push(`  { rank=same; ${data.join("; ")}; }`);
  out.push("}");
  return `${out.join("\n")}\n`;
}
