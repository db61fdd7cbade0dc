import { SPANNER_CONFIGS, type SpannerConfig, spannerConfigRegions } from "../../core/spanner-config";
import type { Cloud, InventoryView as Inventory, Resource } from "../types";
import { dynamicUnknown, instancesUnknown, whyUnknown } from "../unknown";
import { blocksOf, isExpr, isSet, refOf, str } from "../values";

export type DatastoreKind =
  | "aurora-global"
  | "dynamodb-global"
  | "spanner"
  | "cloudsql"
  | "elasticache-global";

/** One member of a replicated datastore: a cluster, table, replica or instance, and where it lives. */
export interface Member {
  readonly resource: Resource;
  readonly region: string | undefined;
  /** For DynamoDB replica blocks inside the table: the block itself. */
  readonly replicaBlock?: Record<string, unknown>;
}

/** A datastore replicated across regions, with its members in every stack found. */
export interface DatastoreGroup {
  readonly kind: DatastoreKind;
  readonly name: string;
  readonly cloud: Cloud;
  /** The global resource (aws_rds_global_cluster, the table, the Spanner instance), or the first member. */
  readonly anchor: Resource;
  readonly members: Member[];
  /** Regions holding a replica; undefined when they cannot be known (a custom Spanner config, a region set by an expression). */
  readonly regions: Set<string> | undefined;
  /** Set when it is not known whether this is replicated at all (a dynamic replica block over a variable): why. */
  uncertain?: string;
}

/** A membership attribute set by an expression that does not name a resource: whether it joins a group is unknown. */
function membershipUnknown(inv: Inventory, r: Resource, v: unknown): string | undefined {
  if (!isExpr(v) || inv.target(r, v)) return undefined;
  return whyUnknown(inv, r, v);
}

/** Spanner's base multi-region configurations, shared with the constructs that pick them (plain data, no cdktf). */
function spannerConfig(config: string | undefined): SpannerConfig | undefined {
  if (!config) return undefined;
  const name = config.replace(/^.*instanceConfigs\//, "");
  if (name.startsWith("regional-")) return { name, readWrite: [name.slice(9)], readOnly: [] };
  return SPANNER_CONFIGS.find((c) => c.name === name);
}

/** Regions a Spanner configuration serves reads from (read-write and read-only replicas); undefined when unknown. */
export function spannerRegions(config: string | undefined): string[] | undefined {
  const c = spannerConfig(config);
  return c ? [...c.readWrite, ...c.readOnly] : undefined;
}

/** Every region holding a replica, witness included: where customer keys must be. */
export function spannerKeyRegions(config: string | undefined): string[] | undefined {
  const c = spannerConfig(config);
  return c ? spannerConfigRegions(c) : undefined;
}

/** The name a reference or literal points at: `${aws_rds_global_cluster.g.id}` -> that resource's identifier. */
function identity(inv: Inventory, from: Resource, value: unknown, attr: string): string | undefined {
  const literal = str(value);
  if (literal) return literal.replace(/^.*[:/]/, "");
  const t = inv.target(from, value);
  if (t) return str(t.values[attr]) ?? `${t.unit}/${t.address}`;
  return refOf(value);
}

function group(map: Map<string, DatastoreGroup>, key: string, make: () => DatastoreGroup): DatastoreGroup {
  const found = map.get(key);
  if (found) return found;
  const made = make();
  map.set(key, made);
  return made;
}

/**
 * Every datastore replicated across regions: Aurora global databases (the
 * global cluster and member clusters in any stack), DynamoDB global tables
 * (replica blocks and aws_dynamodb_table_replica), Spanner instances, Cloud
 * SQL primaries with their replicas, and ElastiCache global datastores.
 */
export function datastoreGroups(inv: Inventory): DatastoreGroup[] {
  return inv.memo("datastoreGroups", () => findGroups(inv));
}

function findGroups(inv: Inventory): DatastoreGroup[] {
  const groups = new Map<string, DatastoreGroup>();
  for (const g of inv.ofType("aws_rds_global_cluster")) {
    const name = str(g.values["global_cluster_identifier"]) ?? `${g.unit}/${g.address}`;
    group(groups, `aurora:${name}`, () => ({
      kind: "aurora-global",
      name,
      cloud: "aws",
      anchor: g,
      members: [],
      regions: new Set(),
    }));
  }
  for (const c of inv.ofType("aws_rds_cluster")) {
    if (!isSet(c.values["global_cluster_identifier"])) continue;
    const name = identity(inv, c, c.values["global_cluster_identifier"], "global_cluster_identifier")!;
    const g = group(groups, `aurora:${name}`, () => ({
      kind: "aurora-global",
      name,
      cloud: "aws",
      anchor: c,
      members: [],
      regions: new Set(),
    }));
    g.members.push({ resource: c, region: c.region });
    if (c.region) g.regions?.add(c.region);
    g.uncertain ??=
      membershipUnknown(inv, c, c.values["global_cluster_identifier"]) ?? instancesUnknown(inv, c);
  }
  for (const t of inv.ofType("aws_dynamodb_table")) {
    const replicas = blocksOf(t.values, "replica");
    const dynamic = dynamicUnknown(inv, t, t.values, "replica");
    if (!replicas.length && !dynamic) continue;
    const name = str(t.values["name"]) ?? t.address;
    const g = group(groups, `dynamodb:${name}`, () => ({
      kind: "dynamodb-global",
      name,
      cloud: "aws",
      anchor: t,
      members: [],
      regions: new Set(),
    }));
    g.members.push({ resource: t, region: t.region });
    if (t.region) g.regions?.add(t.region);
    let unknown = false;
    for (const b of replicas) {
      const region = str(b["region_name"]);
      g.members.push({ resource: t, region, replicaBlock: b });
      if (region) g.regions?.add(region);
      else unknown = true;
    }
    // A replica region set by an expression (a dynamic block): where the replicas are is not known.
    if (unknown || dynamic) (g as { regions: Set<string> | undefined }).regions = undefined;
    if (dynamic && !replicas.length) g.uncertain ??= dynamic;
  }
  for (const r of inv.ofType("aws_dynamodb_table_replica")) {
    const name = identity(inv, r, r.values["global_table_arn"], "name") ?? r.address;
    const g = group(groups, `dynamodb:${name}`, () => ({
      kind: "dynamodb-global",
      name,
      cloud: "aws",
      anchor: r,
      members: [],
      regions: new Set(),
    }));
    g.members.push({ resource: r, region: r.region });
    if (r.region) g.regions?.add(r.region);
  }
  for (const s of inv.ofType("google_spanner_instance")) {
    const name = str(s.values["name"]) ?? s.address;
    const regions = spannerRegions(str(s.values["config"]));
    groups.set(`spanner:${s.unit}/${s.address}`, {
      kind: "spanner",
      name,
      cloud: "google",
      anchor: s,
      members: [{ resource: s, region: s.region }],
      regions: regions ? new Set(regions) : undefined,
    });
  }
  const sql = inv.ofType("google_sql_database_instance");
  const masters = new Map<string, string>();
  for (const i of sql) {
    if (!isSet(i.values["master_instance_name"])) continue;
    const t = inv.target(i, i.values["master_instance_name"]);
    const master = t
      ? (str(t.values["name"]) ?? `${t.unit}/${t.address}`)
      : (str(i.values["master_instance_name"]) ?? String(i.values["master_instance_name"]));
    masters.set(`${i.unit}/${i.address}`, master.replace(/^.*:/, ""));
  }
  const masterNames = new Set(masters.values());
  for (const i of sql) {
    const own = str(i.values["name"]) ?? `${i.unit}/${i.address}`;
    const key = masters.get(`${i.unit}/${i.address}`) ?? (masterNames.has(own) ? own : undefined);
    if (!key) continue;
    const g = group(groups, `cloudsql:${key}`, () => ({
      kind: "cloudsql",
      name: key,
      cloud: "google",
      anchor: i,
      members: [],
      regions: new Set(),
    }));
    g.members.push({ resource: i, region: i.region });
    if (i.region) g.regions?.add(i.region);
    g.uncertain ??= membershipUnknown(inv, i, i.values["master_instance_name"]);
    // A replica whose count/for_each is not known may not exist at all.
    if (isSet(i.values["master_instance_name"])) g.uncertain ??= instancesUnknown(inv, i);
  }
  for (const e of inv.ofType("aws_elasticache_replication_group")) {
    if (!isSet(e.values["global_replication_group_id"])) continue;
    const name = identity(
      inv,
      e,
      e.values["global_replication_group_id"],
      "global_replication_group_id_suffix",
    )!;
    const g = group(groups, `elasticache:${name}`, () => ({
      kind: "elasticache-global",
      name,
      cloud: "aws",
      anchor: e,
      members: [],
      regions: new Set(),
    }));
    g.members.push({ resource: e, region: e.region });
    if (e.region) g.regions?.add(e.region);
    g.uncertain ??=
      membershipUnknown(inv, e, e.values["global_replication_group_id"]) ?? instancesUnknown(inv, e);
  }
  // A member whose region is not known (a provider region from a variable without default): the set of regions is not known.
  for (const g of groups.values()) {
    if (g.kind !== "spanner" && g.members.some((m) => m.region === undefined))
      (g as { regions: Set<string> | undefined }).regions = undefined;
  }
  return [...groups.values()];
}

/** Resources that serve traffic: where these run, a region serves. */
export const SERVING_TYPES = [
  "aws_eks_cluster",
  "aws_ecs_service",
  "aws_lb",
  "aws_alb",
  "aws_apprunner_service",
  "aws_autoscaling_group",
  "google_container_cluster",
  "google_cloud_run_service",
  "google_cloud_run_v2_service",
  "google_compute_region_instance_group_manager",
  "google_compute_instance_group_manager",
];

export function servingRegions(inv: Inventory, cloud: Cloud): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const r of inv.ofType(...SERVING_TYPES)) {
    if (r.cloud === cloud && r.region && !out.has(r.region)) out.set(r.region, r);
  }
  return out;
}

/** Stateful resources that hold data of their own. */
export const DATASTORE_TYPES = [
  "aws_rds_cluster",
  "aws_db_instance",
  "aws_dynamodb_table",
  "aws_docdb_cluster",
  "aws_elasticache_replication_group",
  "google_sql_database_instance",
  "google_spanner_instance",
  "google_alloydb_cluster",
  "google_bigtable_instance",
  "google_firestore_database",
];
