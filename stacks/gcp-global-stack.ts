import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { BigtableInstanceIamMember } from "@cdktf/provider-google/lib/bigtable-instance-iam-member";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { PubsubSubscriptionIamMember } from "@cdktf/provider-google/lib/pubsub-subscription-iam-member";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { SpannerDatabaseIamMember } from "@cdktf/provider-google/lib/spanner-database-iam-member";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { regionProvider } from "../lib/aws/provider";
import { type Blueprint, regionsOf } from "../lib/blueprint/model";
import { bigtableInstanceName, spannerInstanceName } from "../lib/core/datastore-names";
import { fitName, gcpNegName, gcpWorkloadServiceAccountEmail, regionalHostname } from "../lib/core/names";
import { dataTierTags } from "../lib/core/patterns";
import { spannerConfigFor } from "../lib/core/spanner-config";
import { gcpZones } from "../lib/core/zones";
import { BigtableReplicated } from "../lib/gcp/bigtable";
import { GcpBudget } from "../lib/gcp/budget";
import { GcpGlobalLoadBalancer, type HeaderRoute } from "../lib/gcp/global-lb";
import { gcpLabels } from "../lib/gcp/labels";
import { EmailNotificationChannels } from "../lib/gcp/notification-channels";
import { PubsubEventLog } from "../lib/gcp/pubsub-event-log";
import { ReplicationLagAlert, ReplicationLagMetric } from "../lib/gcp/replication-alert";
import { SpannerMultiRegion } from "../lib/gcp/spanner";
import { alertRunbookUrl } from "../lib/operate/runbooks/alerts";
import { stateBackend } from "./state-backend";

export interface GcpGlobalStackProps {
  readonly blueprint: Blueprint;
}

/**
 * What spans the gcp regions: the global external Application Load
 * Balancer and its DNS names, the Spanner multi-region instance when the
 * gcp engine is spanner, and a budget over the whole project (the sum of
 * the regional budgets). Its own state, deployed after the gcp region
 * stacks (and, for the load balancer's backends, after the workloads: GKE
 * creates their network endpoint groups).
 *
 * DNS: in a mixed blueprint Route 53 routes the global name (the global
 * stack's latency records); this stack adds an A record per gcp regional
 * hostname pointing at the load balancer, through a Route 53 provider of
 * its own. In a gcp-only blueprint the load balancer is the routing layer:
 * the name and the regional hostnames point at it, in the Route 53 zone
 * `dns.zoneId` when given, else in a Cloud DNS zone this stack creates.
 */
export class GcpGlobalStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: GcpGlobalStackProps) {
    super(scope, id);
    const b = props.blueprint;
    const gcpRegions = regionsOf(b, "gcp");
    // The loader requires a project on every gcp region, and this stack exists only with one.
    const home = gcpRegions.find((r) => r.primary) ?? gcpRegions[0]!;
    const project = home.project!;
    stateBackend(this, b);
    const provider = new GoogleProvider(this, "google-global", {
      alias: "global",
      project,
      region: home.region,
      userProjectOverride: true,
      billingProject: project,
      defaultLabels: gcpLabels(b, "global"),
    });
    const labels = gcpLabels(b, "global");
    const projectInfo = new DataGoogleProject(this, "Project", { provider, projectId: project });
    const channels = new EmailNotificationChannels(this, "Notifications", {
      provider,
      project,
      name: b.name,
      emails: b.budget.alertEmails,
      labels,
    });

    // The whole project, at the sum of the gcp regions' shares: regional budgets only
    // see their region's labelled resources; global spend (load balancer, Spanner's
    // witness regions) is counted here.
    new GcpBudget(this, "Budget", {
      provider,
      // The loader requires a billing account with gcp regions.
      billingAccount: b.budget.billingAccount!,
      displayName: `${b.name} Google Cloud`,
      projectNumber: projectInfo.number,
      monthlyUsd: b.budget.byCloud.gcp!,
      thresholdsPercent: b.budget.thresholdsPercent,
      notificationChannels: channels.ids,
    });

    if (b.database.engines.gcp === "spanner") {
      // The loader rejects gcp regions no configuration serves.
      const config = spannerConfigFor(gcpRegions.map((r) => r.region))!;
      const spanner = new SpannerMultiRegion(this, "Spanner", {
        provider,
        project,
        name: spannerInstanceName(b),
        config,
        databaseName: b.database.name,
        serviceAgent: `serviceAccount:service-${projectInfo.number}@gcp-sa-spanner.iam.gserviceaccount.com`,
        backupRetentionDays: b.database.backupRetentionDays,
        labels,
      });
      for (const r of gcpRegions) {
        for (const w of b.workloads) {
          new SpannerDatabaseIamMember(this, `DatabaseUser-${r.key}-${w.name}`, {
            provider,
            project,
            instance: spanner.instance.name,
            database: spanner.database.name,
            role: "roles/spanner.databaseUser",
            member: `serviceAccount:${gcpWorkloadServiceAccountEmail(r, w.name)}`,
          });
        }
      }
      new ReplicationLagAlert(this, "ReplicationLagAlert", {
        provider,
        project,
        displayName: `${b.name} Spanner commit latency`,
        metric: ReplicationLagMetric.spannerCommitLatency(spanner.instance.name),
        thresholdSeconds: b.slo.replicationLagSeconds,
        runbookUrl: alertRunbookUrl(b, "spanner-commit-latency"),
        notificationChannels: channels.ids,
      });
    }

    if (b.database.engines.gcp === "bigtable") {
      const bigtable = new BigtableReplicated(this, "Bigtable", {
        provider,
        project,
        name: bigtableInstanceName(b),
        tableName: b.name,
        clusters: gcpRegions.map((r) => ({ region: r.region, zone: gcpZones(r.region)[0]! })),
        serviceAgent: `serviceAccount:service-${projectInfo.number}@gcp-sa-bigtable.iam.gserviceaccount.com`,
        backupRetentionDays: b.database.backupRetentionDays,
        labels: { ...labels, ...dataTierTags(b.pattern) },
      });
      // Each region's workloads read and write the table; no instance or table management.
      for (const r of gcpRegions) {
        for (const w of b.workloads) {
          new BigtableInstanceIamMember(this, `BigtableUser-${r.key}-${w.name}`, {
            provider,
            project,
            instance: bigtable.instance.name,
            role: "roles/bigtable.user",
            member: `serviceAccount:${gcpWorkloadServiceAccountEmail(r, w.name)}`,
          });
        }
      }
      new ReplicationLagAlert(this, "ReplicationLagAlert", {
        provider,
        project,
        displayName: `${b.name} Bigtable replication delay`,
        metric: ReplicationLagMetric.bigtableReplicationDelay(bigtable.instance.name),
        thresholdSeconds: b.slo.replicationLagSeconds,
        runbookUrl: alertRunbookUrl(b, "bigtable-replication-delay"),
        notificationChannels: channels.ids,
      });
    }

    if (b.database.engines.gcp === "pubsub") {
      const log = new PubsubEventLog(this, "EventLog", {
        provider,
        project,
        name: b.name,
        regions: gcpRegions.map((r) => r.region),
        pubsubServiceAgent: `service-${projectInfo.number}@gcp-sa-pubsub.iam.gserviceaccount.com`,
        firestoreServiceAgent: `service-${projectInfo.number}@gcp-sa-firestore.iam.gserviceaccount.com`,
        notificationChannels: channels.ids,
        consumerLagThresholdSeconds: b.slo.replicationLagSeconds,
        labels: { ...labels, ...dataTierTags(b.pattern) },
        runbookUrls: {
          consumerLag: alertRunbookUrl(b, "pubsub-consumer-lag"),
          deadLetters: alertRunbookUrl(b, "pubsub-dead-letters"),
        },
      });
      // Each region's workloads append to the topic, consume their region's
      // subscription only, and use their region's idempotency store only.
      for (const r of gcpRegions) {
        for (const w of b.workloads) {
          const member = `serviceAccount:${gcpWorkloadServiceAccountEmail(r, w.name)}`;
          new PubsubTopicIamMember(this, `Publisher-${r.key}-${w.name}`, {
            provider,
            project,
            topic: log.topic.name,
            role: "roles/pubsub.publisher",
            member,
          });
          new PubsubSubscriptionIamMember(this, `Subscriber-${r.key}-${w.name}`, {
            provider,
            project,
            subscription: log.subscriptions[r.region]!.name,
            role: "roles/pubsub.subscriber",
            member,
          });
          const store = log.stores[r.region]!;
          new ProjectIamMember(this, `IdempotencyStore-${r.key}-${w.name}`, {
            provider,
            project,
            role: "roles/datastore.user",
            member,
            // Firestore grants per project: the condition narrows it to this region's database.
            condition: {
              title: `${store.name} only`,
              expression: `resource.name == "projects/${project}/databases/${store.name}"`,
            },
          });
        }
      }
    }

    // The first workload serves the global name.
    const front = b.workloads[0];
    if (front === undefined) return;
    const lb = new GcpGlobalLoadBalancer(this, "LoadBalancer", {
      provider,
      project,
      name: fitName(b.name, 40),
      domain: b.dns.domain,
      regions: gcpRegions.map((r) => ({
        key: r.key,
        hostname: regionalHostname(b, r),
        zones: gcpZones(r.region),
      })),
      negName: gcpNegName(b, front.name),
      attachBackends: b.dns.gcpBackends === "attached",
      healthCheckPath: front.probes?.readiness?.path ?? b.dns.healthCheck.path,
      headerRoutes: shardHeaderRoutes(b),
      labels,
    });
    new TerraformOutput(this, "load_balancer_ip", { value: lb.address.address });
    const auth = lb.dnsAuthorization.dnsResourceRecord.get(0);

    const mixed = regionsOf(b, "aws").length > 0;
    if (b.dns.zoneId !== undefined) {
      // The domain is in Route 53 (always so with aws regions). Route 53 is
      // global; this provider only writes records.
      const route53 = regionProvider(this, { region: "us-east-1", alias: "route53", tags: b.tags });
      const a = (rid: string, host: string) =>
        new Route53Record(this, rid, {
          provider: route53,
          zoneId: b.dns.zoneId!,
          name: host,
          type: "A",
          ttl: b.dns.ttlSeconds,
          records: [lb.address.address],
        });
      // With aws regions the global stack's latency records own the name itself.
      if (!mixed) a("Record", b.dns.domain);
      for (const r of gcpRegions) a(`Record-${r.key}`, regionalHostname(b, r));
      new Route53Record(this, "CertificateAuthorization", {
        provider: route53,
        zoneId: b.dns.zoneId,
        name: auth.name,
        type: auth.type,
        ttl: 300,
        records: [auth.data],
      });
      return;
    }

    const zone = new DnsManagedZone(this, "Zone", {
      provider,
      project,
      name: fitName(`${b.name}-zone`, 63),
      dnsName: `${b.dns.domain}.`,
      visibility: "public",
      dnssecConfig: { state: "on" },
      labels,
    });
    const record = (rid: string, host: string) =>
      new DnsRecordSet(this, rid, {
        provider,
        project,
        managedZone: zone.name,
        name: `${host}.`,
        type: "A",
        ttl: b.dns.ttlSeconds,
        rrdatas: [lb.address.address],
      });
    record("Record", b.dns.domain);
    for (const r of gcpRegions) record(`Record-${r.key}`, regionalHostname(b, r));
    new DnsRecordSet(this, "CertificateAuthorization", {
      provider,
      project,
      managedZone: zone.name,
      name: auth.name,
      type: auth.type,
      ttl: 300,
      rrdatas: [auth.data],
    });
    new TerraformOutput(this, "name_servers", { value: zone.nameServers });
  }
}

/**
 * Primary-per-shard on the global load balancer: a shard a gcp region owns
 * goes to that region's backends from any gcp hostname (the balancer spans
 * the gcp regions, so this forwards the request itself); a shard an aws
 * region owns gets a 307 to the owner's `<region>.<domain>`, served by its ALB.
 */
function shardHeaderRoutes(b: Blueprint): HeaderRoute[] {
  if (b.pattern !== "primary-per-shard") return [];
  return Object.entries(b.sharding.owners)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([shard, key]) => {
      const owner = b.regions.find((r) => r.key === key)!;
      return {
        header: b.sharding.header,
        value: shard,
        ...(owner.cloud === "gcp" ? { regionKey: owner.key } : { redirectHost: regionalHostname(b, owner) }),
      };
    });
}
