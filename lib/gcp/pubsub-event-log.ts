import { FirestoreDatabase } from "@cdktf/provider-google/lib/firestore-database";
import { FirestoreField } from "@cdktf/provider-google/lib/firestore-field";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { PubsubSubscription } from "@cdktf/provider-google/lib/pubsub-subscription";
import { PubsubSubscriptionIamMember } from "@cdktf/provider-google/lib/pubsub-subscription-iam-member";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { Construct } from "constructs";
import { fitName } from "../core/names";
import { documentWithRunbook } from "../operate/runbooks/links";
import { GcpKeyRing } from "./kms";

export interface PubsubEventLogProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** Name prefix, e.g. `orders`. */
  readonly name: string;
  /** The serving regions: messages are stored only there, and each gets its consumers' subscription. */
  readonly regions: readonly string[];
  /** `service-<number>@gcp-sa-pubsub.iam.gserviceaccount.com` (no `serviceAccount:` prefix). */
  readonly pubsubServiceAgent: string;
  /** `service-<number>@gcp-sa-firestore.iam.gserviceaccount.com` (no prefix). */
  readonly firestoreServiceAgent: string;
  readonly notificationChannels: readonly string[];
  /** Alarm when a region's consumers are further behind than this. */
  readonly consumerLagThresholdSeconds: number;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** The runbooks its alerts link to (`lib/operate/runbooks`). @default - no links */
  readonly runbookUrls?: { readonly consumerLag?: string; readonly deadLetters?: string };
}

/** The Firestore collection and TTL field of the idempotency store (the application contract). */
export const IDEMPOTENCY_COLLECTION = "idempotency";
export const IDEMPOTENCY_EXPIRY_FIELD = "expiresAt";

/**
 * event-sourced on Google Cloud: one global Pub/Sub topic (messages stored
 * only in the serving regions) is the log; each region's consumers read their
 * own subscription with exactly-once delivery, a retry policy and a
 * dead-letter topic (held by a subscription so parked events are kept and
 * counted); each region has a Firestore idempotency store whose
 * `expiresAt` field is a TTL. Everything is encrypted with customer keys.
 * Alerts: consumer lag (oldest unacked message, M5) per region, DLQ depth.
 *
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/pubsub_topic
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/pubsub_subscription
 */
export class PubsubEventLog extends Construct {
  readonly topic: PubsubTopic;
  readonly deadLetterTopic: PubsubTopic;
  readonly subscriptions: Record<string, PubsubSubscription> = {};
  readonly stores: Record<string, FirestoreDatabase> = {};

  constructor(scope: Construct, id: string, props: PubsubEventLogProps) {
    super(scope, id);
    const { provider, project } = props;
    const labels = { ...(props.labels ?? {}) };
    const pubsubAgent = `serviceAccount:${props.pubsubServiceAgent}`;
    // A topic is global: its key ring is too.
    const ring = new GcpKeyRing(this, "Keys-global", {
      provider,
      project,
      location: "global",
      name: `${props.name}-pubsub`,
      keys: ["pubsub"],
      labels,
    });
    const grant = ring.grantEncryptDecrypt("pubsub", pubsubAgent);
    const storage = { allowedPersistenceRegions: [...props.regions] };
    this.topic = new PubsubTopic(this, "Topic", {
      provider,
      project,
      name: `${props.name}-events`,
      kmsKeyName: ring.key("pubsub").id,
      messageStoragePolicy: storage,
      messageRetentionDuration: "604800s",
      labels,
      dependsOn: [grant],
    });
    this.deadLetterTopic = new PubsubTopic(this, "DeadLetterTopic", {
      provider,
      project,
      name: `${props.name}-events-dlq`,
      kmsKeyName: ring.key("pubsub").id,
      messageStoragePolicy: storage,
      labels,
      dependsOn: [grant],
    });
    new PubsubTopicIamMember(this, "DeadLetterPublisher", {
      provider,
      project,
      topic: this.deadLetterTopic.name,
      role: "roles/pubsub.publisher",
      member: pubsubAgent,
    });
    const held = new PubsubSubscription(this, "DeadLetters", {
      provider,
      project,
      name: `${props.name}-events-dlq`,
      topic: this.deadLetterTopic.id,
      messageRetentionDuration: "604800s",
      expirationPolicy: { ttl: "" },
      labels,
    });

    for (const region of props.regions) {
      const sub = new PubsubSubscription(this, `Consumers-${region}`, {
        provider,
        project,
        name: `${props.name}-events-${region}`,
        topic: this.topic.id,
        enableExactlyOnceDelivery: true,
        ackDeadlineSeconds: 60,
        messageRetentionDuration: "604800s",
        expirationPolicy: { ttl: "" },
        retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
        deadLetterPolicy: { deadLetterTopic: this.deadLetterTopic.id, maxDeliveryAttempts: 5 },
        labels: { ...labels, region },
      });
      new PubsubSubscriptionIamMember(this, `DeadLetterForwarder-${region}`, {
        provider,
        project,
        subscription: sub.name,
        role: "roles/pubsub.subscriber",
        member: pubsubAgent,
      });
      this.subscriptions[region] = sub;

      const storeRing = new GcpKeyRing(this, `Keys-${region}`, {
        provider,
        project,
        location: region,
        name: `${props.name}-idempotency`,
        keys: ["firestore"],
        labels,
      });
      const storeGrant = storeRing.grantEncryptDecrypt(
        "firestore",
        `serviceAccount:${props.firestoreServiceAgent}`,
      );
      const store = new FirestoreDatabase(this, `Idempotency-${region}`, {
        provider,
        project,
        name: fitName(`${props.name}-idempotency-${region}`, 63),
        locationId: region,
        type: "FIRESTORE_NATIVE",
        deleteProtectionState: "DELETE_PROTECTION_ENABLED",
        pointInTimeRecoveryEnablement: "POINT_IN_TIME_RECOVERY_ENABLED",
        cmekConfig: { kmsKeyName: storeRing.key("firestore").id },
        dependsOn: [storeGrant],
      });
      new FirestoreField(this, `IdempotencyTtl-${region}`, {
        provider,
        project,
        database: store.name,
        collection: IDEMPOTENCY_COLLECTION,
        field: IDEMPOTENCY_EXPIRY_FIELD,
        ttlConfig: {},
        indexConfig: {},
      });
      this.stores[region] = store;

      this.alert(`ConsumerLag-${region}`, props, {
        displayName: `${props.name} consumers in ${region} behind`,
        filter: `resource.type = "pubsub_subscription" AND metric.type = "pubsub.googleapis.com/subscription/oldest_unacked_message_age" AND resource.labels.subscription_id = "${props.name}-events-${region}"`,
        threshold: props.consumerLagThresholdSeconds,
        text: documentWithRunbook(
          `The consumers of ${sub.name} are more than ${props.consumerLagThresholdSeconds}s behind (M5): read models in ${region} are stale.`,
          props.runbookUrls?.consumerLag,
        ),
      });
    }
    this.alert("DeadLetterDepth", props, {
      displayName: `${props.name} events parked in the DLQ`,
      filter: `resource.type = "pubsub_subscription" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.labels.subscription_id = "${props.name}-events-dlq"`,
      threshold: 0,
      text: documentWithRunbook(
        `Events are parked in ${held.name}: a consumer cannot apply them.`,
        props.runbookUrls?.deadLetters,
      ),
    });
  }

  private alert(
    id: string,
    props: PubsubEventLogProps,
    a: { displayName: string; filter: string; threshold: number; text: string },
  ): void {
    new MonitoringAlertPolicy(this, id, {
      provider: props.provider,
      project: props.project,
      displayName: a.displayName,
      combiner: "OR",
      severity: "ERROR",
      conditions: [
        {
          displayName: a.displayName,
          conditionThreshold: {
            filter: a.filter,
            comparison: "COMPARISON_GT",
            thresholdValue: a.threshold,
            duration: "120s",
            aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" }],
            trigger: { count: 1 },
          },
        },
      ],
      notificationChannels: [...props.notificationChannels],
      alertStrategy: { autoClose: "1800s" },
      documentation: { mimeType: "text/markdown", content: a.text },
    });
  }
}
