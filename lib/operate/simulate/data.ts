import type { Blueprint, Region } from "../../blueprint/model";
import {
  auroraFailoverCommand,
  cloudSqlFenceCommand,
  cloudSqlPromoteCommand,
} from "../../blueprint/writer-failover";
import { dsqlWitness } from "../../core/dsql-regions";
import { UsageError } from "../../core/errors";
import { auroraGlobalClusterId, cloudSqlInstanceName } from "../../core/names";
import { ENGINES } from "../../core/regions";
import { spannerConfigFor } from "../../core/spanner-config";
import { type DataAction, type DataOutcome, type DatastoreOutcome, type ShardOutcome, worst } from "./report";

/**
 * The RPO is the lag SLO only while replication keeps it: a lag alarm pages
 * after the lag has lasted (three one-minute periods on CloudWatch), so a
 * person reads the current lag before promoting.
 */
const LAG_CAVEAT =
  "if replication kept slo.replicationLagSeconds; a lag above it pages only after it lasts minutes, so read the current lag before promoting";

/**
 * How each engine takes writes, which decides what losing regions does to them:
 * - `single-writer`: one writer, asynchronous replicas that forward or send their writes to it;
 * - `multi-writer`: every region writes, asynchronous replication (last writer wins or app merge);
 * - `event-log`: every region appends, the log is replicated asynchronously;
 * - `quorum`: synchronous commits by a majority of voting regions.
 */
type EngineKind = "single-writer" | "multi-writer" | "event-log" | "quorum";

const ENGINE_BEHAVIOUR: Readonly<Record<string, { kind: EngineKind; label: string }>> = {
  "aurora-postgresql": { kind: "single-writer", label: "Aurora PostgreSQL global database" },
  "cloudsql-postgres": {
    kind: "single-writer",
    label: "Cloud SQL for PostgreSQL with cross-region replicas",
  },
  dynamodb: { kind: "multi-writer", label: "DynamoDB global table" },
  bigtable: { kind: "multi-writer", label: "Bigtable with multi-cluster replication" },
  kinesis: { kind: "event-log", label: "DynamoDB events global table feeding a Kinesis stream per region" },
  pubsub: { kind: "event-log", label: "Pub/Sub topic with a subscription per region" },
  "aurora-dsql": {
    kind: "quorum",
    label: "Aurora DSQL multi-region cluster (two peered regions and a witness)",
  },
  spanner: { kind: "quorum", label: "Cloud Spanner multi-region instance" },
};

/** The engines the simulator can reason about; another is a usage error (exit 2), never a guess. */
export const SIMULATED_ENGINES: readonly string[] = Object.keys(ENGINE_BEHAVIOUR);

function behaviourOf(cloud: string, engine: string): { kind: EngineKind; label: string } {
  const known = ENGINE_BEHAVIOUR[engine];
  if (known) return known;
  throw new UsageError({
    path: "spec.database.engine",
    message: `the simulator cannot reason about the ${cloud} engine`,
    found: JSON.stringify(engine),
    expected: `one of ${ENGINES.filter((e) => ENGINE_BEHAVIOUR[e]).join(", ")}`,
  });
}

/** The survivor a writer or shard moves to: the highest weight, the first listed on a tie. */
function successor(candidates: readonly Region[]): Region | undefined {
  return candidates.reduce<Region | undefined>(
    (best, r) => (best === undefined || r.weight > best.weight ? r : best),
    undefined,
  );
}

const names = (rs: readonly Region[]) => rs.map((r) => r.region).join(", ");

/** Whether writes go on in every datastore and shard, where, after which action, and what may be lost. */
export function dataOutcome(b: Blueprint, lost: readonly Region[]): DataOutcome {
  const lag = b.slo.replicationLagSeconds;
  const datastores: DatastoreOutcome[] = [];
  for (const [cloud, engine] of Object.entries(b.database.engines) as [Region["cloud"], string][]) {
    const members = b.regions.filter((r) => r.cloud === cloud);
    if (members.length === 0) continue;
    datastores.push(datastoreOutcome(b, cloud, engine, members, lost, lag));
  }
  const shards = shardOutcomes(b, lost);
  const rpoSeconds = Math.max(0, ...datastores.map((d) => d.rpoSeconds));
  return {
    datastores,
    shards,
    rpoSeconds,
    verdict: worst([...datastores.map((d) => d.verdict), ...shards.map((s) => s.verdict)]),
  };
}

function datastoreOutcome(
  b: Blueprint,
  cloud: Region["cloud"],
  engine: string,
  members: readonly Region[],
  lost: readonly Region[],
  lag: number,
): DatastoreOutcome {
  const { kind, label } = behaviourOf(cloud, engine);
  const gone = members.filter((r) => lost.includes(r));
  const left = members.filter((r) => !lost.includes(r));
  const base = { cloud, engine, label };
  const asyncRpo = `up to ${lag} s of writes accepted in ${names(gone)} and not yet replicated ${LAG_CAVEAT}`;
  if (gone.length === 0) {
    return {
      ...base,
      writes: "continue",
      writers: left.map((r) => r.region),
      actions: [],
      rpoSeconds: 0,
      rpo: "none: no member lost",
      summary: `no ${cloud} member lost; writes go on as before`,
      verdict: "holds",
    };
  }
  if (left.length === 0) {
    const sync = kind === "quorum";
    return {
      ...base,
      writes: "stop",
      writers: [],
      actions: [],
      rpoSeconds: sync ? 0 : lag,
      rpo: sync
        ? "none committed is lost, but none is reachable until a member returns"
        : `${asyncRpo}; the rest is unreachable until a member returns`,
      summary: `every ${cloud} member is lost: no write to this datastore until one returns`,
      verdict: "fails",
    };
  }
  switch (kind) {
    case "single-writer":
      return singleWriter(b, base, engine, members, gone, left, lag);
    case "multi-writer":
      return {
        ...base,
        writes: "continue",
        writers: left.map((r) => r.region),
        actions: [],
        rpoSeconds: lag,
        rpo: `${asyncRpo}; they replicate if the region returns`,
        summary: `every surviving region keeps writing (${names(left)}), no action`,
        verdict: "holds",
      };
    case "event-log":
      return {
        ...base,
        writes: "continue",
        writers: left.map((r) => r.region),
        actions: [],
        rpoSeconds: lag,
        rpo: `up to ${lag} s of events appended in ${names(gone)} and not yet replicated; consumers apply them once (idempotency store) if the region returns`,
        summary: `every surviving region keeps appending (${names(left)}), no action`,
        verdict: "holds",
      };
    case "quorum":
      return quorum(base, engine, members, gone, left);
  }
}

function singleWriter(
  b: Blueprint,
  base: Pick<DatastoreOutcome, "cloud" | "engine" | "label">,
  engine: string,
  members: readonly Region[],
  gone: readonly Region[],
  left: readonly Region[],
  lag: number,
): DatastoreOutcome {
  const writer = members.find((r) => r.writer)!;
  const via = engine === "aurora-postgresql" ? "write forwarding" : "the writer instance";
  if (!gone.includes(writer)) {
    return {
      ...base,
      writes: "continue",
      writers: left.map((r) => r.region),
      actions: [],
      rpoSeconds: 0,
      rpo: `none: ${names(gone)} sent its writes to the writer in ${writer.region} (${via}), which holds them`,
      summary: `the writer in ${writer.region} is up; the surviving regions keep writing through it, no action`,
      verdict: "holds",
    };
  }
  const target = successor(left)!;
  const promote: DataAction =
    engine === "aurora-postgresql"
      ? {
          why: `fail the global cluster ${auroraGlobalClusterId(b)} over to ${target.region}`,
          kind: "shell",
          command: auroraFailoverCommand(b, target),
        }
      : {
          why: `promote the replica ${cloudSqlInstanceName(b, target)} in ${target.region} to primary`,
          kind: "shell",
          command: cloudSqlPromoteCommand(b, target, writer),
        };
  return {
    ...base,
    writes: "after-action",
    writers: left.map((r) => r.region),
    actions: [
      // Cloud SQL does not fence: stop the old writer before a replica becomes a second primary.
      ...(engine === "cloudsql-postgres"
        ? [
            {
              why: `fence the writer ${cloudSqlInstanceName(b, writer)}: stop it taking writes before the promotion`,
              kind: "shell" as const,
              command: cloudSqlFenceCommand(b, writer),
            },
          ]
        : []),
      promote,
      {
        why: "tell every region its new writer",
        kind: "blueprint",
        command: `set spec.database.writerRegion: ${target.region} in the blueprint, synthesize and apply`,
      },
    ],
    rpoSeconds: lag,
    rpo: `up to ${lag} s of writes the writer in ${writer.region} committed that had not reached ${target.region} ${LAG_CAVEAT}`,
    summary: `the writer in ${writer.region} is lost: writes stop in every ${base.cloud} region until a person promotes ${target.region}; reads go on`,
    verdict: "action",
  };
}

function quorum(
  base: Pick<DatastoreOutcome, "cloud" | "engine" | "label">,
  engine: string,
  members: readonly Region[],
  gone: readonly Region[],
  left: readonly Region[],
): DatastoreOutcome {
  // Voting replicas per region: DSQL, one per peered region and the witness;
  // Spanner, two per read-write region and one witness.
  let votes: { region: string; votes: number }[];
  if (engine === "aurora-dsql") {
    const witness = dsqlWitness(members.map((r) => r.region));
    votes = [
      ...members.map((r) => ({ region: r.region, votes: 1 })),
      ...(witness ? [{ region: witness, votes: 1 }] : []),
    ];
  } else {
    const config = spannerConfigFor(members.map((r) => r.region));
    if (config === undefined) {
      throw new UsageError({
        path: "spec.regions",
        message: "the simulator finds no Spanner configuration for these regions",
        found: names(members),
        expected: "regions one configuration of lib/core/spanner-config.ts serves",
      });
    }
    votes = [
      ...config.readWrite.map((region) => ({ region, votes: config.readWrite.length === 1 ? 3 : 2 })),
      ...(config.witness ? [{ region: config.witness, votes: 1 }] : []),
    ];
  }
  const total = votes.reduce((s, v) => s + v.votes, 0);
  const goneNames = gone.map((r) => r.region);
  const remaining = votes.filter((v) => !goneNames.includes(v.region)).reduce((s, v) => s + v.votes, 0);
  const detail = `${remaining} of ${total} votes left (${votes.map((v) => `${v.region} ${v.votes}`).join(", ")})`;
  if (2 * remaining > total) {
    return {
      ...base,
      writes: "continue",
      writers: left.map((r) => r.region),
      actions: [],
      rpoSeconds: 0,
      rpo: "none: commits are synchronous",
      summary: `a quorum remains, ${detail}: every surviving region keeps writing, no action`,
      verdict: "holds",
    };
  }
  return {
    ...base,
    writes: "stop",
    writers: [],
    actions: [],
    rpoSeconds: 0,
    rpo: "none: commits are synchronous",
    summary: `the quorum is lost, ${detail}: no commit until enough voting regions return`,
    verdict: "fails",
  };
}

/** primary-per-shard: a shard whose owner is lost writes again once a survivor of its cloud owns it. */
function shardOutcomes(b: Blueprint, lost: readonly Region[]): ShardOutcome[] {
  if (b.pattern !== "primary-per-shard") return [];
  return Object.entries(b.sharding.owners).map(([shard, key]): ShardOutcome => {
    const owner = b.regions.find((r) => r.key === key)!;
    if (!lost.includes(owner)) {
      return { shard, owner: owner.region, writer: owner.region, writes: "continue", verdict: "holds" };
    }
    const next = successor(b.regions.filter((r) => r.cloud === owner.cloud && !lost.includes(r)));
    if (next === undefined) {
      return { shard, owner: owner.region, writes: "stop", verdict: "fails" };
    }
    return {
      shard,
      owner: owner.region,
      writer: next.region,
      writes: "after-action",
      action: {
        why: `route shard ${shard} to ${next.region}, where its data is`,
        kind: "blueprint",
        command: `set spec.sharding.owners.${shard}: ${next.region} in the blueprint, synthesize and apply every region stack (the shard rules sit on each front door: ALB listener rules, the Google Cloud URL map)`,
      },
      verdict: "action",
    };
  });
}
