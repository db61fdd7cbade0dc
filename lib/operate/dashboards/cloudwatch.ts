import type { Blueprint, Region } from "../../blueprint/model";
import { regionalName } from "../../core/names";
import { num } from "./grafana-model";

/**
 * CloudWatch dashboards as plain data: one per AWS region (its load
 * balancer and datastore) and one for global routing (the Route 53 health
 * checks, us-east-1). Stacks pass the resources' references in and write the
 * body with `aws_cloudwatch_dashboard`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

/** `[namespace, metric, dimension, value, ..., options?]`, as the dashboard body spells a metric. */
export type MetricLine = readonly (string | Readonly<Record<string, string | number>>)[];

export interface MetricWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly stacked: false;
    readonly period: number;
    readonly stat: string;
    readonly metrics: readonly MetricLine[];
    readonly annotations?: {
      readonly horizontal: readonly { readonly label: string; readonly value: number }[];
    };
  };
}

export interface TextWidget {
  readonly type: "text";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: { readonly markdown: string };
}

export type Widget = MetricWidget | TextWidget;

export interface CloudWatchDashboardBody {
  readonly widgets: readonly Widget[];
}

export interface CloudWatchDashboard {
  /** The dashboard name: letters, digits, `-` and `_`. */
  readonly name: string;
  /** Where the dashboard is created and where its metrics are read. */
  readonly region: string;
  readonly body: CloudWatchDashboardBody;
}

/** What a region stack created, by reference (tokens are fine: the body is rendered in Terraform). */
export interface RegionDashboardResources {
  /** The ALB's `arn_suffix`: the `LoadBalancer` dimension. */
  readonly loadBalancerArnSuffix: string;
  /** The front workload's target group `arn_suffix`. @default - no target health widget */
  readonly targetGroupArnSuffix?: string;
  /** The region's Aurora cluster identifier. @default - no Aurora widgets */
  readonly auroraClusterIdentifier?: string;
  /** The global table and the regions its replica here replicates to. @default - no DynamoDB widget */
  readonly dynamoDb?: { readonly tableName: string; readonly receivingRegions: readonly string[] };
  /** event-sourced: this region's stream and dead-letter queue. @default - no event log widgets */
  readonly eventLog?: {
    readonly streamName: string;
    /** The registered enhanced fan-out consumer the region's workloads read as. */
    readonly consumerName: string;
    readonly deadLetterQueueName: string;
  };
}

/** A Route 53 health check of one routed endpoint, by reference. */
export interface RoutedHealthCheck {
  /** e.g. `aws-us-east-1`. */
  readonly key: string;
  readonly hostname: string;
  readonly healthCheckId: string;
}

/** The CloudWatch dashboard of an AWS region, e.g. `shop-aws-us-east-1`. */
export function regionDashboardName(b: Blueprint, r: Region): string {
  return regionalName(b, r);
}

/** The CloudWatch dashboard of the Route 53 health checks (us-east-1), e.g. `shop-routing`. */
export function routingDashboardName(b: Blueprint): string {
  return `${b.name}-routing`;
}

/** Widgets two per row, 12 columns wide and 6 high; a text widget takes a whole row. */
type WidgetSpec =
  | Omit<MetricWidget, "x" | "y" | "width" | "height">
  | Omit<TextWidget, "x" | "y" | "width" | "height">;

function layout(specs: readonly WidgetSpec[]): Widget[] {
  const out: Widget[] = [];
  let x = 0;
  let y = 0;
  for (const spec of specs) {
    const width = spec.type === "text" ? 24 : 12;
    const height = spec.type === "text" ? 2 : 6;
    if (x + width > 24) {
      x = 0;
      y += 6;
    }
    out.push({ ...spec, x, y, width, height } as Widget);
    x += width;
    if (spec.type === "text") {
      x = 0;
      y += height;
    }
  }
  return out;
}

function metric(
  title: string,
  region: string,
  stat: string,
  metrics: readonly MetricLine[],
  threshold?: { label: string; value: number },
): WidgetSpec {
  return {
    type: "metric",
    properties: {
      title,
      region,
      view: "timeSeries",
      stacked: false,
      period: 60,
      stat,
      metrics,
      ...(threshold !== undefined ? { annotations: { horizontal: [threshold] } } : {}),
    },
  };
}

/**
 * An AWS region's dashboard: the load balancer (requests, 5xx, p95 response
 * time against the SLO, healthy targets) and the region's half of the
 * datastore (Aurora global replication lag, DynamoDB replication latency per
 * receiving region, the event log's consumer lag and dead letters).
 */
export function regionDashboard(b: Blueprint, r: Region, res: RegionDashboardResources): CloudWatchDashboard {
  const region = r.region;
  const lb = ["LoadBalancer", res.loadBalancerArnSuffix] as const;
  const lagMs = num(b.slo.replicationLagSeconds * 1000);
  const widgets: WidgetSpec[] = [
    {
      type: "text",
      properties: {
        markdown: [
          `# ${b.name}: ${region}`,
          `Front door and datastore of ${r.key}. Route 53 health checks of every region: dashboard \`${routingDashboardName(b)}\` (us-east-1). Application SLOs: the Grafana dashboards in \`dist/dashboards/\`.`,
        ].join("\n\n"),
      },
    },
    metric("Requests (ALB)", region, "Sum", [["AWS/ApplicationELB", "RequestCount", ...lb]]),
    metric("5xx responses (ALB and targets)", region, "Sum", [
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...lb, { label: "from the pods" }],
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...lb, { label: "from the load balancer" }],
    ]),
    metric(
      "Response time p95 (ALB targets)",
      region,
      "p95",
      [["AWS/ApplicationELB", "TargetResponseTime", ...lb]],
      { label: `SLO ${b.slo.latencyP95Ms} ms`, value: num(b.slo.latencyP95Ms / 1000) },
    ),
  ];
  if (res.targetGroupArnSuffix !== undefined) {
    const tg = ["TargetGroup", res.targetGroupArnSuffix, ...lb] as const;
    widgets.push(
      metric("Targets (pods) behind the ALB", region, "Minimum", [
        ["AWS/ApplicationELB", "HealthyHostCount", ...tg, { label: "healthy" }],
        ["AWS/ApplicationELB", "UnHealthyHostCount", ...tg, { label: "unhealthy", stat: "Maximum" }],
      ]),
    );
  }
  if (res.auroraClusterIdentifier !== undefined) {
    const db = ["DBClusterIdentifier", res.auroraClusterIdentifier] as const;
    widgets.push(
      metric(
        "Aurora global replication lag",
        region,
        "Maximum",
        [["AWS/RDS", "AuroraGlobalDBReplicationLag", ...db]],
        { label: `SLO ${b.slo.replicationLagSeconds} s`, value: lagMs },
      ),
      metric("Aurora CPU and connections", region, "Average", [
        ["AWS/RDS", "CPUUtilization", ...db, { label: "CPU %" }],
        ["AWS/RDS", "DatabaseConnections", ...db, { label: "connections", stat: "Maximum" }],
      ]),
    );
  }
  if (res.dynamoDb !== undefined && res.dynamoDb.receivingRegions.length > 0) {
    const table = res.dynamoDb.tableName;
    widgets.push(
      metric(
        `DynamoDB replication latency of ${table}`,
        region,
        "Average",
        res.dynamoDb.receivingRegions.map(
          (to): MetricLine => [
            "AWS/DynamoDB",
            "ReplicationLatency",
            "TableName",
            table,
            "ReceivingRegion",
            to,
            { label: `to ${to}` },
          ],
        ),
        { label: `SLO ${b.slo.replicationLagSeconds} s`, value: lagMs },
      ),
    );
  }
  if (res.eventLog !== undefined) {
    widgets.push(
      metric(
        "Event log: consumer lag",
        region,
        "Maximum",
        [
          [
            "AWS/Kinesis",
            "SubscribeToShardEvent.MillisBehindLatest",
            "StreamName",
            res.eventLog.streamName,
            "ConsumerName",
            res.eventLog.consumerName,
          ],
        ],
        { label: `SLO ${b.slo.replicationLagSeconds} s`, value: lagMs },
      ),
      metric("Event log: dead letters", region, "Maximum", [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", res.eventLog.deadLetterQueueName],
      ]),
    );
  }
  return { name: regionDashboardName(b, r), region, body: { widgets: layout(widgets) } };
}

/**
 * The routing dashboard: each routed endpoint's Route 53 health check
 * (status, 1 = healthy, and the share of checkers that see it healthy).
 * Route 53 publishes these in us-east-1 only, so the dashboard lives there.
 */
export function routingDashboard(b: Blueprint, checks: readonly RoutedHealthCheck[]): CloudWatchDashboard {
  const widgets: WidgetSpec[] = [
    {
      type: "text",
      properties: {
        markdown: `# ${b.name}: routing\n\nRoute 53 health check of each region (${b.dns.healthCheck.intervalSeconds} s interval, ${b.dns.healthCheck.failureThreshold} failures to leave rotation; failover SLO ${b.slo.failoverSeconds} s).`,
      },
    },
    ...checks.map((c) =>
      metric(`${c.key}: ${c.hostname}`, "us-east-1", "Minimum", [
        [
          "AWS/Route53",
          "HealthCheckStatus",
          "HealthCheckId",
          c.healthCheckId,
          { label: "status (1 = healthy)" },
        ],
        [
          "AWS/Route53",
          "HealthCheckPercentageHealthy",
          "HealthCheckId",
          c.healthCheckId,
          { label: "% checkers healthy", stat: "Average", yAxis: "right" },
        ],
      ]),
    ),
  ];
  return { name: routingDashboardName(b), region: "us-east-1", body: { widgets: layout(widgets) } };
}

/** An Aurora DSQL peer cluster, by reference. */
export interface DsqlPeerCluster {
  readonly region: string;
  /** The cluster's `identifier` (it exists only after apply: a reference in the same stack). */
  readonly clusterId: string;
}

/** The CloudWatch dashboard of a global-consensus Aurora DSQL pair, e.g. `ledger-dsql`. */
export function dsqlDashboardName(b: Blueprint): string {
  return `${b.name}-dsql`;
}

/**
 * Aurora DSQL (global-consensus on AWS): per peer, commit latency (the
 * quorum's round trip, what the generated alarm watches) and write and
 * read-only transactions. Beside the clusters, in the global stack, in the
 * first peer's region; each widget reads its peer's region.
 */
export function dsqlDashboard(b: Blueprint, peers: readonly DsqlPeerCluster[]): CloudWatchDashboard {
  const widgets: WidgetSpec[] = [
    {
      type: "text",
      properties: {
        markdown: `# ${b.name}: Aurora DSQL\n\nEvery commit is acknowledged by the peers' quorum (${peers.map((p) => p.region).join(", ")} and the witness): commit latency is the cross-region round trip; no write transactions for minutes means the quorum is lost.`,
      },
    },
    ...peers.flatMap((p) => [
      metric(`${p.region}: commit latency`, p.region, "Average", [
        ["AWS/AuroraDSQL", "CommitLatency", "ClusterId", p.clusterId, { label: "average" }],
        ["AWS/AuroraDSQL", "CommitLatency", "ClusterId", p.clusterId, { label: "maximum", stat: "Maximum" }],
      ]),
      metric(`${p.region}: transactions`, p.region, "Sum", [
        ["AWS/AuroraDSQL", "TotalTransactions", "ClusterId", p.clusterId, { label: "all" }],
        ["AWS/AuroraDSQL", "ReadOnlyTransactions", "ClusterId", p.clusterId, { label: "read-only" }],
      ]),
    ]),
  ];
  return {
    name: dsqlDashboardName(b),
    region: peers[0]?.region ?? "us-east-1",
    body: { widgets: layout(widgets) },
  };
}
