import type { Blueprint } from "../../blueprint/model";
import { spannerInstanceName } from "../../core/datastore-names";
import {
  auroraClusterId,
  auroraGlobalClusterId,
  cloudSqlInstanceName,
  dynamoTableName,
  eventsTableName,
  regionalName,
  stackNames,
} from "../../core/names";
import { allRegions, failureModeHeader, kubectl, routingSteps } from "./common";
import { lagCommands } from "./data-tier";
import { RunbookWriter } from "./writer";

export function replicationLag(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "F2");
  const slo = b.slo.replicationLagSeconds;
  failureModeHeader(
    w,
    "F2",
    `The blueprint's objective is ${slo} s of replication lag (\`spec.slo.replicationLagSeconds\`). Above it, reads in the lagging region are stale, events arrive late or out of order, and a failover now would lose (or, for a single writer, wait for) the writes not yet replicated.`,
  );
  const regions = allRegions(w);

  w.h2("Measure");
  for (const n of regions) {
    const lines = lagCommands(w, n.region);
    if (lines.length === 0) continue;
    w.step({
      title: `Lag seen in ${n.region.region}`,
      run: lines,
      verify: [`# every value under ${slo} s (${slo * 1000} ms for CloudWatch milliseconds)`],
      undo: "nothing to undo: read only.",
    });
  }

  w.h2("Find the backlog");
  const health: string[] = [];
  const aws = b.database.engines.aws;
  const gcp = b.database.engines.gcp;
  const awsRegions = regions.filter((n) => n.region.cloud === "aws");
  const gcpRegions = regions.filter((n) => n.region.cloud === "gcp");
  const home = awsRegions.find((n) => n.region.primary) ?? awsRegions[0];
  if (aws === "aurora-postgresql" && home !== undefined) {
    const g = w.name("aurora-global-cluster", auroraGlobalClusterId(b), stackNames.global(b));
    health.push(
      `aws rds describe-global-clusters --region ${home.region.region} --global-cluster-identifier ${g} \\`,
      "  --query 'GlobalClusters[0].[Status,GlobalClusterMembers[].[DBClusterArn,IsWriter,SynchronizationStatus]]'",
      ...awsRegions.map(
        (n) =>
          `aws rds describe-db-clusters --region ${n.region.region} --db-cluster-identifier ${w.name("aurora-cluster", auroraClusterId(b, n.region), n.stack)} --query 'DBClusters[0].[Status,GlobalWriteForwardingStatus]'`,
      ),
    );
  }
  if ((aws === "dynamodb" || aws === "kinesis") && home !== undefined) {
    const table = w.name(
      "dynamodb-table",
      aws === "kinesis" ? eventsTableName(b) : dynamoTableName(b),
      stackNames.global(b),
    );
    health.push(
      `aws dynamodb describe-table --region ${home.region.region} --table-name ${table} \\`,
      "  --query 'Table.Replicas[].[RegionName,ReplicaStatus,ReplicaTableClassSummary.TableClass]' --output table",
      ...awsRegions.map(
        (n) =>
          `aws cloudwatch get-metric-statistics --region ${n.region.region} --namespace AWS/DynamoDB --metric-name ThrottledRequests --dimensions Name=TableName,Value=${table} Name=Operation,Value=PutItem --start-time $(date -u -d '-30 min' +%FT%TZ) --end-time $(date -u +%FT%TZ) --period 300 --statistics Sum`,
      ),
    );
  }
  if (aws === "kinesis") {
    for (const n of awsRegions) {
      const stream = w.name("kinesis-stream", `${regionalName(b, n.region)}-events`, n.stack);
      health.push(
        `aws kinesis describe-stream-summary --region ${n.region.region} --stream-name ${stream} --query 'StreamDescriptionSummary.[StreamStatus,OpenShardCount]'`,
      );
    }
  }
  if (gcp === "cloudsql-postgres") {
    for (const n of gcpRegions) {
      const i = w.name("cloudsql-instance", cloudSqlInstanceName(b, n.region), n.stack);
      health.push(
        `gcloud sql instances describe ${i} --project ${n.region.project} --format='value(state,instanceType,masterInstanceName,replicaConfiguration.failoverTarget)'`,
      );
    }
  }
  if (gcp === "spanner" && gcpRegions[0] !== undefined) {
    const i = w.name("spanner-instance", spannerInstanceName(b), stackNames.gcpGlobal(b));
    health.push(
      `gcloud spanner instances describe ${i} --project ${gcpRegions[0].region.project} --format='value(state,config,processingUnits)'`,
    );
  }
  if (health.length > 0) {
    w.step({
      title: "Check the replication topology and throttling",
      text: "A member that is not available, a replica that stopped replicating, or throttled writes explain a growing backlog; a burst of writes explains a backlog that drains on its own.",
      run: health,
      undo: "nothing to undo: read only.",
    });
  }
  w.step({
    title: "Check the write rate and the workloads in every region",
    text: "Lag that follows a write burst (a batch job, a retry storm after an incident) drains when the burst ends; throttle the source instead of the database.",
    run: regions.flatMap((n) => [`${kubectl(n)} get hpa`, `${kubectl(n)} top pods`]),
    undo: "nothing to undo: read only.",
  });

  w.h2("Relieve it");
  w.p(
    "Backpressure first: slow the writers (the app's own rate limits, pausing batch jobs), not the readers.",
    "If one region's reads are stale beyond what its users accept, take it out of routing until it catches up; with a single writer, never promote a member whose lag is above zero unless the writer is lost (writer switchover runbook).",
  );
  const lagging = b.regions.find((r) => !r.writer && !r.primary) ?? b.regions.at(-1)!;
  w.h3(`Example: take ${lagging.region} out while it catches up`);
  routingSteps(w, lagging, "out");
  w.p(
    `When the lag is back under ${slo} s everywhere, put the region back with ${w.link("region-failback")}.`,
    b.pattern === "event-sourced"
      ? "Consumers resume from their checkpoint and the idempotency store drops what they already applied: nothing to replay by hand while the stream retention (168 h) holds."
      : "",
  );
  return w;
}
