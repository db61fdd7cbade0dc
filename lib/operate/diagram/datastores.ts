import { type Blueprint, type Region, regionsOf } from "../../blueprint/model";
import {
  bigtableClusterId,
  bigtableInstanceName,
  eventStreamName,
  pubsubSubscriptionName,
  pubsubTopicName,
  spannerInstanceName,
} from "../../core/datastore-names";
import { dsqlWitness } from "../../core/dsql-regions";
import {
  auroraClusterId,
  auroraGlobalClusterId,
  cloudSqlInstanceName,
  dynamoTableName,
  eventsTableName,
} from "../../core/names";
import type { Cloud, Engine } from "../../core/regions";
import { spannerConfigFor } from "../../core/spanner-config";
import type { GraphBuilder } from "./graph-builder";
import { ids } from "./ids";

/**
 * The datastore of each region of one cloud and how its copies talk to each
 * other, engine by engine: a single writer and its replicas (Aurora global,
 * Cloud SQL), a multi-writer mesh (DynamoDB, Bigtable), peers that commit
 * together with a witness (DSQL, Spanner), or an event log (Kinesis, Pub/Sub).
 */
export function addDatastores(g: GraphBuilder, b: Blueprint, cloud: Cloud): void {
  const engine = b.database.engines[cloud];
  const regions = regionsOf(b, cloud);
  if (engine === undefined || regions.length === 0) return;
  ENGINE_PARTS[engine](g, b, regions);
}

type EnginePart = (g: GraphBuilder, b: Blueprint, regions: readonly Region[]) => void;

const lag = (b: Blueprint) => `async, lag SLO ${b.slo.replicationLagSeconds} s`;

/** A datastore node in its region, used by the region's cluster. */
function member(
  g: GraphBuilder,
  r: Region,
  lines: readonly string[],
  kind: "datastore" | "stream" = "datastore",
) {
  const id = kind === "stream" ? ids.stream(r.cloud, r.region) : ids.datastore(r.cloud, r.region);
  g.node({ id, lines, kind, group: ids.region(r.cloud, r.region) });
  g.edge({ from: ids.cluster(r.cloud, r.region), to: id, kind: "data", both: true });
  return id;
}

/** Every pair once, in blueprint order: a multi-writer mesh. */
function mesh(g: GraphBuilder, regions: readonly Region[], label: string): void {
  regions.forEach((a, i) => {
    for (const z of regions.slice(i + 1)) {
      g.edge({
        from: ids.datastore(a.cloud, a.region),
        to: ids.datastore(z.cloud, z.region),
        kind: "replication",
        both: true,
        label,
      });
    }
  });
}

/** A single writer replicating to every other member. */
function fromWriter(g: GraphBuilder, b: Blueprint, regions: readonly Region[]): void {
  const writer = regions.find((r) => r.writer) ?? regions[0]!;
  for (const r of regions.filter((x) => x !== writer)) {
    g.edge({
      from: ids.datastore(writer.cloud, writer.region),
      to: ids.datastore(r.cloud, r.region),
      kind: "replication",
      label: lag(b),
    });
  }
}

/** A region that holds part of the datastore but runs no cluster (a witness, a replica-only region). */
function outsideRegion(g: GraphBuilder, cloud: Cloud, region: string, role: string): string {
  return g.group({
    id: ids.region(cloud, region),
    label: `${region} (${role}, no cluster)`,
    kind: "region",
    parent: ids.cloud(cloud),
  });
}

const ENGINE_PARTS: Readonly<Record<Engine, EnginePart>> = {
  "aurora-postgresql": (g, b, regions) => {
    for (const r of regions) {
      member(g, r, [
        `Aurora PostgreSQL ${auroraClusterId(b, r)}`,
        r.writer ? "writer" : "secondary: reads local, writes forwarded",
        `global database ${auroraGlobalClusterId(b)}`,
      ]);
    }
    fromWriter(g, b, regions);
  },

  dynamodb: (g, b, regions) => {
    // The table replicates every way; the pattern says who writes what.
    const [role, mode] =
      b.pattern === "multi-master-crdt"
        ? ["replica: versioned items, app merges", "multi-writer, merge by version"]
        : b.pattern === "primary-per-shard"
          ? ["replica: writes its own shards", "replication, each shard written by its owner"]
          : ["replica: reads and writes locally", "multi-writer, last writer wins"];
    for (const r of regions) member(g, r, [`DynamoDB ${dynamoTableName(b)}`, role]);
    mesh(g, regions, mode);
  },

  kinesis: (g, b, regions) => {
    for (const r of regions) {
      member(g, r, [`DynamoDB ${eventsTableName(b)}`, "append-only event log replica"]);
      const stream = member(
        g,
        r,
        [`Kinesis ${eventStreamName(b, r)}`, "consumers: idempotency store, DLQ"],
        "stream",
      );
      g.edge({
        from: ids.datastore(r.cloud, r.region),
        to: stream,
        kind: "replication",
        label: "change stream",
      });
    }
    mesh(g, regions, "replicated log");
  },

  "aurora-dsql": (g, b, regions) => {
    for (const r of regions) member(g, r, [`Aurora DSQL ${b.name}`, "peer: reads and writes, synchronous"]);
    const [a, z] = regions;
    if (a !== undefined && z !== undefined) {
      g.edge({
        from: ids.datastore(a.cloud, a.region),
        to: ids.datastore(z.cloud, z.region),
        kind: "consensus",
        both: true,
        label: "synchronous commit, RPO 0",
      });
    }
    // The loader only accepts two peers of one DSQL group.
    const witness = dsqlWitness(regions.map((r) => r.region));
    if (witness === undefined) return;
    const group = outsideRegion(g, "aws", witness, "witness");
    const id = g.node({
      id: ids.datastore("aws", witness),
      lines: [`Aurora DSQL witness ${witness}`, "transaction log for quorum, no endpoint"],
      kind: "witness",
      group,
    });
    for (const r of regions) {
      g.edge({ from: ids.datastore(r.cloud, r.region), to: id, kind: "consensus", label: "quorum" });
    }
  },

  spanner: (g, b, regions) => {
    // The loader rejects gcp regions no configuration serves.
    const config = spannerConfigFor(regions.map((r) => r.region));
    if (config === undefined) return;
    const instance = spannerInstanceName(b);
    const role = (region: string) =>
      config.readWrite[0] === region
        ? "read-write replica, default leader"
        : config.readWrite.includes(region)
          ? "read-write replica"
          : config.readOnly.includes(region)
            ? "read-only replica"
            : "witness: votes, no full copy";
    for (const r of regions) member(g, r, [`Spanner ${instance}`, `${config.name}: ${role(r.region)}`]);
    const served = new Set(regions.map((r) => r.region));
    const others = [
      ...config.readWrite,
      ...config.readOnly,
      ...(config.witness ? [config.witness] : []),
    ].filter((x) => !served.has(x));
    for (const region of others) {
      const witness = region === config.witness;
      g.node({
        id: ids.datastore("gcp", region),
        lines: [`Spanner ${instance}`, `${config.name}: ${role(region)}`],
        kind: "witness",
        group: outsideRegion(g, "gcp", region, witness ? "witness" : "replica"),
      });
    }
    const leader = config.readWrite[0]!;
    const voters = [...config.readWrite.slice(1), ...(config.witness ? [config.witness] : [])];
    for (const v of voters) {
      g.edge({
        from: ids.datastore("gcp", leader),
        to: ids.datastore("gcp", v),
        kind: "consensus",
        both: true,
        label: "commit quorum",
      });
    }
    for (const ro of config.readOnly) {
      g.edge({
        from: ids.datastore("gcp", leader),
        to: ids.datastore("gcp", ro),
        kind: "replication",
        label: "read-only copy",
      });
    }
  },

  "cloudsql-postgres": (g, b, regions) => {
    for (const r of regions) {
      member(g, r, [
        `Cloud SQL ${cloudSqlInstanceName(b, r)}`,
        r.writer ? "writer" : "cross-region read replica",
      ]);
    }
    fromWriter(g, b, regions);
  },

  bigtable: (g, b, regions) => {
    for (const r of regions) {
      member(g, r, [
        `Bigtable ${bigtableInstanceName(b)}`,
        `cluster ${bigtableClusterId(bigtableInstanceName(b), r.region)}: reads and writes locally`,
      ]);
    }
    mesh(g, regions, "multi-writer replication");
  },

  pubsub: (g, b, regions) => {
    const topic = g.node({
      id: ids.pubsubTopic,
      lines: [`Pub/Sub topic ${pubsubTopicName(b)}`, `stored in ${regions.map((r) => r.region).join(", ")}`],
      kind: "datastore",
      group: ids.cloud("gcp"),
    });
    for (const r of regions) {
      const sub = member(
        g,
        r,
        [`subscription ${pubsubSubscriptionName(b, r)}`, "exactly-once, DLQ, idempotency store"],
        "stream",
      );
      g.edge({ from: ids.cluster(r.cloud, r.region), to: topic, kind: "data", label: "append" });
      g.edge({ from: topic, to: sub, kind: "replication", label: "deliver" });
    }
  },
};
