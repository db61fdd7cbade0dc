/**
 * The shape of a simulation: plain data, printed by the text, JSON and
 * Markdown formats. The JSON output is this object as is, so every field
 * here is part of the documented format (docs/operate.md); add fields, do
 * not rename them.
 */

/** `holds`: nothing to do; `action`: holds once a person runs the command shown; `fails`: does not hold. */
export type Verdict = "holds" | "action" | "fails";

const ORDER: readonly Verdict[] = ["holds", "action", "fails"];

/** The worse of the verdicts; `holds` for none. */
export function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), "holds");
}

/** True when `v` is at least as bad as `threshold`. */
export function atLeast(v: Verdict, threshold: Verdict): boolean {
  return ORDER.indexOf(v) >= ORDER.indexOf(threshold);
}

/** How clients reach the regions. */
export type RoutingMode = "route53-weighted" | "global-accelerator" | "gcp-global-lb";

export interface TrafficShare {
  readonly region: string;
  readonly cloud: string;
  readonly weight: number;
  /** Share of all traffic before the loss, percent (2 decimals). */
  readonly beforePercent: number;
  /** Share after the loss, percent (2 decimals). */
  readonly afterPercent: number;
}

export interface RoutingOutcome {
  readonly mode: RoutingMode;
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
  /** interval x threshold. */
  readonly detectionSeconds: number;
  /** DNS TTL clients wait out (0 for anycast routing). */
  readonly dnsCacheSeconds: number;
  readonly totalSeconds: number;
  readonly sloSeconds: number;
  /** The surviving regions and the traffic each gets. */
  readonly traffic: readonly TrafficShare[];
  readonly verdict: Verdict;
  readonly notes: readonly string[];
}

export interface WorkloadNeed {
  readonly workload: string;
  /** A fixed replica count (no `replicas.total`, no autoscaling): it does not grow, so it is not judged. */
  readonly fixed: boolean;
  /** Replicas the region runs before the loss. */
  readonly now: number;
  /** Replicas it needs for its share after the loss: ceil(total x share). */
  readonly needed: number;
  /** The most it can run: HPA max, else the fixed count. */
  readonly ceiling: number;
}

export interface RegionCapacity {
  readonly region: string;
  readonly sharePercent: number;
  readonly workloads: readonly WorkloadNeed[];
  readonly nodes: {
    /** Nodes for max(now, needed) pods of every workload. */
    readonly needed: number;
    readonly max: number;
    readonly type: string;
    /** The resource that decides the node count. */
    readonly limitedBy: "cpu" | "memory" | "pods";
  };
  readonly verdict: Verdict;
}

export interface WorkloadTotal {
  readonly workload: string;
  /** `replicas.total` (or the sum of the per-region counts). */
  readonly total: number;
  /** What the survivors can run at their ceilings within their nodes (the N-1 arithmetic). */
  readonly available: number;
}

export interface CapacityOutcome {
  readonly regions: readonly RegionCapacity[];
  readonly totals: readonly WorkloadTotal[];
  readonly verdict: Verdict;
  readonly notes: readonly string[];
}

export interface DataAction {
  /** What it does, one sentence. */
  readonly why: string;
  /** `shell`: a command to run; `blueprint`: a change to the blueprint, then synth and apply. */
  readonly kind: "shell" | "blueprint";
  /** The command or change, with the blueprint's real names. */
  readonly command: string;
}

/** Whether writes go on: at once, once a person acts, or not until the lost regions return. */
export type WriteState = "continue" | "after-action" | "stop";

export interface DatastoreOutcome {
  readonly cloud: string;
  readonly engine: string;
  /** What it is, e.g. "Aurora PostgreSQL global database". */
  readonly label: string;
  readonly writes: WriteState;
  /** Regions that take writes after the loss (and the action). */
  readonly writers: readonly string[];
  readonly actions: readonly DataAction[];
  /** Writes that may be lost, in seconds of writes (0 for synchronous engines). */
  readonly rpoSeconds: number;
  /** What the RPO means here. */
  readonly rpo: string;
  /** One sentence: what happens to writes. */
  readonly summary: string;
  readonly verdict: Verdict;
}

export interface ShardOutcome {
  readonly shard: string;
  readonly owner: string;
  /** Where its writes go after the loss (and the action); absent when they stop. */
  readonly writer?: string;
  readonly writes: WriteState;
  readonly action?: DataAction;
  readonly verdict: Verdict;
}

export interface DataOutcome {
  readonly datastores: readonly DatastoreOutcome[];
  readonly shards: readonly ShardOutcome[];
  readonly rpoSeconds: number;
  readonly verdict: Verdict;
}

export interface ScenarioResult {
  /** e.g. "us-east-1", "aws", "all but ap-southeast-1". */
  readonly label: string;
  readonly lost: readonly string[];
  readonly survivors: readonly string[];
  readonly routing: RoutingOutcome;
  readonly capacity: CapacityOutcome;
  readonly data: DataOutcome;
  readonly verdict: Verdict;
}

export interface SimulationReport {
  /** Version of this JSON shape. */
  readonly format: "activeactive-simulate/v1";
  readonly blueprint: string;
  readonly pattern: string;
  readonly engines: Readonly<Record<string, string>>;
  readonly routingMode: RoutingMode;
  readonly slo: { readonly failoverSeconds: number; readonly replicationLagSeconds: number };
  /** What was lost: a region, a cloud, `each-region` or `all-but-one`. */
  readonly lose: string;
  readonly scenarios: readonly ScenarioResult[];
  readonly verdict: Verdict;
}
