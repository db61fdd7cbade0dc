import { PATTERN_TAG } from "../../core/patterns";
import type { InventoryView as Inventory, Resource, Rule, RuleResult } from "../types";
import { undetermined } from "../unknown";
import { firstOf, isObj, str } from "../values";

/** Event logs: every consumer of these is delivered each event at least once, and again on a replay. */
const LOG_KIND: Record<string, string> = {
  aws_kinesis_stream: "Kinesis stream",
  aws_msk_cluster: "MSK cluster",
  aws_msk_serverless_cluster: "MSK cluster",
  google_pubsub_topic: "Pub/Sub topic",
};
/** An event log named by a literal ARN or topic path (only trusted where the pattern tag says event-sourced). */
const LOG_LITERAL = /^arn:aws[\w-]*:(kinesis|kafka):|^projects\/[^/]+\/topics\//;
/** Where an application keeps the keys it has applied. */
const STORE_TYPES = new Set([
  "aws_dynamodb_table",
  "aws_elasticache_replication_group",
  "aws_elasticache_cluster",
  "aws_elasticache_serverless_cache",
  "aws_memorydb_cluster",
  "aws_rds_cluster",
  "aws_db_instance",
  "google_firestore_database",
  "google_firestore_field",
  "google_redis_instance",
  "google_bigtable_table",
  "google_spanner_database",
  "google_sql_database",
]);
const IDEMPOTENCY = /idempot|dedup/i;
/** Attributes that name a store, or what it is keyed by. */
const NAME_ATTRIBUTES = [
  "name",
  "hash_key",
  "collection",
  "cluster_id",
  "replication_group_id",
  "cluster_identifier",
  "identifier",
];

/** Where a consumer must find its store: a cdktf stack, a Terraform module folder, one whole plan. */
function scopeOf(r: Resource): string {
  return r.form === "plan" ? r.file : r.stack;
}

function tagsOf(r: Resource): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const key of ["tags", "tags_all", "labels", "effective_labels", "terraform_labels"]) {
    const v = r.values[key];
    if (isObj(v)) out.push(v);
  }
  if (isObj(r.defaultTags)) out.push(r.defaultTags);
  return out;
}

/** A resource that says it is (or holds) the idempotency store: by name, key, or a tag or label. */
function isIdempotencyStore(r: Resource): boolean {
  const tagged = tagsOf(r).some((t) =>
    Object.entries(t).some(([k, v]) => IDEMPOTENCY.test(k) || IDEMPOTENCY.test(String(v))),
  );
  if (tagged) return true;
  if (!STORE_TYPES.has(r.type)) return false;
  if (IDEMPOTENCY.test(r.name)) return true;
  return NAME_ATTRIBUTES.some((a) => IDEMPOTENCY.test(str(r.values[a]) ?? ""));
}

function taggedEventSourced(r: Resource): boolean {
  return tagsOf(r).some((t) => t[PATTERN_TAG] === "event-sourced");
}

interface Consumption {
  readonly consumer: Resource;
  /** The log resource, when it is in the consumer's module; else the literal that names it. */
  readonly log: Resource | string;
}

/** What a consumer reads: the resource it refers to (through a Kinesis consumer to its stream), or a literal. */
function source(inv: Inventory, consumer: Resource, value: unknown): Resource | string | undefined {
  const t = inv.target(consumer, value);
  if (t?.type === "aws_kinesis_stream_consumer") return inv.target(t, t.values["stream_arn"]);
  if (t) return t;
  const literal = str(value);
  return literal && !literal.includes("${") && LOG_LITERAL.test(literal) ? literal : undefined;
}

function consumptions(inv: Inventory): Consumption[] {
  const out: Consumption[] = [];
  const viaLambda = new Set<Resource>();
  for (const m of inv.ofType("aws_lambda_event_source_mapping")) {
    const t = inv.target(m, m.values["event_source_arn"]);
    if (t?.type === "aws_kinesis_stream_consumer") viaLambda.add(t);
    const log = source(inv, m, m.values["event_source_arn"]);
    if (log) out.push({ consumer: m, log });
  }
  // An enhanced fan-out consumer that a Lambda mapping reads is reported once, through the mapping.
  for (const c of inv.ofType("aws_kinesis_stream_consumer")) {
    if (viaLambda.has(c)) continue;
    const log = source(inv, c, c.values["stream_arn"]);
    if (log) out.push({ consumer: c, log });
  }
  for (const p of inv.ofType("aws_pipes_pipe")) {
    const log = source(inv, p, p.values["source"]);
    if (log) out.push({ consumer: p, log });
  }
  const subscriptions = inv.ofType("google_pubsub_subscription");
  // A dead-letter topic holds what a consumer gave up on, for people to inspect: not a log to apply.
  const deadLetters = new Set<unknown>(
    subscriptions.map((s) => inv.target(s, firstOf(s.values, "dead_letter_policy")?.["dead_letter_topic"])),
  );
  for (const s of subscriptions) {
    const log = source(inv, s, s.values["topic"]);
    if (log && !deadLetters.has(log)) out.push({ consumer: s, log });
  }
  return out.filter((c) => typeof c.log === "string" || c.log.type in LOG_KIND);
}

export const rule: Rule = {
  id: "AA207",
  title: "Event consumer without an idempotency store",
  severity: "error",
  failureMode: "F1",
  inputs: ["terraform"],
  covers: [
    "aws_kinesis_stream_consumer",
    "aws_lambda_event_source_mapping",
    "aws_pipes_pipe",
    "google_pubsub_subscription",
    "aws_kinesis_stream",
    "aws_msk_cluster",
    "google_pubsub_topic",
    "aws_dynamodb_table",
    "google_firestore_database",
  ],
  rationale: `Kinesis, Kafka and Pub/Sub deliver every event at least once: a retried batch, a resharding, a replay after a regional failover or the copy replicated from another region arrives again. A consumer that does not record the idempotency key of what it applied performs the side effect twice (a second charge, a double-counted order), and the regions' read models drift apart. The guide's event-sourced pattern needs idempotent consumers; exactly-once delivery settings do not replace the store (they do not cover a crash after the side effect, or the copy from another region). A consumer is judged when the log it reads is in the same stack or module (a dead-letter topic is not a log); where the data tier carries the ${PATTERN_TAG} = event-sourced tag, also when the log is named by a literal ARN or topic path.`,
  fix: "Keep an idempotency store next to the consumers, in each region: a DynamoDB table (or Firestore database, Redis, a SQL table) keyed by the event's idempotency key with a TTL, named or tagged so it says so (`*-idempotency`, a hash key `idempotencyKey`, or a tag such as `purpose = idempotency`); the consumer writes the key conditionally before acting and skips a key it has seen. activeactive synth generates it for the event-sourced pattern.",
  unknowns:
    "A consumer whose source is an expression that does not name a resource of its own module (a variable, a module output, another stack) is not judged; where the pattern tag says event-sourced and a module that is not followed may create the store, it is not judged either (info with --unknown info). Without the pattern tag, a finding is a warning: the consumer may be idempotent by design (an upsert).",
  *check(inv) {
    const out: RuleResult[] = [];
    const found = consumptions(inv);
    // Evidence is read from every resource, so only when there is a consumer to judge.
    if (!found.length) return;
    const stores = new Set<string>();
    const eventSourced = new Set<string>();
    for (const r of inv.resources) {
      if (isIdempotencyStore(r)) stores.add(scopeOf(r));
      if (taggedEventSourced(r)) eventSourced.add(scopeOf(r));
    }
    for (const { consumer, log } of found) {
      const scope = scopeOf(consumer);
      if (stores.has(scope)) continue;
      const tagged = eventSourced.has(scope);
      const own = typeof log !== "string" && scopeOf(log) === scope;
      if (!own && !tagged) continue;
      const hidden = inv.hiddenByModules(consumer.unit);
      if (hidden) {
        out.push(undetermined(consumer, "whether an idempotency store exists beside it", hidden));
        continue;
      }
      const what = typeof log === "string" ? log : `${LOG_KIND[log.type]} ${log.address}`;
      out.push({
        subject: consumer,
        ...(tagged ? {} : { severity: "warning" as const }),
        message: `${consumer.address} consumes ${what} and no idempotency store is in its stack or module: a redelivered or replayed event is applied twice`,
      });
    }
    yield* out;
  },
};
