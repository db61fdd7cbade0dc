import type { Blueprint } from "../blueprint/model";
import { replicasByRegion } from "../blueprint/replicas";
import type { ProbeInput, WorkloadInput } from "../blueprint/schema";
import { imageVersion, WORKLOAD_DEFAULTS } from "../blueprint/workload-checks";

export { imageVersion, RESERVED_ENV, WORKLOAD_DEFAULTS } from "../blueprint/workload-checks";

export interface ResolvedProbe {
  /** HTTP GET path; absent for a TCP probe. */
  readonly path?: string;
  readonly port: number;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  readonly initialDelaySeconds: number;
}

type Quantity = string | number;
type ResourceList = {
  readonly cpu?: Quantity;
  readonly memory?: Quantity;
};

/** A workload with every default applied; the only per-region values are keyed by region name. */
export interface ResolvedWorkload {
  readonly name: string;
  readonly image: string;
  /** `app.kubernetes.io/version`: the image tag, or the digest's first 12 hex digits. */
  readonly version: string;
  readonly port: number;
  /** Replicas per region name. */
  readonly replicas: Readonly<Record<string, number>>;
  /** `replicas.total`: what all regions together must run, also with one lost. @default - none (per-region counts) */
  readonly replicasTotal?: number;
  readonly resources: { readonly requests?: ResourceList; readonly limits?: ResourceList };
  readonly probes: {
    /** @default - a TCP probe on the workload port */
    readonly readiness: ResolvedProbe;
    readonly liveness?: ResolvedProbe;
    readonly startup?: ResolvedProbe;
  };
  /** Sorted by name. */
  readonly env: readonly (readonly [string, string])[];
  /** Sorted by name. */
  readonly secretEnv: readonly (readonly [string, { readonly secret: string; readonly key: string }])[];
  readonly config?: Readonly<Record<string, string>>;
  readonly autoscaling?: {
    /** Per region name: the HPA floor (`autoscaling.min`, else the region's replicas). */
    readonly min: Readonly<Record<string, number>>;
    readonly max: number;
    readonly targetCpuPercent: number;
  };
  readonly disruptionBudget:
    | { readonly minAvailable: number | string }
    | { readonly maxUnavailable: number | string };
  readonly spreadAcrossZones: boolean;
  /** Per region name: the extra env of that region (sorted by name). */
  readonly regionEnv: Readonly<Record<string, readonly (readonly [string, string])[]>>;
}

/** Resolves every workload of a blueprint the loader accepted. */
export function resolveWorkloads(b: Blueprint): ResolvedWorkload[] {
  return b.workloads.map((w) => resolveWorkload(b, w));
}

/** A workload with defaults applied; assumes `workloadProblems` found nothing. */
export function resolveWorkload(b: Blueprint, w: WorkloadInput): ResolvedWorkload {
  const version = imageVersion(w.image)!;
  const replicas = replicasByRegion(w.replicas, b.regions);
  const resources = w.resources ?? WORKLOAD_DEFAULTS.resources;
  const probe = (p: ProbeInput | undefined): ResolvedProbe | undefined =>
    p === undefined
      ? undefined
      : {
          ...(p.path !== undefined ? { path: p.path } : {}),
          port: p.port ?? w.port,
          periodSeconds: p.periodSeconds ?? WORKLOAD_DEFAULTS.probe.periodSeconds,
          failureThreshold: p.failureThreshold ?? WORKLOAD_DEFAULTS.probe.failureThreshold,
          initialDelaySeconds: p.initialDelaySeconds ?? WORKLOAD_DEFAULTS.probe.initialDelaySeconds,
        };
  const liveness = probe(w.probes?.liveness);
  const startup = probe(w.probes?.startup);
  const a = w.autoscaling;
  const autoscaling: ResolvedWorkload["autoscaling"] =
    a === undefined
      ? undefined
      : {
          min: Object.fromEntries(b.regions.map((r) => [r.region, a.min ?? replicas[r.region]!])),
          max: a.max,
          targetCpuPercent: a.targetCpuPercent ?? WORKLOAD_DEFAULTS.targetCpuPercent,
        };

  return {
    name: w.name,
    image: w.image,
    version,
    port: w.port,
    replicas,
    ...(typeof w.replicas === "object" && "total" in w.replicas ? { replicasTotal: w.replicas.total } : {}),
    resources,
    probes: {
      readiness: probe(w.probes?.readiness) ?? probe({})!,
      ...(liveness ? { liveness } : {}),
      ...(startup ? { startup } : {}),
    },
    env: sortedEntries(w.env ?? {}),
    secretEnv: sortedEntries(w.secretEnv ?? {}),
    ...(w.config !== undefined ? { config: w.config } : {}),
    ...(autoscaling ? { autoscaling } : {}),
    disruptionBudget: w.disruptionBudget ?? WORKLOAD_DEFAULTS.disruptionBudget,
    spreadAcrossZones: w.spreadAcrossZones ?? WORKLOAD_DEFAULTS.spreadAcrossZones,
    regionEnv: Object.fromEntries(
      b.regions.map((r) => [r.region, sortedEntries(w.regionEnv?.[r.region] ?? {})]),
    ),
  };
}

function sortedEntries<T>(o: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
