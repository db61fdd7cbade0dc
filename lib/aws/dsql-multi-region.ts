import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DsqlCluster } from "@cdktf/provider-aws/lib/dsql-cluster";
import { DsqlClusterPeering } from "@cdktf/provider-aws/lib/dsql-cluster-peering";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import { describeWithRunbook } from "../operate/runbooks/links";

export interface DsqlPeer {
  readonly region: string;
  /** The aliased provider of `region`. */
  readonly provider: TerraformProvider;
  /** A customer managed key in `region`. */
  readonly kmsKeyArn: string;
  /** Alarm topic in `region` the cluster's alarms page through. */
  readonly alarmTopicArn: string;
}

export interface DsqlMultiRegionProps {
  /** Name prefix of the alarms, e.g. `ledger`. */
  readonly name: string;
  /** Exactly two peers in one DSQL region group. */
  readonly peers: readonly DsqlPeer[];
  /** The group's third region: keeps the transaction log for quorum, serves no endpoint. */
  readonly witnessRegion: string;
  /** Alarm when the p50 commit latency of a region stays above this. @default 100 */
  readonly commitLatencyThresholdMs?: number;
  /** The runbooks its alarms link to (`lib/operate/runbooks`). @default - no links */
  readonly runbookUrls?: { readonly commitLatency?: string; readonly noCommits?: string };
  /** Alarm when a peer commits no write for this many minutes. @default 5 */
  readonly quorumLossMinutes?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Extra tags on each cluster, e.g. its pattern. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An Aurora DSQL multi-region cluster: two peered clusters that commit
 * synchronously (every region writes, RPO zero) and a witness region for
 * quorum. Each cluster is encrypted with its region's key and has deletion
 * protection; endpoints take IAM authentication only. A CommitLatency alarm
 * per region is the "commit latency per region" signal of global-consensus.
 * Quorum and witness health: DSQL publishes no cluster status or witness
 * metric (and no status events), so each peer has an alarm when it commits no
 * write for `quorumLossMinutes`: a cluster that lost its quorum (the other
 * peer and the witness unreachable), or is not ACTIVE (IDLE when its key is
 * revoked), commits nothing, and the application contract keeps a heartbeat
 * write going in every region so that a healthy cluster never goes quiet.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/dsql_cluster
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/dsql_cluster_peering
 */
export class DsqlMultiRegion extends Construct {
  readonly clusters: DsqlCluster[];
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: DsqlMultiRegionProps) {
    super(scope, id);
    if (props.peers.length !== 2) {
      throw invalidProp(
        this,
        "peers: a DSQL multi-region cluster peers two regions",
        String(props.peers.length),
        "2",
      );
    }
    const minutes = props.quorumLossMinutes ?? 5;
    if (!Number.isInteger(minutes) || minutes < 1) {
      throw invalidProp(this, "quorumLossMinutes: whole minutes", String(minutes), "an integer of 1 or more");
    }
    if (props.peers.some((p) => p.region === props.witnessRegion)) {
      throw invalidProp(this, "witnessRegion: must not be a peer", props.witnessRegion, "a third region");
    }
    this.clusters = props.peers.map(
      (p) =>
        new DsqlCluster(this, `Cluster-${p.region}`, {
          provider: p.provider,
          deletionProtectionEnabled: props.deletionProtection ?? true,
          kmsEncryptionKey: p.kmsKeyArn,
          multiRegionProperties: [{ witnessRegion: props.witnessRegion }],
          ...(props.tags !== undefined ? { tags: { ...props.tags } } : {}),
        }),
    );
    props.peers.forEach((p, i) => {
      const other = this.clusters[1 - i]!;
      new DsqlClusterPeering(this, `Peering-${p.region}`, {
        provider: p.provider,
        identifier: this.clusters[i]!.identifier,
        clusters: [other.arn],
        witnessRegion: props.witnessRegion,
      });
      const thresholdMs = props.commitLatencyThresholdMs ?? 100;
      this.alarms.push(
        new CloudwatchMetricAlarm(this, `CommitLatency-${p.region}`, {
          provider: p.provider,
          alarmName: `${props.name}-${p.region}-dsql-commit-latency`,
          alarmDescription: describeWithRunbook(
            `Aurora DSQL commit latency in ${p.region} above ${thresholdMs} ms: the cross-region quorum is slow or degraded`,
            props.runbookUrls?.commitLatency,
          ),
          namespace: "AWS/AuroraDSQL",
          metricName: "CommitLatency",
          dimensions: { ClusterId: this.clusters[i]!.identifier },
          statistic: "Average",
          period: 60,
          evaluationPeriods: 5,
          threshold: thresholdMs,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [p.alarmTopicArn],
          okActions: [p.alarmTopicArn],
        }),
      );
      this.alarms.push(this.noCommitsAlarm(props, p, this.clusters[i]!.identifier));
    });
  }

  /** Write transactions (all minus read-only) per minute below 1, or no data at all, for quorumLossMinutes. */
  private noCommitsAlarm(props: DsqlMultiRegionProps, p: DsqlPeer, clusterId: string): CloudwatchMetricAlarm {
    const minutes = props.quorumLossMinutes ?? 5;
    const metric = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: {
        namespace: "AWS/AuroraDSQL",
        metricName,
        dimensions: { ClusterId: clusterId },
        period: 60,
        stat: "Sum",
      },
    });
    return new CloudwatchMetricAlarm(this, `NoCommits-${p.region}`, {
      provider: p.provider,
      alarmName: `${props.name}-${p.region}-dsql-no-commits`,
      alarmDescription: describeWithRunbook(
        `Aurora DSQL in ${p.region} committed no write for ${minutes} minutes: the cluster lost its quorum (peer and witness ${props.witnessRegion} unreachable) or is not ACTIVE`,
        props.runbookUrls?.noCommits,
      ),
      metricQuery: [
        metric("total", "TotalTransactions"),
        metric("readonly", "ReadOnlyTransactions"),
        {
          id: "writes",
          expression: "FILL(total, 0) - FILL(readonly, 0)",
          label: "write transactions",
          returnData: true,
        },
      ],
      evaluationPeriods: minutes,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      // No data is no commit: the heartbeat write of the app contract keeps a healthy cluster busy.
      treatMissingData: "breaching",
      alarmActions: [p.alarmTopicArn],
      okActions: [p.alarmTopicArn],
    });
  }
}
