import type { Blueprint } from "../../blueprint/model";
import { APP_METRICS, IDEMPOTENCY_KEY_HEADER } from "../../core/app-contract";
import {
  auroraGlobalClusterId,
  cloudSqlInstanceName,
  dynamoTableName,
  eventsTableName,
  regionalName,
  stackNames,
} from "../../core/names";
import { CRDT_CONTRACT } from "../../core/patterns";
import { alertsSection, allRegions, contextsSection } from "./common";
import { lagCommands } from "./data-tier";
import { RunbookWriter } from "./writer";

export function partitionReconciliation(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "partition-reconciliation");
  w.p(
    "After regions were cut apart (a partition, a lost region, a failover with data loss), make the data converge before you trust it: wait for replication, find what diverged, merge it by the pattern's rule, and only then return the fenced region.",
  );
  alertsSection(w);
  contextsSection(w);
  const regions = allRegions(w);

  w.h2("Let replication finish");
  for (const n of regions) {
    const lag = lagCommands(w, n.region);
    if (lag.length === 0) continue;
    w.step({
      title: `Replication into ${n.region.region} has drained`,
      run: lag,
      verify: [`# under ${b.slo.replicationLagSeconds} s and falling`],
      undo: "nothing to undo: read only.",
    });
  }

  w.h2("Find and merge what diverged");
  const aws = b.database.engines.aws;
  const gcp = b.database.engines.gcp;
  switch (b.pattern) {
    case "read-local-write-local":
    case "multi-master-crdt": {
      const home = b.regions.find((r) => r.cloud === "aws");
      if (home !== undefined && aws === "dynamodb") {
        const table = w.name("dynamodb-table", dynamoTableName(b), stackNames.global(b));
        w.step({
          title: `Every replica of \`${table}\` is active again`,
          run: [
            `aws dynamodb describe-table --region ${home.region} --table-name ${table} --query 'Table.Replicas[].[RegionName,ReplicaStatus]' --output table`,
          ],
          verify: ["# every replica ACTIVE"],
          undo: "nothing to undo: read only.",
        });
      }
      w.p(
        b.pattern === "multi-master-crdt"
          ? `Concurrent versions of an item carry \`${CRDT_CONTRACT.versionAttribute}\` and \`${CRDT_CONTRACT.vectorAttribute}\`: the app merges them on the next read or write, so no item is lost; what remains is to read the items written during the partition once (a sweep) so every one is merged, and watch \`${APP_METRICS.conflicts}\` return to its baseline.`
          : `The global table resolved every concurrent write by last-writer-wins: the losing write is gone from the table. The app's record of overwrites (\`${APP_METRICS.conflicts}\` counts them) and its write log are where the losing values are; re-apply those that matter under their ${IDEMPOTENCY_KEY_HEADER} so a value is never applied twice.`,
      );
      break;
    }
    case "event-sourced": {
      const log =
        aws === "kinesis"
          ? `\`${w.name("dynamodb-table", eventsTableName(b), stackNames.global(b))}\``
          : "of each region";
      w.p(
        `The log ${log} is append-only: nothing was overwritten, events from the cut-off region arrive when it returns. Consumers apply each event once (idempotency store), so the duplicates \`ActiveActiveDuplicateDeliveries\` counts are expected and dropped.`,
      );
      for (const n of regions.filter((x) => x.region.cloud === "aws" && aws === "kinesis")) {
        const stream = w.name("kinesis-stream", `${regionalName(b, n.region)}-events`, n.stack);
        w.step({
          title: `Consumers of \`${stream}\` caught up`,
          text: "If a consumer lost its checkpoint, restart it from TRIM_HORIZON: the idempotency store makes the replay safe within the stream's 168 h retention.",
          run: [
            `aws kinesis describe-stream-summary --region ${n.region.region} --stream-name ${stream} --query 'StreamDescriptionSummary.[StreamStatus,RetentionPeriodHours]'`,
          ],
          undo: "nothing to undo: read only.",
        });
      }
      break;
    }
    case "primary-per-shard": {
      w.p(
        "Each shard has one owner, so a shard diverges only if it was written outside its owner (misrouted writes) or by two writers (a promotion without fencing).",
        `Count the misrouted writes per region (\`${APP_METRICS.misroutedWrites}\`) over the partition; the app rejected them, so clients retried them against the owner under their ${IDEMPOTENCY_KEY_HEADER}.`,
      );
      if (aws === "aurora-postgresql") {
        const g = w.name("aurora-global-cluster", auroraGlobalClusterId(b), stackNames.global(b));
        const writer = b.regions.find((r) => r.cloud === "aws" && r.writer)!;
        w.step({
          title: `Writes \`${g}\` lost in a failover`,
          text: "An unplanned failover (`--allow-data-loss`) keeps a snapshot of the old writer: restore it to a new cluster and compare the rows written in the last lag-seconds before the failover.",
          run: [
            `aws rds describe-db-cluster-snapshots --region ${writer.region} --snapshot-type automated \\`,
            "  --query \"DBClusterSnapshots[?contains(DBClusterSnapshotIdentifier,'global-failover')].[DBClusterSnapshotIdentifier,SnapshotCreateTime]\" --output table",
          ],
          undo: "nothing to undo: read only.",
        });
      }
      if (gcp === "cloudsql-postgres") {
        const writer = b.regions.find((r) => r.cloud === "gcp" && r.writer)!;
        const i = w.name("cloudsql-instance", cloudSqlInstanceName(b, writer), stackNames.region(b, writer));
        w.step({
          title: `Writes the fenced Cloud SQL writer kept`,
          text: `The writer switchover runbook takes a backup of the old writer (\`${i}\` while it is the writer) before re-creating it: restore that backup into a scratch instance and compare.`,
          run: [`gcloud sql backups list --instance ${i} --project ${writer.project} --limit 5`],
          undo: "nothing to undo: read only.",
        });
      }
      break;
    }
    case "global-consensus":
      w.p(
        "Commits needed a quorum, so the side that was cut off did not commit anything: there is nothing to merge in the database. Clients whose commits failed retried them under their idempotency key; check the app's own queues for retries that gave up.",
      );
      break;
  }

  w.h2("Return the fenced region");
  w.p(
    `When the signals are back at their baseline, bring the region back with ${w.link("region-failback")}.`,
  );
  return w;
}
