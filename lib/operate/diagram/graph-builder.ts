import type {
  ArchitectureEdge,
  ArchitectureGraph,
  ArchitectureGroup,
  ArchitectureNode,
} from "../../core/architecture-graph";

/** Collects groups, nodes and edges in the order they are added (the drawing order). */
export class GraphBuilder {
  private readonly groups: ArchitectureGroup[] = [];
  private readonly nodes: ArchitectureNode[] = [];
  private readonly edges: ArchitectureEdge[] = [];
  private readonly ids = new Set<string>();

  group(g: ArchitectureGroup): string {
    if (!this.ids.has(g.id)) {
      this.ids.add(g.id);
      this.groups.push(g);
    }
    return g.id;
  }

  node(n: ArchitectureNode): string {
    if (this.ids.has(n.id)) throw new Error(`diagram: node id ${n.id} used twice`);
    this.ids.add(n.id);
    this.nodes.push(n);
    return n.id;
  }

  edge(e: ArchitectureEdge): void {
    this.edges.push(e);
  }

  build(title: string): ArchitectureGraph {
    return { title, groups: [...this.groups], nodes: [...this.nodes], edges: [...this.edges] };
  }
}
