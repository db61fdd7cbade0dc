import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { Blueprint, Region } from "../blueprint/model";
import { ownedShards } from "../blueprint/shard-routing";
import { SINGLE_WRITER_ENGINES } from "../blueprint/writer-checks";
import {
  APP_METRICS,
  CRDT_ITEM,
  crdtItemLayout,
  IDEMPOTENCY_KEY_HEADER,
  PATTERN_CONTRACTS,
} from "../core/app-contract";
import { workloadNamespace } from "../core/names";

type RuleGroup = NonNullable<IPrometheusRule["spec"]["groups"]>[number];
type Rule = NonNullable<RuleGroup["rules"]>[number];

/**
 * Share of writes that may replace a concurrent write before M4 alerts: above
 * it, last-writer-wins is losing data users notice (field guide, M4).
 */
export const CONFLICT_RATIO_THRESHOLD = 0.01;

/** What a region's datastore lets this region do with writes. */
export function writeRole(b: Blueprint, r: Region): "writer" | "forwarder" {
  const engine = b.database.engines[r.cloud];
  return engine !== undefined && SINGLE_WRITER_ENGINES.includes(engine) && !r.writer ? "forwarder" : "writer";
}

/**
 * How a write this region accepts reaches the datastore: `local` (this
 * region's datastore takes it) or `forwarded` (a single-writer engine carries
 * it to the writer region: Aurora write forwarding, the Cloud SQL writer).
 */
export function writePath(b: Blueprint, r: Region): "local" | "forwarded" {
  return writeRole(b, r) === "writer" ? "local" : "forwarded";
}

/**
 * The application contract of one region, as the `ACTIVEACTIVE_*` keys of the
 * region ConfigMap (REGION and CLOUD are there already): the pattern, this
 * region's write role, the writer region (single-writer engines only: on a
 * multi-writer engine every region writes, and naming one would invite apps
 * to route writes there), the shards whose writes it accepts and their write
 * path (primary-per-shard; `*` in every region when there is one shard), the
 * item layout and region
 * suffix (multi-master-crdt), the idempotency key header, and the metric
 * names the pattern's alerts read.
 */
export function contractEnv(b: Blueprint, r: Region): Record<string, string> {
  const contract = PATTERN_CONTRACTS[b.pattern];
  const writer = b.regions.find((x) => x.cloud === r.cloud && x.writer) ?? r;
  const engine = b.database.engines[r.cloud];
  const env: Record<string, string> = {
    ACTIVEACTIVE_PATTERN: b.pattern,
    ACTIVEACTIVE_ROLE: writeRole(b, r),
    ...(engine !== undefined && SINGLE_WRITER_ENGINES.includes(engine)
      ? { ACTIVEACTIVE_WRITER_REGION: writer.region }
      : {}),
    ACTIVEACTIVE_IDEMPOTENCY_HEADER: IDEMPOTENCY_KEY_HEADER,
  };
  if (b.pattern === "primary-per-shard") {
    env.ACTIVEACTIVE_SHARD_HEADER = b.sharding.header;
    env.ACTIVEACTIVE_OWNED_SHARDS = ownedShards(b, r).join(",");
    env.ACTIVEACTIVE_WRITE_PATH = writePath(b, r);
  }
  if (b.pattern === "multi-master-crdt" && (engine === "dynamodb" || engine === "bigtable")) {
    env.ACTIVEACTIVE_ITEM_LAYOUT = crdtItemLayout(engine, r.region);
    env.ACTIVEACTIVE_ITEM_REGION_SUFFIX = `${CRDT_ITEM.separator}${r.region}`;
    // Whose copies a reader merges: the regions the cloud's datastore replicates between.
    env.ACTIVEACTIVE_ITEM_REGIONS = b.regions
      .filter((x) => x.cloud === r.cloud)
      .map((x) => x.region)
      .join(",");
  }
  for (const m of contract.metrics) env[`ACTIVEACTIVE_METRIC_${snake(m)}`] = APP_METRICS[m];
  return env;
}

/**
 * Alert rules on the pattern's application signals (M4 conflict rate, M5
 * convergence, M9 stale reads, misrouted writes, duplicate deliveries), each
 * reading exactly the metric names of `contractEnv`, plus one alert per
 * metric when it is not scraped. The same in every region.
 */
export function patternSignalRules(
  b: Blueprint,
  labels: (severity: string, signal: string) => Record<string, string>,
): RuleGroup | undefined {
  const ns = `namespace="${workloadNamespace(b)}"`;
  const lag = b.slo.replicationLagSeconds;
  const metrics = PATTERN_CONTRACTS[b.pattern].metrics;
  const rules: Rule[] = [];
  if (metrics.includes("conflicts")) {
    rules.push({
      alert: "ActiveActiveWriteConflictRateHigh",
      expr:
        `sum(rate(${APP_METRICS.conflicts}{${ns}}[10m]))\n/\n` +
        `sum(rate(${APP_METRICS.writes}{${ns}}[10m])) > ${CONFLICT_RATIO_THRESHOLD}`,
      for: "10m",
      labels: labels("warning", "M4"),
      annotations: {
        summary: `more than ${CONFLICT_RATIO_THRESHOLD * 100}% of writes replace a concurrent write (M4)`,
        description:
          "Concurrent writes to the same items from several regions: {{ $value | humanizePercentage }}.",
      },
    });
  }
  if (metrics.includes("convergence")) {
    rules.push({
      alert: "ActiveActiveConvergenceSlow",
      expr: `histogram_quantile(0.99, sum by (le) (rate(${APP_METRICS.convergence}_bucket{${ns}}[10m]))) > ${lag}`,
      for: "10m",
      labels: labels("critical", "M5"),
      annotations: {
        summary: `p99 convergence time above ${lag}s (M5)`,
        description: "Writes from other regions take {{ $value | humanizeDuration }} to be visible here.",
      },
    });
  }
  if (metrics.includes("staleReadAge")) {
    rules.push({
      alert: "ActiveActiveStaleReads",
      expr: `max(${APP_METRICS.staleReadAge}{${ns}}) > ${lag}`,
      for: "5m",
      labels: labels("critical", "M9"),
      annotations: {
        summary: `the stale-read probe reads data older than ${lag}s (M9)`,
        description: "Reads here return another region's probe {{ $value | humanizeDuration }} late.",
      },
    });
  }
  if (metrics.includes("misroutedWrites")) {
    rules.push({
      alert: "ActiveActiveMisroutedWrites",
      expr: `sum(rate(${APP_METRICS.misroutedWrites}{${ns}}[5m])) > 0`,
      for: "5m",
      labels: labels("warning", "misrouted-writes"),
      annotations: {
        summary: "writes reach a region that does not accept their shard (not in ACTIVEACTIVE_OWNED_SHARDS)",
        description:
          "A client omits the shard header or the routes are stale: {{ $value }} writes/s. Writes the engine forwards (ACTIVEACTIVE_WRITE_PATH forwarded) are accepted, not counted.",
      },
    });
  }
  if (metrics.includes("duplicateDeliveries")) {
    rules.push({
      alert: "ActiveActiveDuplicateDeliveries",
      expr: `sum(rate(${APP_METRICS.duplicateDeliveries}{${ns}}[10m])) > 0`,
      for: "30m",
      labels: labels("info", "duplicate-delivery"),
      annotations: {
        summary: "events are delivered more than once (the idempotency store drops them)",
        description: "{{ $value }} duplicates/s: expected around failovers, a leak if it persists.",
      },
    });
  }
  for (const m of metrics.filter((x) => x !== "writes" || metrics.includes("conflicts"))) {
    const name = m === "convergence" ? `${APP_METRICS[m]}_bucket` : APP_METRICS[m];
    rules.push({
      alert: "ActiveActiveContractMetricMissing",
      expr: `absent(${name}{${ns}})`,
      for: "30m",
      labels: { ...labels("warning", "contract"), metric: name },
      annotations: {
        summary: `the workload exposes no ${name}`,
        description: `The ${b.pattern} contract (docs/patterns.md) needs it; its alert cannot fire without it.`,
      },
    });
  }
  return rules.length > 0 ? { name: `${b.name}.pattern.signals`, rules } : undefined;
}

function snake(camel: string): string {
  return camel.replace(/([A-Z])/g, "_$1").toUpperCase();
}
