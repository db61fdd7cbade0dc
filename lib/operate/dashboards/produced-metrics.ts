import { APP_METRICS, REQUEST_METRICS } from "../../core/app-contract";

/**
 * Every metric a generated dashboard may query, and what produces it. A
 * dashboard panel on a metric nobody produces is an empty graph that looks
 * like a healthy region, so this is the one list: test/operate/dashboards
 * checks every Grafana panel and every CloudWatch widget against it, and
 * checks each entry against what we generate (the workload contract, the
 * PrometheusRule, the Terraform resources). docs/operate.md#dashboards
 * prints it.
 */

/** Who produces a Prometheus metric. */
export type PrometheusSource =
  /** The workload on `/metrics`, scraped by its generated ServiceMonitor (docs/patterns.md, docs/k8s.md). */
  | "workload"
  /** A recording rule of the generated PrometheusRule `<blueprint>-slo`. */
  | "recording-rule"
  /** Prometheus itself, for the alert rules of the generated PrometheusRule. */
  | "prometheus"
  /** kube-state-metrics: a documented prerequisite (docs/operate.md#dashboards), as in kube-prometheus-stack. */
  | "kube-state-metrics";

export interface ProducedPrometheusMetric {
  readonly name: string;
  readonly source: PrometheusSource;
  readonly help: string;
}

/** The burn-rate windows of the generated recording rules (lib/k8s/slo-rules.ts records each). */
export const ERROR_RATIO_WINDOWS = ["5m", "30m", "1h", "6h"] as const;
export type ErrorRatioWindow = (typeof ERROR_RATIO_WINDOWS)[number];

/** The recording rule of the 5xx share of requests over a window, per service. */
export function errorRatioRecord(window: ErrorRatioWindow): string {
  return `activeactive:http_errors:ratio_rate${window}`;
}

/** The request metrics every workload exposes (the app contract; the SLO rules read them). */
export const HTTP_METRICS = REQUEST_METRICS;

/**
 * The kube-state-metrics series the dashboards read. kube-state-metrics is a
 * prerequisite of the on-call and debug dashboards (kube-prometheus-stack
 * installs it); without it those panels say "No data".
 */
export const KUBE_STATE_METRICS = [
  "kube_deployment_spec_replicas",
  "kube_deployment_status_replicas_updated",
  "kube_deployment_status_replicas_available",
  "kube_deployment_metadata_generation",
  "kube_deployment_status_observed_generation",
  "kube_pod_status_phase",
  "kube_pod_status_ready",
  "kube_pod_container_status_restarts_total",
  "kube_node_info",
  "kube_node_status_condition",
] as const;

const APP_HELP: Partial<Record<keyof typeof APP_METRICS, string>> = {
  conflicts: "M4: writes that replaced a concurrent write from another region",
  writes: "M4 denominator: writes applied",
  convergence: "M5: seconds until a write elsewhere is visible here (histogram)",
  staleReadAge: "M9: age of the newest probe value from another region",
  misroutedWrites: "writes that reached a region not owning their shard",
  duplicateDeliveries: "deliveries dropped by the idempotency store",
};

/** The Prometheus metrics the generated output produces, by name. */
export const PROMETHEUS_METRICS: readonly ProducedPrometheusMetric[] = [
  { name: HTTP_METRICS.requests, source: "workload", help: "requests by status code (M1, M2, M6)" },
  { name: HTTP_METRICS.durationBuckets, source: "workload", help: "request duration histogram (M8)" },
  ...(Object.keys(APP_METRICS) as (keyof typeof APP_METRICS)[]).map(
    (k): ProducedPrometheusMetric => ({
      // The convergence histogram is queried through its buckets.
      name: k === "convergence" ? `${APP_METRICS[k]}_bucket` : APP_METRICS[k],
      source: "workload",
      help: APP_HELP[k] ?? "application contract metric (docs/patterns.md)",
    }),
  ),
  ...ERROR_RATIO_WINDOWS.map(
    (w): ProducedPrometheusMetric => ({
      name: errorRatioRecord(w),
      source: "recording-rule",
      help: `5xx share of requests over ${w}, per service`,
    }),
  ),
  { name: "ALERTS", source: "prometheus", help: "the generated alerts, pending or firing" },
  ...KUBE_STATE_METRICS.map(
    (name): ProducedPrometheusMetric => ({ name, source: "kube-state-metrics", help: "cluster state" }),
  ),
];

/** A dimension of a CloudWatch metric and the resource attribute that gives its value. */
export interface DimensionSource {
  /** The Terraform resource type whose attribute is the value, e.g. `aws_lb`. */
  readonly resource: string;
  /** Its attribute, e.g. `arn_suffix`. */
  readonly attribute: string;
}

/** A CloudWatch metric namespace a resource we create publishes, and the metrics we graph from it. */
export interface ProducedCloudWatchMetrics {
  readonly namespace: string;
  readonly metrics: readonly string[];
  /** Every dimension the widgets set, and where its value comes from. */
  readonly dimensions: Readonly<Record<string, DimensionSource | "replica-region">>;
  /** Where the metrics are published: the resource's region, or always us-east-1 (Route 53). */
  readonly region: "resource" | "us-east-1";
}

/** The CloudWatch metrics of resources the AWS stacks create, by namespace and dimension set. */
export const CLOUDWATCH_METRICS: readonly ProducedCloudWatchMetrics[] = [
  {
    namespace: "AWS/ApplicationELB",
    metrics: ["RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count", "TargetResponseTime"],
    dimensions: { LoadBalancer: { resource: "aws_lb", attribute: "arn_suffix" } },
    region: "resource",
  },
  {
    namespace: "AWS/ApplicationELB",
    metrics: ["HealthyHostCount", "UnHealthyHostCount"],
    dimensions: {
      TargetGroup: { resource: "aws_lb_target_group", attribute: "arn_suffix" },
      LoadBalancer: { resource: "aws_lb", attribute: "arn_suffix" },
    },
    region: "resource",
  },
  {
    namespace: "AWS/Route53",
    metrics: ["HealthCheckStatus", "HealthCheckPercentageHealthy"],
    dimensions: { HealthCheckId: { resource: "aws_route53_health_check", attribute: "id" } },
    region: "us-east-1",
  },
  {
    namespace: "AWS/RDS",
    metrics: ["AuroraGlobalDBReplicationLag", "CPUUtilization", "DatabaseConnections"],
    dimensions: { DBClusterIdentifier: { resource: "aws_rds_cluster", attribute: "cluster_identifier" } },
    region: "resource",
  },
  {
    namespace: "AWS/AuroraDSQL",
    metrics: ["CommitLatency", "TotalTransactions", "ReadOnlyTransactions"],
    dimensions: { ClusterId: { resource: "aws_dsql_cluster", attribute: "identifier" } },
    region: "resource",
  },
  {
    namespace: "AWS/DynamoDB",
    metrics: ["ReplicationLatency"],
    dimensions: {
      TableName: { resource: "aws_dynamodb_table", attribute: "name" },
      ReceivingRegion: "replica-region",
    },
    region: "resource",
  },
  {
    namespace: "AWS/Kinesis",
    metrics: ["IncomingRecords"],
    dimensions: { StreamName: { resource: "aws_kinesis_stream", attribute: "name" } },
    region: "resource",
  },
  {
    // The registered enhanced fan-out consumer's lag (it emits no GetRecords metrics).
    namespace: "AWS/Kinesis",
    metrics: ["SubscribeToShardEvent.MillisBehindLatest"],
    dimensions: {
      StreamName: { resource: "aws_kinesis_stream", attribute: "name" },
      ConsumerName: { resource: "aws_kinesis_stream_consumer", attribute: "name" },
    },
    region: "resource",
  },
  {
    namespace: "AWS/SQS",
    metrics: ["ApproximateNumberOfMessagesVisible"],
    dimensions: { QueueName: { resource: "aws_sqs_queue", attribute: "name" } },
    region: "resource",
  },
];

/** The produced CloudWatch entry for a namespace, metric and dimension names, if any. */
export function producedCloudWatchMetric(
  namespace: string,
  metric: string,
  dimensionNames: readonly string[],
): ProducedCloudWatchMetrics | undefined {
  const names = [...dimensionNames].sort().join(",");
  return CLOUDWATCH_METRICS.find(
    (m) =>
      m.namespace === namespace &&
      m.metrics.includes(metric) &&
      Object.keys(m.dimensions).sort().join(",") === names,
  );
}

/**
 * A Google Cloud Monitoring metric a resource the gcp region stacks create
 * publishes (Google-managed: nothing to install), and what the queries filter it by.
 */
export interface ProducedCloudMonitoringMetric {
  readonly metricType: string;
  /** The monitored resource type it is written against. */
  readonly resourceType: string;
  /** The Terraform resource that makes Google publish it. */
  readonly resource: string;
  /** Only on instances of that resource with this argument set (e.g. a replica's primary). @default - every one */
  readonly onlyWith?: string;
  /** Every resource label the queries filter on, and how its value is formed from the resource's arguments. */
  readonly labels: Readonly<Record<string, string>>;
  /** The metric's unit, as Cloud Monitoring reports it. */
  readonly unit: "s";
}

/** The Cloud Monitoring metrics of resources the gcp region stacks create. */
export const CLOUD_MONITORING_METRICS: readonly ProducedCloudMonitoringMetric[] = [
  {
    // Seconds a cross-region read replica is behind its primary; a primary writes none.
    metricType: "cloudsql.googleapis.com/database/replication/replica_lag",
    resourceType: "cloudsql_database",
    resource: "google_sql_database_instance",
    onlyWith: "master_instance_name",
    labels: { "resource.label.database_id": "<project>:<name>" },
    unit: "s",
  },
];
