import { datastoreGroups } from "../facts/datastores";
import type { InventoryView as Inventory, Rule } from "../types";
import { undetermined } from "../unknown";
import { blocks, isObj, str } from "../values";

const LAG_METRICS: Record<string, RegExp> = {
  "aurora-global": /^Aurora(GlobalDBReplicationLag|GlobalDBRPOLag|ReplicaLag|ReplicaLagMaximum)$/,
  "dynamodb-global": /^ReplicationLatency$/,
  "elasticache-global": /^GlobalDatastoreReplicationLag$/,
};
const CLOUDSQL_LAG = /replication\/replica_lag|replica_lag|replication_lag/;
const PROM_LAG = /replica_lag|replication_lag|replicationlag|replicalag|rpo_lag|replication_latency/i;

/** Every CloudWatch alarm's metric names, with the alarm's region. */
function cloudwatchMetrics(inv: Inventory): { metric: string; region: string | undefined }[] {
  const out: { metric: string; region: string | undefined }[] = [];
  for (const a of inv.ofType("aws_cloudwatch_metric_alarm")) {
    const m = str(a.values["metric_name"]);
    if (m) out.push({ metric: m, region: a.region });
    for (const q of blocks(a.values["metric_query"])) {
      for (const metric of blocks(q["metric"])) {
        const n = str(metric["metric_name"]);
        if (n) out.push({ metric: n, region: a.region });
      }
    }
  }
  return out;
}

function googleQueries(inv: Inventory): string[] {
  const out: string[] = [];
  for (const p of inv.ofType("google_monitoring_alert_policy")) {
    for (const c of blocks(p.values["conditions"])) {
      for (const key of [
        "condition_threshold",
        "condition_absent",
        "condition_monitoring_query_language",
        "condition_prometheus_query_language",
      ]) {
        for (const b of blocks(c[key])) out.push(String(b["filter"] ?? b["query"] ?? ""));
      }
    }
  }
  return out;
}

/** PrometheusRule expressions that watch replication lag also count. */
function promLag(inv: Inventory): boolean {
  for (const o of inv.ofKind("PrometheusRule")) {
    const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
    for (const g of Array.isArray(spec["groups"]) ? spec["groups"] : []) {
      for (const r of isObj(g) && Array.isArray(g["rules"]) ? g["rules"] : []) {
        if (isObj(r) && typeof r["alert"] === "string" && PROM_LAG.test(String(r["expr"] ?? ""))) return true;
      }
    }
  }
  return false;
}

export const rule: Rule = {
  id: "AA204",
  title: "Replication lag unmonitored",
  severity: "error",
  failureMode: "F2",
  // PrometheusRule objects count as monitoring when given with the Terraform; on their own there is nothing to check.
  inputs: ["terraform"],
  covers: [
    "aws_rds_global_cluster",
    "aws_dynamodb_table",
    "aws_elasticache_replication_group",
    "google_sql_database_instance",
    "aws_cloudwatch_metric_alarm",
    "google_monitoring_alert_policy",
    "PrometheusRule",
  ],
  rationale:
    "Asynchronous replication falls behind silently: stale reads and lost writes on failover grow with the lag, and nobody knows until users see it. Spanner replicates synchronously and is not checked.",
  fix: "Add an alarm on the lag metric: AuroraGlobalDBReplicationLag (AWS/RDS, in every secondary region, where Aurora publishes it), ReplicationLatency (AWS/DynamoDB), GlobalDatastoreReplicationLag (AWS/ElastiCache), cloudsql.googleapis.com/database/replication/replica_lag (Cloud Monitoring alert policy).",
  unknowns:
    "A datastore that may or may not be replicated is not judged; when no lag alarm is found but an alarm's metric name is an expression or a module that was not followed may hold one, nothing is reported (info with --unknown info). Region counts are only printed when every member's region is known.",
  *check(inv) {
    const groups = datastoreGroups(inv).filter((g) => g.kind !== "spanner");
    const opaque =
      inv.hiddenByModules() ??
      (inv
        .ofType("aws_cloudwatch_metric_alarm")
        .some(
          (a) =>
            typeof a.values["metric_name"] === "string" && String(a.values["metric_name"]).includes("${"),
        )
        ? "an alarm's metric_name is an expression"
        : undefined);
    if (!groups.length) return;
    const metrics = cloudwatchMetrics(inv);
    const queries = googleQueries(inv);
    const prom = promLag(inv);
    for (const g of groups) {
      if (prom) continue;
      if (g.uncertain) {
        yield undetermined(g.anchor, "whether it replicates across regions", g.uncertain);
        continue;
      }
      if (g.kind === "aurora-global" && g.regions && g.regions.size > 1) {
        // Aurora publishes the lag in each secondary's region: every member region but the primary's needs an alarm there.
        const alarmed = new Set(
          metrics.filter((m) => LAG_METRICS[g.kind]!.test(m.metric)).map((m) => m.region),
        );
        const bare = [...g.regions].filter((r) => !alarmed.has(r)).sort();
        if (bare.length > 1 && opaque) {
          yield undetermined(g.anchor, "whether replication lag is alarmed in every region", opaque);
        } else if (bare.length > 1) {
          yield {
            subject: g.anchor,
            message: `Aurora global database ${g.name}: ${bare.length} of its ${g.regions.size} regions (${bare.join(", ")}) have no alarm on AuroraGlobalDBReplicationLag; only the primary's region may go without`,
          };
        }
        continue;
      }
      const watched =
        g.kind === "cloudsql"
          ? queries.some((q) => CLOUDSQL_LAG.test(q))
          : metrics.some((m) => LAG_METRICS[g.kind]!.test(m.metric));
      if (!watched && opaque) {
        yield undetermined(g.anchor, "whether replication lag is alarmed", opaque);
      } else if (!watched) {
        yield {
          subject: g.anchor,
          message: `${g.kind} datastore ${g.name} replicates across ${g.regions ? `${g.regions.size} region(s)` : "regions"} with no alarm or alert policy on its replication lag metric`,
        };
      }
    }
  },
};
