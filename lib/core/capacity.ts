/**
 * N-1 capacity: with the largest region lost, can the others still run every
 * workload at the replica count the blueprint asks for? Pure arithmetic, shared
 * by the blueprint loader and rule AA403.
 */

import { allocatable, type InstanceType } from "./instance-types";

/** On a Deployment: the replicas the blueprint needs across all regions (`replicas.total`), for AA403. */
export const REPLICAS_TOTAL_ANNOTATION = "activeactive.dev/replicas-total";

export interface CapacityRegion {
  /** Region name as the messages show it. */
  readonly name: string;
  /** Routing weight; the region with the highest weight is the one lost. */
  readonly weight: number;
  /** How messages name the weight. @default "weight <weight>" */
  readonly weightLabel?: string;
  /** What all nodes of the region may hold: node maximum × allocatable per node. */
  readonly nodes: {
    readonly count: number;
    readonly cpuMilli: number;
    readonly memoryMiB: number;
    readonly pods: number;
    /** For messages, e.g. "m6i.large". */
    readonly label: string;
  };
}

/** What `count` nodes of one size hold: a region's ceiling. */
export function nodesOf(t: InstanceType, count: number): CapacityRegion["nodes"] {
  const a = allocatable(t);
  return {
    count,
    cpuMilli: a.cpuMilli * count,
    memoryMiB: a.memoryMiB * count,
    pods: a.pods * count,
    label: t.name,
  };
}

export interface CapacityWorkload {
  readonly name: string;
  /** Replicas the service needs in all, e.g. `replicas.total`. */
  readonly total: number;
  /** Per region name: the most pods it can run (HPA maxReplicas, else its fixed replicas). */
  readonly ceiling: Readonly<Record<string, number>>;
  /** Per-pod requests. */
  readonly cpuMilli: number;
  readonly memoryMiB: number;
}

export interface CapacityShortfall {
  readonly workload: string;
  readonly lost: string;
  readonly needed: number;
  readonly available: number;
  /** One line of numbers per surviving region. */
  readonly detail: string;
  readonly message: string;
}

/** Pods of each workload a region can actually run at its ceilings: scaled down pro rata when the nodes cannot hold them all. */
export function regionCeilings(
  region: CapacityRegion,
  workloads: readonly CapacityWorkload[],
): { pods: Record<string, number>; limitedBy?: string } {
  const want = workloads.map((w) => w.ceiling[region.name] ?? 0);
  const cpu = workloads.reduce((s, w, i) => s + want[i]! * w.cpuMilli, 0);
  const mem = workloads.reduce((s, w, i) => s + want[i]! * w.memoryMiB, 0);
  const pods = want.reduce((s, n) => s + n, 0);
  const n = region.nodes;
  const ratios: [string, number][] = [
    ["cpu", cpu > 0 ? n.cpuMilli / cpu : Number.POSITIVE_INFINITY],
    ["memory", mem > 0 ? n.memoryMiB / mem : Number.POSITIVE_INFINITY],
    ["pods", pods > 0 ? n.pods / pods : Number.POSITIVE_INFINITY],
  ];
  const [limit, f] = ratios.reduce((a, b) => (b[1] < a[1] ? b : a));
  const scale = Math.min(1, f);
  return {
    pods: Object.fromEntries(workloads.map((w, i) => [w.name, Math.floor(want[i]! * scale)])),
    ...(scale < 1 ? { limitedBy: limit } : {}),
  };
}

/**
 * Every workload whose surviving ceilings fall short of its total when the
 * region with the highest weight is lost (each region tied for highest is
 * tried). Empty when N-1 holds, or when there is only one region.
 */
export function nMinusOneShortfalls(
  regions: readonly CapacityRegion[],
  workloads: readonly CapacityWorkload[],
): CapacityShortfall[] {
  if (regions.length < 2) return [];
  const top = Math.max(...regions.map((r) => r.weight));
  return regions
    .filter((r) => r.weight === top)
    .flatMap((lost) => shortfallsAfterLosing(regions, workloads, [lost.name]));
}

/**
 * Every workload whose ceilings in the regions left fall short of its total
 * once the named regions are lost: the N-1 arithmetic for any set of losses.
 */
export function shortfallsAfterLosing(
  regions: readonly CapacityRegion[],
  workloads: readonly CapacityWorkload[],
  lostNames: readonly string[],
): CapacityShortfall[] {
  const lost = regions.filter((r) => lostNames.includes(r.name));
  const survivors = regions.filter((r) => !lostNames.includes(r.name));
  const ceilings = survivors.map((r) => ({ r, ...regionCeilings(r, workloads) }));
  const lostText = lost.map((r) => `${r.name} (${r.weightLabel ?? `weight ${r.weight}`})`).join(", ");
  const out: CapacityShortfall[] = [];
  const availableOf = availableAfterLosing(regions, workloads, lostNames);
  for (const w of workloads) {
    const available = availableOf[w.name]!;
    if (available >= w.total) continue;
    const detail = ceilings
      .map(({ r, pods, limitedBy }) => {
        const n = r.nodes;
        const nodes = `${n.count} × ${n.label} = ${n.cpuMilli}m CPU, ${Math.floor(n.memoryMiB)}Mi, ${n.pods} pods`;
        const cap = `ceiling ${w.ceiling[r.name] ?? 0} × ${w.cpuMilli}m/${Math.ceil(w.memoryMiB)}Mi`;
        return `${r.name}: ${pods[w.name]} (${cap}; nodes ${nodes}${limitedBy ? `, short of ${limitedBy}` : ""})`;
      })
      .join("; ");
    out.push({
      workload: w.name,
      lost: lost.map((r) => r.name).join(", "),
      needed: w.total,
      available,
      detail,
      message: `with ${lostText} lost, the other regions can run ${available} replicas of ${w.name} but ${w.total} are needed: ${detail}`,
    });
  }
  return out;
}

/** Per workload: the replicas the regions left can run at their ceilings, within their nodes. */
export function availableAfterLosing(
  regions: readonly CapacityRegion[],
  workloads: readonly CapacityWorkload[],
  lostNames: readonly string[],
): Record<string, number> {
  const ceilings = regions
    .filter((r) => !lostNames.includes(r.name))
    .map((r) => regionCeilings(r, workloads));
  return Object.fromEntries(
    workloads.map((w) => [w.name, ceilings.reduce((s, c) => s + c.pods[w.name]!, 0)]),
  );
}

/** What a set of pods asks of a region's nodes. */
export interface PodDemand {
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

/**
 * The nodes a region needs to hold a demand, in the same aggregate terms as
 * `regionCeilings` (allocatable per node = the region's total / its node
 * count), and which resource decides.
 */
export function nodesNeeded(
  region: CapacityRegion,
  demand: PodDemand,
): { nodes: number; limitedBy: "cpu" | "memory" | "pods" } {
  const n = region.nodes;
  const per = (total: number) => (n.count > 0 ? total / n.count : 0);
  const count = (need: number, perNode: number) =>
    need <= 0 ? 0 : perNode > 0 ? Math.ceil(need / perNode) : Number.POSITIVE_INFINITY;
  const options: ["cpu" | "memory" | "pods", number][] = [
    ["cpu", count(demand.cpuMilli, per(n.cpuMilli))],
    ["memory", count(demand.memoryMiB, per(n.memoryMiB))],
    ["pods", count(demand.pods, per(n.pods))],
  ];
  const [limitedBy, nodes] = options.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { nodes, limitedBy };
}
