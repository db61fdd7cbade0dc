import { type Blueprint, type Region, regionsOf } from "../../blueprint/model";
import { replicasByRegion } from "../../blueprint/replicas";
import type { ArchitectureGraph } from "../../core/architecture-graph";
import { clusterName, fitName } from "../../core/names";
import { CLOUDS } from "../../core/regions";
import { addDatastores } from "./datastores";
import { GraphBuilder } from "./graph-builder";
import { CLOUD_LABEL, ids } from "./ids";
import { addRouting } from "./routing";

/**
 * The architecture of a blueprint as plain data: each cloud holds its
 * regions, each region its cluster and its copy of the datastore; routing,
 * replication, the links between clouds and the shard owners are the edges.
 * Everything comes in blueprint order, so the same blueprint gives the same graph.
 */
export function architectureGraph(b: Blueprint): ArchitectureGraph {
  const g = new GraphBuilder();
  addRouting(g, b);
  for (const cloud of CLOUDS) {
    const regions = regionsOf(b, cloud);
    if (regions.length === 0) continue;
    g.group({ id: ids.cloud(cloud), label: CLOUD_LABEL[cloud], kind: "cloud" });
    for (const r of regions) addRegion(g, b, r);
  }
  for (const cloud of CLOUDS) addDatastores(g, b, cloud);
  addInterconnect(g, b);
  addShardOwners(g, b);
  const engines = CLOUDS.map((c) => b.database.engines[c]).filter((e) => e !== undefined);
  return g.build(
    `${b.name}: ${b.pattern}, ${engines.join(" + ")}; failover SLO ${b.slo.failoverSeconds} s, replication lag SLO ${b.slo.replicationLagSeconds} s`,
  );
}

/** A region and its cluster: the name synth gives it, node bounds, the replicas of each workload. */
function addRegion(g: GraphBuilder, b: Blueprint, r: Region): void {
  const group = g.group({
    id: ids.region(r.cloud, r.region),
    label: r.region,
    kind: "region",
    parent: ids.cloud(r.cloud),
  });
  const nodes = b.cluster.nodes;
  const lines =
    r.cloud === "aws"
      ? [`EKS ${clusterName(b, r)}`, `Auto Mode, ${nodes.min}-${nodes.max} x ${nodes.instanceType}`]
      : // stacks/gcp-region-stack.ts fits GKE cluster names to 40 characters.
        [`GKE ${fitName(clusterName(b, r), 40)}`, `${nodes.min}-${nodes.max} x ${nodes.machineType}`];
  const workloads = b.workloads.map(
    (w) => `${w.name} x ${replicasByRegion(w.replicas, b.regions)[r.region]}`,
  );
  g.node({
    id: ids.cluster(r.cloud, r.region),
    lines: [...lines, ...(workloads.length ? [workloads.join(", ")] : [])],
    kind: "cluster",
    group,
  });
}

/** The HA VPN pairs between AWS and Google Cloud regions (mixed blueprints). */
function addInterconnect(g: GraphBuilder, b: Blueprint): void {
  const ic = b.interconnect;
  if (ic === undefined) return;
  for (const p of ic.pairs) {
    g.edge({
      from: ids.cluster("aws", p.aws),
      to: ids.cluster("gcp", p.gcp),
      kind: "link",
      both: true,
      label: `HA VPN, 4 IPsec tunnels, BGP ${ic.awsAsn}/${ic.gcpAsn}`,
    });
  }
}

/**
 * primary-per-shard: the shards each region writes. With no owners listed
 * there is one shard, owned by the writer region of each cloud.
 */
function addShardOwners(g: GraphBuilder, b: Blueprint): void {
  if (b.pattern !== "primary-per-shard") return;
  const owned = new Map<string, string[]>();
  for (const [shard, key] of Object.entries(b.sharding.owners))
    owned.set(key, [...(owned.get(key) ?? []), shard]);
  for (const r of b.regions) {
    const shards = owned.get(r.key);
    const lines =
      shards !== undefined
        ? [`owns ${b.sharding.key}s: ${shards.join(", ")}`, `routed by ${b.sharding.header}`]
        : owned.size === 0 && r.writer
          ? ["owns every key (one shard)"]
          : undefined;
    if (lines === undefined) continue;
    const id = g.node({
      id: ids.shards(r.cloud, r.region),
      lines,
      kind: "shards",
      group: ids.region(r.cloud, r.region),
    });
    g.edge({ from: ids.cluster(r.cloud, r.region), to: id, kind: "ownership" });
  }
}
