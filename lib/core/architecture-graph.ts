/**
 * A picture of an active-active architecture as plain data: boxes (nodes)
 * inside nested groups (cloud, region), and the arrows between them. Built
 * from a blueprint by lib/operate/diagram and from checked Terraform by
 * lib/policy; drawn as Graphviz DOT (the SVG of `activeactive diagram`) or as
 * a Mermaid flowchart (Markdown that GitHub renders in a pull request).
 */
export interface ArchitectureGraph {
  /** The caption, e.g. `global-saas: primary-per-shard, aurora-postgresql`. */
  readonly title: string;
  /** Parents before children, in drawing order. */
  readonly groups: readonly ArchitectureGroup[];
  readonly nodes: readonly ArchitectureNode[];
  readonly edges: readonly ArchitectureEdge[];
}

export type GroupKind = "cloud" | "region" | "global";

export interface ArchitectureGroup {
  /** Unique among groups and nodes: letters, digits and `_` only. */
  readonly id: string;
  readonly label: string;
  readonly kind: GroupKind;
  /** The enclosing group; none at the top level. */
  readonly parent?: string;
}

/**
 * users: where traffic comes from; routing: DNS, accelerator or global load
 * balancer; cluster: a regional Kubernetes cluster; datastore: a replica,
 * table, instance or peer; stream: a regional event stream or subscription;
 * witness: a region that votes or holds a replica without serving; shards:
 * the shards a region owns; link: a connection between clouds.
 */
export type NodeKind =
  | "users"
  | "routing"
  | "cluster"
  | "datastore"
  | "stream"
  | "witness"
  | "shards"
  | "link";

export interface ArchitectureNode {
  /** Unique among groups and nodes: letters, digits and `_` only. */
  readonly id: string;
  /** The label, one entry per line; the first line names the thing. */
  readonly lines: readonly string[];
  readonly kind: NodeKind;
  /** The group it is drawn in; none at the top level. */
  readonly group?: string;
}

/**
 * traffic: requests; replication: one-way or multi-writer copy of data;
 * consensus: synchronous commit among voters; link: a network link between
 * clouds; ownership: a region owns a shard; data: a cluster uses a datastore.
 */
export type EdgeKind = "traffic" | "replication" | "consensus" | "link" | "ownership" | "data";

export interface ArchitectureEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
  /** Both ways (a multi-writer mesh, a peering, a VPN). @default false */
  readonly both?: boolean;
}

/** A name usable as a node or group id: `aws-us-east-1` -> `aws_us_east_1`. */
export function graphId(...parts: readonly string[]): string {
  const id = parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
  // An unquoted DOT id may not start with a digit.
  return /^[A-Za-z]/.test(id) ? id : `n_${id}`;
}

const MERMAID_SHAPE: Readonly<Record<NodeKind, readonly [string, string]>> = {
  users: ["([", "])"],
  routing: ["{{", "}}"],
  cluster: ["[", "]"],
  datastore: ["[(", ")]"],
  stream: ["[[", "]]"],
  witness: ["(", ")"],
  shards: [">", "]"],
  link: ["((", "))"],
};

function mermaidArrow(e: ArchitectureEdge): string {
  switch (e.kind) {
    case "traffic":
      return "-->";
    case "replication":
      return e.both ? "<-.->" : "-.->";
    case "consensus":
      return e.both ? "<==>" : "==>";
    case "link":
      return "<-->";
    default:
      return "---";
  }
}

/** Mermaid takes HTML in labels: quotes and angle brackets become its entity codes. */
function mermaidText(s: string): string {
  return s.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/** Mermaid ids: a few words are keywords of the flowchart grammar. */
function mermaidId(id: string): string {
  return /^(end|graph|subgraph|flowchart|style|class|click|default)$/i.test(id) ? `n_${id}` : id;
}

/**
 * The graph as a Mermaid `flowchart` (without the code fence): groups become
 * nested subgraphs, nodes keep the graph's order, so the same graph gives
 * the same text.
 */
export function renderMermaid(graph: ArchitectureGraph, direction: "LR" | "TB" = "LR"): string {
  const out: string[] = [`flowchart ${direction}`];
  const childGroups = (parent: string | undefined) => graph.groups.filter((g) => g.parent === parent);
  const nodesIn = (group: string | undefined) => graph.nodes.filter((n) => n.group === group);
  const node = (n: ArchitectureNode, indent: string) => {
    const [open, close] = MERMAID_SHAPE[n.kind];
    out.push(`${indent}${mermaidId(n.id)}${open}"${n.lines.map(mermaidText).join("<br/>")}"${close}`);
  };
  const group = (g: ArchitectureGroup, indent: string) => {
    out.push(`${indent}subgraph ${mermaidId(g.id)}["${mermaidText(g.label)}"]`);
    for (const n of nodesIn(g.id)) node(n, `${indent}  `);
    for (const c of childGroups(g.id)) group(c, `${indent}  `);
    out.push(`${indent}end`);
  };
  for (const n of nodesIn(undefined)) node(n, "  ");
  for (const g of childGroups(undefined)) group(g, "  ");
  for (const e of graph.edges) {
    const label = e.label !== undefined ? `|"${mermaidText(e.label)}"|` : "";
    out.push(`  ${mermaidId(e.from)} ${mermaidArrow(e)}${label} ${mermaidId(e.to)}`);
  }
  return `${out.join("\n")}\n`;
}

/** The Mermaid flowchart in a fenced block, ready for a Markdown document. */
export function mermaidBlock(graph: ArchitectureGraph): string {
  return `\`\`\`mermaid\n${renderMermaid(graph)}\`\`\`\n`;
}
