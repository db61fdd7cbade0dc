import type { Blueprint, Region } from "../../blueprint/model";
import {
  bigtableInstanceName,
  pubsubSubscriptionName,
  spannerInstanceName,
} from "../../core/datastore-names";
import {
  auroraClusterId,
  auroraGlobalClusterId,
  cloudSqlInstanceName,
  dynamoTableName,
  eventsTableName,
  regionalName,
  stackNames,
} from "../../core/names";
import { PATTERN_TABLE } from "../../core/patterns";
import type { RunbookWriter } from "./writer";

/** Engines with one writer that a switchover or failover moves (as lib/blueprint/writer-checks.ts). */
export function singleWriterClouds(b: Blueprint): ("aws" | "gcp")[] {
  return (["aws", "gcp"] as const).filter((c) => {
    const e = b.database.engines[c];
    return (
      (e === "aurora-postgresql" || e === "cloudsql-postgres") &&
      b.regions.filter((r) => r.cloud === c).length > 1
    );
  });
}

/** The writer region of a cloud's single-writer engine. */
export function writerOf(b: Blueprint, cloud: "aws" | "gcp"): Region | undefined {
  return b.regions.find((r) => r.cloud === cloud && r.writer);
}

const SINCE = "$(date -u -d '-30 min' +%FT%TZ)";
const NOW = "$(date -u +%FT%TZ)";

/** A CloudWatch metric read for the last 30 minutes, per minute. */
function cloudwatch(region: string, namespace: string, metric: string, dims: string, stat: string): string[] {
  return [
    `aws cloudwatch get-metric-statistics --region ${region} --namespace ${namespace} --metric-name ${metric} \\`,
    `  --dimensions ${dims} --start-time ${SINCE} --end-time ${NOW} --period 60 --statistics ${stat} \\`,
    "  --query 'sort_by(Datapoints,&Timestamp)[-5:]' --output table",
  ];
}

/** A Cloud Monitoring time series read for the last 30 minutes (the API: gcloud has no reader). */
export function cloudMonitoring(project: string, filter: string): string[] {
  return [
    `curl -s -H "Authorization: Bearer $(gcloud auth print-access-token)" -G \\`,
    `  "https://monitoring.googleapis.com/v3/projects/${project}/timeSeries" \\`,
    `  --data-urlencode 'filter=${filter}' \\`,
    `  --data-urlencode "interval.startTime=${SINCE}" --data-urlencode "interval.endTime=${NOW}" \\`,
    "  | jq '.timeSeries[] | {resource: .resource.labels, latest: .points[0]}'",
  ];
}

/** The lag (or its stand-in for the engine) as seen in one region, with the resource names recorded. */
export function lagCommands(w: RunbookWriter, r: Region): string[] {
  const b = w.blueprint;
  const engine = b.database.engines[r.cloud];
  const stack = stackNames.region(b, r);
  const others = b.regions.filter((o) => o.cloud === r.cloud && o.key !== r.key);
  switch (engine) {
    case "aurora-postgresql": {
      const id = w.name("aurora-cluster", auroraClusterId(b, r), stack);
      return cloudwatch(
        r.region,
        "AWS/RDS",
        "AuroraGlobalDBReplicationLag",
        `Name=DBClusterIdentifier,Value=${id}`,
        "Maximum",
      );
    }
    case "dynamodb":
    case "kinesis": {
      const table = w.name(
        "dynamodb-table",
        engine === "kinesis" ? eventsTableName(b) : dynamoTableName(b),
        stackNames.global(b),
      );
      const lines = others.flatMap((o) =>
        cloudwatch(
          r.region,
          "AWS/DynamoDB",
          "ReplicationLatency",
          `Name=TableName,Value=${table} Name=ReceivingRegion,Value=${o.region}`,
          "Average",
        ),
      );
      if (engine === "kinesis") {
        const stream = w.name("kinesis-stream", `${regionalName(b, r)}-events`, stack);
        lines.push(
          ...cloudwatch(
            r.region,
            "AWS/Kinesis",
            "GetRecords.IteratorAgeMilliseconds",
            `Name=StreamName,Value=${stream}`,
            "Maximum",
          ),
        );
      }
      return lines;
    }
    case "aurora-dsql": {
      const tag = w.name("dsql-cluster-tag", `service=${b.tags.service}`, stackNames.global(b));
      return [
        `# The DSQL clusters are unnamed: find this region's by its ${tag} tag`,
        `aws dsql list-clusters --region ${r.region} --query 'clusters[].arn' --output text \\`,
        `  | xargs -n1 -I{} aws resourcegroupstaggingapi get-resources --region ${r.region} --resource-arn-list {} \\`,
        `      --tag-filters Key=service,Values=${b.tags.service} --query 'ResourceTagMappingList[].ResourceARN' --output text`,
        ...cloudwatch(
          r.region,
          "AWS/AuroraDSQL",
          "CommitLatency",
          "Name=ClusterId,Value=<cluster id>",
          "Average",
        ),
      ];
    }
    case "cloudsql-postgres": {
      const instance = w.name("cloudsql-instance", cloudSqlInstanceName(b, r), stack);
      return cloudMonitoring(
        r.project!,
        `metric.type="cloudsql.googleapis.com/database/replication/replica_lag" AND resource.labels.database_id="${r.project}:${instance}"`,
      );
    }
    case "spanner": {
      const instance = w.name("spanner-instance", spannerInstanceName(b), stackNames.gcpGlobal(b));
      return cloudMonitoring(
        r.project!,
        `metric.type="spanner.googleapis.com/api/request_latencies" AND resource.labels.instance_id="${instance}" AND metric.labels.method="Commit"`,
      );
    }
    case "bigtable": {
      const instance = bigtableInstanceName(b);
      return cloudMonitoring(
        r.project!,
        `metric.type="bigtable.googleapis.com/replication/max_delay" AND resource.labels.instance="${instance}"`,
      );
    }
    case "pubsub": {
      const sub = w.name("pubsub-subscription", pubsubSubscriptionName(b, r), stackNames.gcpGlobal(b));
      return cloudMonitoring(
        r.project!,
        `metric.type="pubsub.googleapis.com/subscription/oldest_unacked_message_age" AND resource.labels.subscription_id="${sub}"`,
      );
    }
    default:
      return [];
  }
}

/** What the loss of a region means for writes, per the pattern and the engine, and what to run. */
export function regionLossData(w: RunbookWriter, r: Region): string {
  const b = w.blueprint;
  const engine = b.database.engines[r.cloud];
  const row = PATTERN_TABLE[b.pattern];
  const base = `Pattern \`${b.pattern}\`: writes go to ${row.writes}. What the pattern catalogue promises when a region is lost: data loss (RPO) ${row.regionLoss.rpo}; writes: ${row.regionLoss.writeAvailability}.`;
  switch (engine) {
    case "aurora-postgresql": {
      const g = w.name("aurora-global-cluster", auroraGlobalClusterId(b), stackNames.global(b));
      return r.writer
        ? `${base} ${r.region} holds the writer of \`${g}\`: writes stop in every aws region until the writer moves. Run ${w.link("writer-switchover")} (section B, emergency failover) once the region is out of routing and fenced (the step above).`
        : `${base} ${r.region} holds a secondary of \`${g}\`: the writer and the other members keep writing; nothing to do on the data tier.`;
    }
    case "cloudsql-postgres": {
      const i = w.name("cloudsql-instance", cloudSqlInstanceName(b, r), stackNames.region(b, r));
      return r.writer
        ? `${base} ${r.region} holds the Cloud SQL writer \`${i}\`: gcp writes stop until a replica is promoted. Run ${w.link("writer-switchover")}: fence \`${i}\` first, then promote.`
        : `${base} ${r.region} holds the read replica \`${i}\`: the writer keeps writing; nothing to do on the data tier.`;
    }
    case "dynamodb":
    case "kinesis":
      return `${base} The global table keeps accepting writes in every other region; items written in ${r.region} and not yet replicated arrive when it returns (last writer wins). After fail-back, run ${w.link("partition-reconciliation")}.`;
    case "aurora-dsql":
      return `${base} The other peer keeps committing with the witness region as long as the two of them form the quorum; nothing to run. Commits stop if a second region of the group is lost.`;
    case "spanner":
      return `${base} Spanner keeps committing while a majority of the instance configuration's voting replicas remains; nothing to run. If ${r.region} held the default leader, Spanner elects another one.`;
    case "bigtable":
    case "pubsub":
      return `${base} Every other region keeps writing; nothing to run on the data tier. After fail-back, run ${w.link("partition-reconciliation")}.`;
    default:
      return base;
  }
}
