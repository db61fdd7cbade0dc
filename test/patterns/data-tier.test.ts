import { stringify } from "yaml";
import { parseBlueprint } from "../../lib/blueprint/load";
import { PATTERNS, type Pattern } from "../../lib/core/patterns";
import type { Engine } from "../../lib/core/regions";
import { minimalBlueprint } from "../helpers/blueprints";
import { synthBlueprint } from "../stacks/helpers";

/** One base blueprint (two AWS regions that DSQL can peer), one engine that fits each pattern. */
const ENGINE_OF: Record<Pattern, Engine> = {
  "read-local-write-local": "dynamodb",
  "multi-master-crdt": "dynamodb",
  "primary-per-shard": "aurora-postgresql",
  "event-sourced": "kinesis",
  "global-consensus": "aurora-dsql",
};

function synthPattern(pattern: Pattern) {
  const b = minimalBlueprint(ENGINE_OF[pattern]);
  b.spec.pattern = pattern;
  b.spec.regions[1].region = "us-east-2";
  return synthBlueprint(parseBlueprint(stringify(b), "shop.yaml")).stacks;
}

type Resources = Record<string, Record<string, any>>;
const all = (stacks: ReturnType<typeof synthPattern>, type: string): Record<string, any>[] =>
  Object.values(stacks).flatMap((s) => Object.values(((s.resource ?? {}) as Resources)[type] ?? {}));
/** The data tier's namespaces: front-door and game-day alarms are not this test's concern. */
const DATA_NAMESPACES = /^AWS\/(DynamoDB|RDS|Kinesis|SQS|AuroraDSQL)$/;
/**
 * `<namespace> <metric>` of each data-tier alarm; a metric-math alarm lists
 * the metrics it reads, joined by `+`.
 */
const alarmMetrics = (stacks: ReturnType<typeof synthPattern>) =>
  all(stacks, "aws_cloudwatch_metric_alarm")
    .filter((a) =>
      a.metric_query
        ? (a.metric_query as { metric?: { namespace: string } }[]).some(
            (q) => q.metric !== undefined && DATA_NAMESPACES.test(q.metric.namespace),
          )
        : DATA_NAMESPACES.test(a.namespace),
    )
    .map((a) =>
      a.metric_query
        ? (a.metric_query as { metric?: { namespace: string; metric_name: string } }[])
            .flatMap((q) => (q.metric ? [`${q.metric.namespace} ${q.metric.metric_name}`] : []))
            .join(" + ")
        : `${a.namespace} ${a.metric_name}`,
    )
    // Route 53 health checks belong to the front door, the same for every pattern.
    .filter((m) => !m.startsWith("AWS/Route53 "))
    .sort();

const out = Object.fromEntries(PATTERNS.map((p) => [p, synthPattern(p)])) as Record<
  Pattern,
  ReturnType<typeof synthPattern>
>;

describe("spec.pattern decides the data tier", () => {
  test("the five patterns give five different outputs", () => {
    const texts = PATTERNS.map((p) => JSON.stringify(out[p]));
    expect(new Set(texts).size).toBe(5);
  });

  test("read-local-write-local: a DynamoDB global table with a replica per region; M3 per replica", () => {
    const s = out["read-local-write-local"];
    const [table] = all(s, "aws_dynamodb_table");
    expect(table.replica.map((r: any) => r.region_name)).toEqual(["us-east-2"]);
    expect(table.tags).toEqual({ "activeactive-pattern": "read-local-write-local" });
    expect(alarmMetrics(s)).toEqual(["AWS/DynamoDB ReplicationLatency", "AWS/DynamoDB ReplicationLatency"]);
    const receiving = all(s, "aws_cloudwatch_metric_alarm").map((a) => a.dimensions.ReceivingRegion);
    expect(receiving.sort()).toEqual(["us-east-1", "us-east-2"]);
  });

  test("multi-master-crdt: the global table carries the versioned-item contract; M3 per replica", () => {
    const s = out["multi-master-crdt"];
    const [table] = all(s, "aws_dynamodb_table");
    expect(table.tags).toEqual({
      "activeactive-pattern": "multi-master-crdt",
      "activeactive-crdt-version-attribute": "version",
      "activeactive-crdt-vector-attribute": "vclock",
    });
    expect(table.stream_view_type).toBe("NEW_AND_OLD_IMAGES");
    expect(alarmMetrics(s)).toEqual(["AWS/DynamoDB ReplicationLatency", "AWS/DynamoDB ReplicationLatency"]);
  });

  test("primary-per-shard: an Aurora global database with a cross-region standby; M3 on the standby", () => {
    const s = out["primary-per-shard"];
    expect(all(s, "aws_rds_global_cluster")).toHaveLength(1);
    expect(all(s, "aws_rds_cluster")).toHaveLength(2);
    expect(all(s, "aws_dynamodb_table")).toHaveLength(0);
    expect(alarmMetrics(s)).toContain("AWS/RDS AuroraGlobalDBReplicationLag");
  });

  test("event-sourced: replicated log, a stream, idempotency store with TTL and DLQ per region; M3, consumer lag, DLQ depth", () => {
    const s = out["event-sourced"];
    const tables = all(s, "aws_dynamodb_table");
    const log = tables.find((t) => t.name === "shop-events")!;
    expect(log.replica.map((r: any) => r.region_name)).toEqual(["us-east-2"]);
    const idem = tables.filter((t) => t.name.endsWith("-idempotency"));
    expect(idem).toHaveLength(2);
    for (const t of idem) {
      expect(t.ttl).toEqual({ attribute_name: "expiresAt", enabled: true });
      expect(t.point_in_time_recovery).toEqual({ enabled: true });
      expect(t.deletion_protection_enabled).toBe(true);
      expect(t.server_side_encryption.kms_key_arn).toBeDefined();
    }
    const streams = all(s, "aws_kinesis_stream");
    expect(streams).toHaveLength(2);
    for (const k of streams) expect(k.encryption_type).toBe("KMS");
    expect(all(s, "aws_dynamodb_kinesis_streaming_destination")).toHaveLength(2);
    for (const q of all(s, "aws_sqs_queue")) expect(q.kms_master_key_id).toBeDefined();
    expect(alarmMetrics(s)).toEqual([
      "AWS/DynamoDB ReplicationLatency",
      "AWS/DynamoDB ReplicationLatency",
      "AWS/Kinesis SubscribeToShardEvent.MillisBehindLatest",
      "AWS/Kinesis SubscribeToShardEvent.MillisBehindLatest",
      "AWS/SQS ApproximateNumberOfMessagesVisible",
      "AWS/SQS ApproximateNumberOfMessagesVisible",
    ]);
  });

  test("global-consensus: two peered Aurora DSQL clusters and a witness; commit latency per region", () => {
    const s = out["global-consensus"];
    const clusters = all(s, "aws_dsql_cluster");
    expect(clusters).toHaveLength(2);
    for (const c of clusters) {
      expect(c.multi_region_properties).toEqual([{ witness_region: "us-west-2" }]);
      expect(c.deletion_protection_enabled).toBe(true);
      expect(c.kms_encryption_key).toBeDefined();
    }
    const peerings = all(s, "aws_dsql_cluster_peering");
    expect(peerings).toHaveLength(2);
    for (const p of peerings) expect(p.witness_region).toBe("us-west-2");
    expect(alarmMetrics(s)).toEqual([
      "AWS/AuroraDSQL CommitLatency",
      "AWS/AuroraDSQL CommitLatency",
      "AWS/AuroraDSQL TotalTransactions + AWS/AuroraDSQL ReadOnlyTransactions",
      "AWS/AuroraDSQL TotalTransactions + AWS/AuroraDSQL ReadOnlyTransactions",
    ]);
    expect(all(s, "aws_rds_cluster")).toHaveLength(0);
  });

  test("global-consensus: quorum/witness health per peer, and every DSQL alarm pages the topic of its region", () => {
    const global = Object.entries(out["global-consensus"]).find(([name]) => name.endsWith("-global"))![1] as {
      resource: Resources;
    };
    const topics = Object.entries(global.resource.aws_sns_topic ?? {});
    const clusters = Object.entries(global.resource.aws_dsql_cluster!);
    const alarms = Object.values(global.resource.aws_cloudwatch_metric_alarm!).filter((a) =>
      String(a.alarm_name).includes("-dsql-"),
    );
    expect(alarms).toHaveLength(4);
    for (const a of alarms) {
      // The alarm's cluster, by its identifier, and the topic in the same region.
      const dims =
        a.dimensions ?? a.metric_query.find((q: { metric?: unknown }) => q.metric).metric.dimensions;
      const [clusterId, cluster] = clusters.find(
        ([id]) => dims.ClusterId === `\${aws_dsql_cluster.${id}.identifier}`,
      )!;
      expect(a.provider).toBe(cluster.provider);
      const [topicId, topic] = topics.find(([, t]) => t.provider === a.provider)!;
      expect(a.alarm_actions).toEqual([`\${aws_sns_topic.${topicId}.arn}`]);
      expect(topic.kms_master_key_id).toBeDefined();
      expect(clusterId).toBeDefined();
    }
    const quorum = alarms.filter((a) => a.metric_query);
    expect(quorum.map((a) => [a.comparison_operator, a.threshold, a.treat_missing_data])).toEqual([
      ["LessThanThreshold", 1, "breaching"],
      ["LessThanThreshold", 1, "breaching"],
    ]);
    expect(
      quorum.map((a) => a.metric_query.find((q: { return_data: boolean }) => q.return_data).expression),
    ).toEqual(["FILL(total, 0) - FILL(readonly, 0)", "FILL(total, 0) - FILL(readonly, 0)"]);
  });

  test("global-consensus: each region's key lets Aurora DSQL use it, for DSQL clusters of its own account and region only", () => {
    const global = Object.entries(out["global-consensus"]).find(([name]) => name.endsWith("-global"))![1] as {
      resource: Resources;
    };
    const clusters = Object.values(global.resource.aws_dsql_cluster!);
    for (const c of clusters) {
      const keyId = /aws_kms_key_policy\.([^.]+)\.key_id/.exec(c.kms_encryption_key)![1]!;
      const policy = JSON.parse(global.resource.aws_kms_key_policy![keyId]!.policy) as {
        Statement: { Principal?: { Service?: string }; Action: string | string[]; Condition?: any }[];
      };
      const dsql = policy.Statement.filter((st) => st.Principal?.Service === "dsql.amazonaws.com");
      expect(dsql.flatMap((st) => st.Action).sort()).toEqual(
        [
          "kms:Decrypt",
          "kms:DescribeKey",
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
        ].sort(),
      );
      const region = /^aws\.(.+)$/.exec(c.provider)![1]!;
      for (const st of dsql) {
        expect(st.Condition.ArnLike["aws:SourceArn"]).toMatch(new RegExp(`:dsql:${region}:.*:cluster/\\*$`));
        expect(st.Condition.StringEquals["aws:SourceAccount"]).toBeDefined();
      }
    }
  });
});
