import { stringify } from "yaml";
import { parseBlueprint } from "../../lib/blueprint/load";
import { PATTERN_TABLE, type Pattern } from "../../lib/core/patterns";
import { structuralProblems } from "../gcp/structure";
import { minimalBlueprint } from "../helpers/blueprints";
import { synthBlueprint } from "../stacks/helpers";

function synthGcp(pattern: Pattern, engine: string) {
  const b = minimalBlueprint(engine);
  b.spec.pattern = pattern;
  b.spec.dns = { domain: "api.example.com" };
  b.spec.regions = [
    { cloud: "gcp", region: "us-central1", cidr: "10.10.0.0/16", project: "acme-shop-prod" },
    { cloud: "gcp", region: "europe-west1", cidr: "10.20.0.0/16", project: "acme-shop-prod" },
  ];
  b.spec.budget.billingAccount = "012345-6789AB-CDEF01";
  return synthBlueprint(parseBlueprint(stringify(b), "shop.yaml")).stacks;
}

type Resources = Record<string, Record<string, any>>;
const all = (stacks: ReturnType<typeof synthGcp>, type: string): Record<string, any>[] =>
  Object.values(stacks).flatMap((s) => Object.values(((s.resource ?? {}) as Resources)[type] ?? {}));

describe.each(["read-local-write-local", "multi-master-crdt"] as const)("%s on Google Cloud", (pattern) => {
  const stacks = synthGcp(pattern, "bigtable");

  test("bigtable fits the pattern", () => {
    expect(PATTERN_TABLE[pattern].engines.gcp).toContain("bigtable");
  });

  test("a Bigtable instance with a CMEK cluster per region, a multi-cluster app profile and a replication alert", () => {
    const [instance] = all(stacks, "google_bigtable_instance");
    expect(instance.deletion_protection).toBe(true);
    expect(instance.cluster.map((c: any) => c.zone)).toEqual(
      ["us-central1-a", "europe-west1-b"].map((z) => expect.stringMatching(z.slice(0, -1))),
    );
    for (const c of instance.cluster) expect(c.kms_key_name).toMatch(/google_kms_crypto_key/);
    expect(instance.labels["activeactive-pattern"]).toBe(pattern);
    const [profile] = all(stacks, "google_bigtable_app_profile");
    expect(profile.multi_cluster_routing_use_any).toBe(true);
    const [table] = all(stacks, "google_bigtable_table");
    expect(table.deletion_protection).toBe("PROTECTED");
    expect(table.automated_backup_policy.retention_period).toBe(`${7 * 86400}s`);
    const alerts = all(stacks, "google_monitoring_alert_policy").filter((a) =>
      JSON.stringify(a).includes("bigtable.googleapis.com/replication/max_delay"),
    );
    expect(alerts).toHaveLength(1);
  });

  test("every stack passes the structural check", () => {
    for (const s of Object.values(stacks))
      expect(structuralProblems(s as Record<string, unknown>)).toEqual([]);
  });
});

describe("event-sourced on Google Cloud", () => {
  const stacks = synthGcp("event-sourced", "pubsub");

  test("a Pub/Sub log stored in the serving regions, a subscription with DLQ per region, an idempotency store with TTL per region", () => {
    const topics = all(stacks, "google_pubsub_topic");
    expect(topics.map((t) => t.name).sort()).toEqual(["shop-events", "shop-events-dlq"]);
    for (const t of topics) {
      expect(t.kms_key_name).toMatch(/google_kms_crypto_key/);
      expect(t.message_storage_policy.allowed_persistence_regions).toEqual(["us-central1", "europe-west1"]);
    }
    const subs = all(stacks, "google_pubsub_subscription");
    const consumers = subs.filter((s) => s.dead_letter_policy !== undefined);
    expect(consumers.map((s) => s.name).sort()).toEqual([
      "shop-events-europe-west1",
      "shop-events-us-central1",
    ]);
    for (const s of consumers) expect(s.enable_exactly_once_delivery).toBe(true);
    const stores = all(stacks, "google_firestore_database");
    expect(stores.map((d) => d.location_id).sort()).toEqual(["europe-west1", "us-central1"]);
    for (const d of stores) {
      expect(d.delete_protection_state).toBe("DELETE_PROTECTION_ENABLED");
      expect(d.point_in_time_recovery_enablement).toBe("POINT_IN_TIME_RECOVERY_ENABLED");
      expect(d.cmek_config.kms_key_name).toMatch(/google_kms_crypto_key/);
    }
    expect(all(stacks, "google_firestore_field").map((f) => f.field)).toEqual(["expiresAt", "expiresAt"]);
    const alerts = JSON.stringify(all(stacks, "google_monitoring_alert_policy"));
    expect(alerts.match(/subscription\/oldest_unacked_message_age/g)).toHaveLength(2);
    expect(alerts.match(/subscription\/num_undelivered_messages/g)).toHaveLength(1);
  });

  test("every stack passes the structural check", () => {
    for (const s of Object.values(stacks))
      expect(structuralProblems(s as Record<string, unknown>)).toEqual([]);
  });
});
