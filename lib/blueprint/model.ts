import { splitBudget } from "../core/budget-split";
import { DEFAULT_KUBERNETES_VERSION } from "../core/kubernetes-versions";
import { defaultPattern } from "../core/patterns";
import type {
  BlueprintInput,
  Cloud,
  DnsMode,
  Engine,
  GitopsInput,
  Pattern,
  ReleaseChannel,
  StateInput,
  WorkloadInput,
} from "./schema";

/**
 * The resolved blueprint: every default applied, every region keyed. Built by
 * `applyDefaults` from a validated `BlueprintInput`; constructs and stacks
 * read only this type.
 */
export interface Region {
  readonly cloud: Cloud;
  readonly region: string;
  readonly cidr: string;
  readonly weight: number;
  /** Google Cloud project id (gcp regions only). */
  readonly project?: string;
  /** ARN of the front workload's target group (aws regions, after the first deploy). */
  readonly targetGroupArn?: string;
  /** Stable key used in stack, cluster and resource names, e.g. `aws-us-east-1`. */
  readonly key: string;
  /**
   * The first region of its cloud: creates the global database and owns the
   * shared network. Never moves, so Terraform never recreates what it made.
   */
  readonly primary: boolean;
  /**
   * Holds the writer of a single-writer datastore of its cloud now
   * (`spec.database.writerRegion`, else the primary). Moves on promotion.
   */
  readonly writer: boolean;
}

export interface HealthCheck {
  readonly path: string;
  readonly port: number;
  readonly intervalSeconds: 10 | 30;
  readonly failureThreshold: number;
}

/**
 * Marks a `Blueprint` as made by the loader. Only `applyDefaults`, which the
 * loader runs after every check passed, sets it; an object literal lacks it
 * and does not type-check as a `Blueprint`, so stacks and constructs need not
 * check again. (A spread of a loaded blueprint keeps it: that is on the caller.)
 */
export declare const loadedBlueprint: unique symbol;

export interface Blueprint {
  readonly [loadedBlueprint]: true;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pattern: Pattern;
  readonly dns: {
    /** `dns`: Route 53 weighted records; `accelerator`: AWS Global Accelerator in front of the regions. */
    readonly mode: DnsMode;
    readonly domain: string;
    readonly zoneId?: string;
    readonly ttlSeconds: number;
    /** Whether the gcp load balancer's backends name the workloads' NEGs yet. */
    readonly gcpBackends: "pending" | "attached";
    readonly healthCheck: HealthCheck;
  };
  readonly regions: readonly Region[];
  readonly cluster: {
    readonly kubernetesVersion: string;
    readonly nodes: {
      readonly min: number;
      readonly max: number;
      readonly instanceType: string;
      readonly machineType: string;
    };
    /** CIDRs allowed to reach the private API endpoints. */
    readonly authorizedNetworks: readonly string[];
    /** GKE release channel of gcp regions. */
    readonly releaseChannel: ReleaseChannel;
  };
  readonly database: {
    /** The engine serving each cloud present in the blueprint. */
    readonly engines: Readonly<Partial<Record<Cloud, Engine>>>;
    readonly name: string;
    readonly instanceClass: string;
    readonly backupRetentionDays: number;
  };
  readonly slo: {
    readonly failoverSeconds: number;
    readonly replicationLagSeconds: number;
    readonly availabilityPercent: number;
    readonly latencyP95Ms: number;
    readonly errorRatePercent: number;
  };
  readonly budget: {
    /** The total for the service, all clouds. */
    readonly monthlyUsd: number;
    /** USD per region key (`aws-us-east-1`): the share each regional budget gets. */
    readonly byRegion: Readonly<Record<string, number>>;
    /** USD per cloud: the sum of its regions; the cloud-wide budget (global spend included). */
    readonly byCloud: Readonly<Partial<Record<Cloud, number>>>;
    readonly alertEmails: readonly string[];
    readonly thresholdsPercent: readonly number[];
    readonly billingAccount?: string;
  };
  readonly interconnect?: {
    readonly awsAsn: number;
    readonly gcpAsn: number;
    readonly pairs: readonly {
      readonly aws: string;
      readonly gcp: string;
      /** Tunnel inside CIDRs; when absent `defaultTunnelCidrs(index)` of lib/interconnect. */
      readonly tunnelCidrs?: readonly string[];
    }[];
  };
  readonly sharding: {
    readonly key: string;
    readonly header: string;
    /** Shard -> key of the region that owns its writes (`aws-us-east-1`). */
    readonly owners: Readonly<Record<string, string>>;
  };
  readonly workloads: readonly WorkloadInput[];
  /** Where Argo CD finds the manifests; defaults are applied in lib/k8s. */
  readonly gitops?: GitopsInput;
  /** Where each stack keeps its Terraform state. */
  readonly state: StateInput;
  /** Tags on every taggable resource; always has `service`. */
  readonly tags: Readonly<Record<string, string>>;
}

export const DEFAULTS = {
  dnsMode: "dns",
  ttlSeconds: 30,
  weight: 100,
  healthCheck: { path: "/healthz", port: 443, intervalSeconds: 10, failureThreshold: 3 },
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  releaseChannel: "REGULAR",
  nodes: { min: 2, max: 10, instanceType: "m6i.large", machineType: "e2-standard-4" },
  instanceClass: "db.r6g.large",
  backupRetentionDays: 7,
  slo: {
    failoverSeconds: 60,
    replicationLagSeconds: 5,
    availabilityPercent: 99.95,
    latencyP95Ms: 200,
    errorRatePercent: 0.5,
  },
  thresholdsPercent: [80, 100],
  awsAsn: 64512,
  gcpAsn: 65010,
  sharding: { key: "tenant", header: "X-Tenant-Id" },
} as const;

/** Applies every default to an input that passed schema and semantic validation. */
export function applyDefaults(input: BlueprintInput): Blueprint {
  const s = input.spec;
  const seen = new Set<Cloud>();
  const base = s.regions.map((r): Omit<Region, "writer"> => {
    const primary = !seen.has(r.cloud);
    seen.add(r.cloud);
    return {
      cloud: r.cloud,
      region: r.region,
      cidr: r.cidr,
      weight: r.weight ?? DEFAULTS.weight,
      ...(r.project !== undefined ? { project: r.project } : {}),
      ...(r.targetGroupArn !== undefined ? { targetGroupArn: r.targetGroupArn } : {}),
      key: `${r.cloud}-${r.region}`,
      primary,
    };
  });
  // The writer of each cloud: the named region, else the primary.
  const writerName = s.database.writerRegion;
  const writerClouds = new Set(base.filter((r) => r.region === writerName).map((r) => r.cloud));
  const regions = base.map(
    (r): Region => ({ ...r, writer: writerClouds.has(r.cloud) ? r.region === writerName : r.primary }),
  );
  const engine = s.database.engine;
  const engines: Partial<Record<Cloud, Engine>> =
    typeof engine === "string" ? Object.fromEntries([...seen].map((c) => [c, engine])) : { ...engine };
  const resolved: Omit<Blueprint, typeof loadedBlueprint> = {
    name: input.metadata.name,
    labels: input.metadata.labels ?? {},
    pattern: s.pattern ?? defaultPattern(engines),
    dns: {
      mode: s.dns.mode ?? DEFAULTS.dnsMode,
      domain: s.dns.domain,
      ...(s.dns.zoneId !== undefined ? { zoneId: s.dns.zoneId } : {}),
      ttlSeconds: s.dns.ttlSeconds ?? DEFAULTS.ttlSeconds,
      gcpBackends: s.dns.gcpBackends ?? "pending",
      healthCheck: {
        path: s.dns.healthCheck?.path ?? DEFAULTS.healthCheck.path,
        port: s.dns.healthCheck?.port ?? DEFAULTS.healthCheck.port,
        intervalSeconds: s.dns.healthCheck?.intervalSeconds ?? DEFAULTS.healthCheck.intervalSeconds,
        failureThreshold: s.dns.healthCheck?.failureThreshold ?? DEFAULTS.healthCheck.failureThreshold,
      },
    },
    regions,
    cluster: {
      kubernetesVersion: s.cluster?.kubernetesVersion ?? DEFAULTS.kubernetesVersion,
      nodes: {
        min: s.cluster?.nodes?.min ?? DEFAULTS.nodes.min,
        max: s.cluster?.nodes?.max ?? DEFAULTS.nodes.max,
        instanceType: s.cluster?.nodes?.instanceType ?? DEFAULTS.nodes.instanceType,
        machineType: s.cluster?.nodes?.machineType ?? DEFAULTS.nodes.machineType,
      },
      authorizedNetworks: s.cluster?.authorizedNetworks ?? regions.map((r) => r.cidr),
      releaseChannel: s.cluster?.releaseChannel ?? DEFAULTS.releaseChannel,
    },
    database: {
      engines,
      name: s.database.name ?? input.metadata.name.replace(/-/g, "_"),
      instanceClass: s.database.instanceClass ?? DEFAULTS.instanceClass,
      backupRetentionDays: s.database.backupRetentionDays ?? DEFAULTS.backupRetentionDays,
    },
    slo: { ...DEFAULTS.slo, ...definedOnly(s.slo ?? {}) },
    budget: {
      monthlyUsd: s.budget.monthlyUsd,
      ...splitBudget(
        s.budget.monthlyUsd,
        regions.map((r) => ({ key: r.key, name: r.region, cloud: r.cloud, weight: r.weight })),
        s.budget.perRegion ?? {},
      ),
      alertEmails: s.budget.alertEmails,
      thresholdsPercent: s.budget.thresholdsPercent ?? DEFAULTS.thresholdsPercent,
      ...(s.budget.billingAccount !== undefined ? { billingAccount: s.budget.billingAccount } : {}),
    },
    ...(s.interconnect !== undefined
      ? {
          interconnect: {
            awsAsn: s.interconnect.awsAsn ?? DEFAULTS.awsAsn,
            gcpAsn: s.interconnect.gcpAsn ?? DEFAULTS.gcpAsn,
            pairs: s.interconnect.pairs,
          },
        }
      : {}),
    sharding: {
      key: s.sharding?.key ?? DEFAULTS.sharding.key,
      header: s.sharding?.header ?? DEFAULTS.sharding.header,
      owners: Object.fromEntries(
        Object.entries(s.sharding?.owners ?? {}).map(([shard, owner]) => [
          shard,
          regions.find((r) => r.region === owner)!.key,
        ]),
      ),
    },
    workloads: s.workloads ?? [],
    ...(s.gitops !== undefined ? { gitops: s.gitops } : {}),
    state: s.state ?? { backend: "local" },
    tags: { service: input.metadata.name, ...(s.tags ?? {}) },
  };
  // The only place a Blueprint is made (see `loadedBlueprint`).
  return resolved as Blueprint;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The regions of one cloud, in blueprint order. */
export function regionsOf(blueprint: Blueprint, cloud: Cloud): Region[] {
  return blueprint.regions.filter((r) => r.cloud === cloud);
}
