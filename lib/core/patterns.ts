import type { Cloud, Engine } from "./regions";

/**
 * The five architecture patterns of the field guide and what each one means
 * for the data tier. This table is the contract of issue 11: the loader
 * rejects an engine a pattern cannot use, the stacks build the row's data
 * tier, and README.md / docs/patterns.md are tested against it.
 */
export const PATTERNS = [
  "read-local-write-local",
  "primary-per-shard",
  "multi-master-crdt",
  "event-sourced",
  "global-consensus",
] as const;
export type Pattern = (typeof PATTERNS)[number];

/** A signal that must exist for a pattern; `M3`… are the field guide's metric ids. */
export type Signal =
  | "M3 replication lag per replica"
  | "M3 replication lag per shard"
  | "M4 conflict/overwrite rate"
  | "M5 convergence time"
  | "M9 stale-read probe"
  | "misrouted-write count"
  | "owner-region health"
  | "duplicate-delivery count"
  | "DLQ depth"
  | "commit latency per region"
  | "quorum/witness health";

export interface PatternRow {
  /** The engines that can give the pattern's guarantee, per cloud (`spec.database.engine` values). */
  readonly engines: Readonly<Record<Cloud, readonly Engine[]>>;
  /** Where writes go and how they converge. */
  readonly writes: string;
  readonly signals: readonly Signal[];
  /** What the catalogue promises when one region is lost. */
  readonly regionLoss: { readonly rpo: string; readonly writeAvailability: string };
  /** What the pattern costs in write latency. */
  readonly latencyCost: string;
}

export const PATTERN_TABLE: Readonly<Record<Pattern, PatternRow>> = {
  "read-local-write-local": {
    engines: { aws: ["dynamodb"], gcp: ["bigtable"] },
    writes: "every region, last-writer-wins",
    signals: ["M3 replication lag per replica", "M4 conflict/overwrite rate", "M9 stale-read probe"],
    regionLoss: {
      rpo: "seconds (writes not yet replicated)",
      writeAvailability: "every surviving region keeps writing",
    },
    latencyCost: "none: local reads and writes",
  },
  "multi-master-crdt": {
    engines: { aws: ["dynamodb"], gcp: ["bigtable"] },
    writes: "every region, merge in the app",
    signals: ["M3 replication lag per replica", "M4 conflict/overwrite rate", "M5 convergence time"],
    regionLoss: {
      rpo: "seconds (unreplicated updates merge when the region returns)",
      writeAvailability: "every surviving region keeps writing",
    },
    latencyCost: "none on writes; merge work on read",
  },
  "primary-per-shard": {
    engines: { aws: ["aurora-postgresql", "dynamodb"], gcp: ["cloudsql-postgres", "spanner"] },
    writes: "the owner region of the key",
    signals: ["M3 replication lag per shard", "misrouted-write count", "owner-region health"],
    regionLoss: {
      rpo: "seconds for the lost region's shards",
      writeAvailability:
        "other shards keep writing; the lost region's shards after promotion of their standby",
    },
    latencyCost: "one cross-region round trip for writes to a remote shard",
  },
  "event-sourced": {
    engines: { aws: ["kinesis"], gcp: ["pubsub"] },
    writes: "append locally, consumers converge",
    signals: ["M5 convergence time", "duplicate-delivery count", "DLQ depth"],
    regionLoss: {
      rpo: "events not yet replicated from the lost region",
      writeAvailability: "every surviving region keeps appending",
    },
    latencyCost: "none on append; read models lag by the consumer lag",
  },
  "global-consensus": {
    engines: { aws: ["aurora-dsql"], gcp: ["spanner"] },
    writes: "every region, synchronous",
    signals: ["commit latency per region", "quorum/witness health"],
    regionLoss: {
      rpo: "zero",
      writeAvailability: "every surviving region keeps writing while a quorum remains",
    },
    latencyCost: "a cross-region quorum round trip on every commit",
  },
};

/** The engines that fit a pattern on a cloud. */
export function enginesFor(pattern: Pattern, cloud: Cloud): readonly Engine[] {
  return PATTERN_TABLE[pattern].engines[cloud];
}

/** "use aurora-dsql or spanner": the engines that fit, across the given clouds. */
export function fittingEnginesText(pattern: Pattern, clouds: readonly Cloud[]): string {
  const engines = clouds.flatMap((c) => enginesFor(pattern, c));
  const all =
    engines.length > 1 ? `${engines.slice(0, -1).join(", ")} or ${engines.at(-1)}` : engines.join("");
  return `use ${all}`;
}

/**
 * The pattern a blueprint gets when it names none: the first pattern of the
 * table whose engines include every engine in use, so an engine alone never
 * lands on a pattern it cannot give.
 */
export function defaultPattern(engines: Readonly<Partial<Record<Cloud, Engine>>>): Pattern {
  const used = Object.entries(engines) as [Cloud, Engine][];
  return (
    PATTERNS.find((p) => used.every(([c, e]) => enginesFor(p, c).includes(e))) ?? "read-local-write-local"
  );
}

/**
 * The versioned-item contract of multi-master-crdt: every item carries a
 * `version` counter and a per-region vector clock; a write is conditional on
 * the version it read, and the app merges concurrent versions (replication
 * alone would let the last writer win). The data tier is tagged with it.
 */
export const CRDT_CONTRACT = {
  versionAttribute: "version",
  vectorAttribute: "vclock",
  conditionExpression: "attribute_not_exists(version) OR version = :expected",
} as const;

/** The AWS tag / Google label key naming the pattern on the data tier (cloud tags cannot hold `/`). */
export const PATTERN_TAG = "activeactive-pattern";

/** Tags that mark the data tier with its pattern, so policy can read it from any output. */
export function dataTierTags(pattern: Pattern): Record<string, string> {
  return {
    [PATTERN_TAG]: pattern,
    ...(pattern === "multi-master-crdt"
      ? {
          "activeactive-crdt-version-attribute": CRDT_CONTRACT.versionAttribute,
          "activeactive-crdt-vector-attribute": CRDT_CONTRACT.vectorAttribute,
        }
      : {}),
  };
}
