/**
 * The application contract: what a workload must expose and honour so the
 * platform's signals and routing work, per pattern. The region ConfigMap
 * carries it (`ACTIVEACTIVE_*` keys), the PrometheusRule alerts read these
 * metric names, and docs/patterns.md states it (a test keeps them equal).
 */

/** The header a client sets so a retried or redelivered write is applied once (IETF httpapi draft). */
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

/** The Kubernetes label and cloud tag naming the blueprint's pattern on every object the synth writes. */
export const PATTERN_LABEL = "activeactive.dev/pattern";

/** Metrics the workload exposes on `/metrics`, by the field guide's signal id. */
export const APP_METRICS = {
  /** M4: counter of writes this region applied that replaced a concurrent write from another region. */
  conflicts: "activeactive_write_conflicts_total",
  /** M4 denominator: counter of writes this region applied. */
  writes: "activeactive_writes_total",
  /** M5: histogram of seconds from a write (or append) elsewhere until it is visible here. */
  convergence: "activeactive_convergence_seconds",
  /** M9: gauge, age in seconds of the newest probe value another region wrote, as read here. */
  staleReadAge: "activeactive_stale_read_probe_age_seconds",
  /** Primary-per-shard: counter of writes that reached a region which does not own their shard. */
  misroutedWrites: "activeactive_misrouted_writes_total",
  /** Event-sourced: counter of deliveries dropped because their idempotency key was already applied. */
  duplicateDeliveries: "activeactive_duplicate_deliveries_total",
} as const;
export type AppMetric = keyof typeof APP_METRICS;

/**
 * multi-master-crdt's versioned-item contract: every region writes only
 * its own copy of an item, under a key ending in `#<region>`, and a reader
 * merges the copies of every region with the CRDT. No two regions ever write
 * the same item, so replication never lets one region's write overwrite
 * another's (DynamoDB global tables and Bigtable replication are
 * last-writer-wins per item/cell); the merge happens in the app, on read.
 */
export const CRDT_ITEM = {
  /** Between the item's key and the region that wrote that copy. */
  separator: "#",
  /** DynamoDB: the table's partition key attribute (the item's key, e.g. the cart id). */
  dynamodbPartitionKey: "pk",
  /** DynamoDB: the table's sort key attribute, `<key>#<region>`. */
  dynamodbSortKey: "sk",
} as const;

/**
 * The layout of one region's copies of an item: DynamoDB partition key
 * `pk = <key>`, sort key `sk = <key>#<region>` (a Query on `pk` returns
 * every region's copy); Bigtable row key `<key>#<region>` (a prefix scan on
 * `<key>#` returns them). `<key>` is the app's item key.
 */
export function crdtItemLayout(engine: "dynamodb" | "bigtable", region: string): string {
  const suffix = `${CRDT_ITEM.separator}${region}`;
  return engine === "dynamodb"
    ? `${CRDT_ITEM.dynamodbPartitionKey}=<key>,${CRDT_ITEM.dynamodbSortKey}=<key>${suffix}`
    : `row=<key>${suffix}`;
}

/**
 * Request metrics every workload exposes on `/metrics` (the usual Prometheus
 * client names, docs/k8s.md), which the SLO rules read. With APP_METRICS these
 * are every metric a generated PrometheusRule may read.
 */
export const REQUEST_METRICS = {
  /** Counter with a `code` label. */
  requests: "http_requests_total",
  /** Histogram buckets of request duration in seconds. */
  durationBuckets: "http_request_duration_seconds_bucket",
} as const;

/** The five patterns, as `spec.pattern` spells them. */
export type PatternName =
  | "read-local-write-local"
  | "primary-per-shard"
  | "multi-master-crdt"
  | "event-sourced"
  | "global-consensus";

export interface PatternContract {
  /** The metrics the app must expose for this pattern's alerts. */
  readonly metrics: readonly AppMetric[];
  /** Whether writes must carry the idempotency key. */
  readonly idempotencyKey: boolean;
  /** What the application must do, one sentence each. */
  readonly app: readonly string[];
  /** What the platform generates, one sentence each. */
  readonly platform: readonly string[];
}

export const PATTERN_CONTRACTS: Readonly<Record<PatternName, PatternContract>> = {
  "read-local-write-local": {
    metrics: ["writes", "conflicts", "staleReadAge"],
    idempotencyKey: true,
    app: [
      "Write to the local datastore; the last writer wins, so count every write that replaced a concurrent one.",
      "Write a probe item every few seconds and report the age of the newest probe from each other region.",
      "Make writes idempotent under the idempotency key: a retry in another region must not apply twice.",
    ],
    platform: [
      "Replicates every write to every region and alarms on replication lag per replica.",
      "Alerts on the conflict/overwrite rate (M4) and on stale reads (M9) from the metrics above.",
    ],
  },
  "multi-master-crdt": {
    metrics: ["writes", "conflicts", "convergence"],
    idempotencyKey: true,
    app: [
      "Write only this region's copy of an item, the key ending in ACTIVEACTIVE_ITEM_REGION_SUFFIX (ACTIVEACTIVE_ITEM_LAYOUT); never write another region's copy.",
      "Read every region's copy of the item (a Query on the partition key, or a row prefix scan) and merge them with a CRDT; never drop one silently.",
      "Count merges of concurrent versions as conflicts, and observe the time until a remote write is merged here.",
      "Make writes idempotent under the idempotency key.",
    ],
    platform: [
      "Gives each region its item layout and region suffix, on a table keyed for it (DynamoDB: partition key pk, sort key sk).",
      "Replicates every write to every region and alarms on replication lag per replica.",
      "Alerts on the conflict rate (M4) and the convergence time (M5) from the metrics above.",
    ],
  },
  "primary-per-shard": {
    metrics: ["writes", "misroutedWrites"],
    idempotencyKey: true,
    app: [
      "Put the shard key in the shard header of every request for a shard's data.",
      "Serve reads of any shard from this region's datastore (a replica may lag its owner by the replication lag); follow a 302 from an AWS front door (a shard of another cloud, no copy here).",
      "On 421 from an AWS front door, send the request again, unchanged, to the owner URL in the response body (an ALB can only redirect with 301/302, which clients turn into GET).",
      "Accept a write only for a shard in ACTIVEACTIVE_OWNED_SHARDS (`*`: every key, in every region when there are no owners); count and reject any other write as misrouted. ACTIVEACTIVE_WRITE_PATH says how an accepted write reaches the datastore: `local`, or `forwarded` (the engine carries it to the writer region, e.g. Aurora write forwarding); a forwarded write is accepted, not misrouted.",
      "Make writes idempotent under the idempotency key: a forwarded retry must not apply twice.",
    ],
    platform: [
      "Sends a write carrying the shard header of another region's shard to the owner before it reaches a pod: an AWS ALB answers 421 with the owner URL and serves reads (GET, HEAD, OPTIONS) here when this region replicates the owner, else answers 302 (GET, HEAD); Google Cloud forwards the request or answers 307, reads included.",
      "Keeps a cross-region standby per writer, alarms on lag on every member, and alerts on misrouted writes.",
    ],
  },
  "event-sourced": {
    metrics: ["convergence", "duplicateDeliveries"],
    idempotencyKey: true,
    app: [
      "Write events, with an idempotency key, to the events table (AWS: this region's replica of the DynamoDB log, which streams into Kinesis; never put to the stream) or the Pub/Sub topic; consumers apply each key once through the idempotency store.",
      "Consume this region's copy of the log through this region's consumer: on AWS with the Kinesis Client Library through the enhanced fan-out consumer, sharing shards between pods through the lease table (EVENT_CONSUMER_LEASE_TABLE, also the KCL application name); on Google Cloud through the region's Pub/Sub subscription. Park an event you cannot apply in the dead-letter queue.",
      "Observe the time from append elsewhere to apply here, and count duplicate deliveries dropped.",
    ],
    platform: [
      "Replicates the event log between regions and registers one consumer per region, with a pre-created KCL lease table on AWS, which the region's workloads may read and nothing else.",
      "Alarms on that consumer's lag and on the dead-letter queue's depth, and alerts on the convergence time (M5) and on duplicate deliveries from the metrics above.",
    ],
  },
  "global-consensus": {
    metrics: ["writes"],
    idempotencyKey: true,
    app: [
      "Write in any region; commits are synchronous, so retry a failed commit under the same idempotency key.",
      "Commit a heartbeat write in every region at least once a minute, so that a region whose datastore commits nothing has lost its quorum, not its traffic.",
    ],
    platform: [
      "Runs a multi-region datastore that commits synchronously across regions (no conflicts, no replication lag to watch).",
      "Alarms on each region's commit latency; on Aurora DSQL also on a region that commits no write for five minutes (quorum or witness lost, or the cluster not ACTIVE).",
    ],
  },
};
