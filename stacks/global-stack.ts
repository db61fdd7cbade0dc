import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { addAlertTopic } from "../lib/aws/alert-topic";
import { AuroraGlobalDatabase } from "../lib/aws/aurora-global";
import { DsqlConnectAccess } from "../lib/aws/dsql-connect-access";
import { DsqlMultiRegion } from "../lib/aws/dsql-multi-region";
import { DynamoDbGlobalTable } from "../lib/aws/dynamodb-global-table";
import { HealthCheckAlarms } from "../lib/aws/health-check-alarms";
import { CustomerManagedKey } from "../lib/aws/kms-key";
import { OperationsDashboard } from "../lib/aws/operations-dashboard";
import { regionProvider } from "../lib/aws/provider";
import { RegionBudget } from "../lib/aws/region-budget";
import { Route53GlobalRouting } from "../lib/aws/route53-global-routing";
import { type Blueprint, type Region, regionsOf } from "../lib/blueprint/model";
import {
  dsqlAlarmTopicName,
  dsqlConnectPolicyName,
  dsqlEndpointParameterName,
  globalTableKeyAlias,
} from "../lib/core/datastore-names";
import { dsqlWitness } from "../lib/core/dsql-regions";
import {
  auroraGlobalClusterId,
  dynamoTableName,
  eventsTableName,
  healthAlarmTopicName,
} from "../lib/core/names";
import { dataTierTags } from "../lib/core/patterns";
import { dsqlDashboard, routingDashboard } from "../lib/operate/dashboards/cloudwatch";
import { alertRunbookUrl } from "../lib/operate/runbooks/alerts";
import { type Endpoint, routedEndpoints } from "./endpoints";
import { exemptFromRegionBudget, GLOBAL_ROUTING_AA401 } from "./routing-suppressions";
import { stateBackend } from "./state-backend";

export interface GlobalStackProps {
  readonly blueprint: Blueprint;
}

/**
 * What spans regions: weighted routing with health checks and their alarms
 * (us-east-1, paging the blueprint's alert e-mails), and the global
 * half of the datastore (the Aurora global database, or the DynamoDB global
 * table with a replica key per region). Owns one aliased provider per AWS
 * region it touches. A blueprint without AWS regions creates no AWS resource here.
 */
export class GlobalStack extends TerraformStack {
  /** AWS providers by region name, created on first use. */
  readonly awsProviders: Record<string, AwsProvider> = {};

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id);
    const b = props.blueprint;
    stateBackend(this, b);
    const awsRegions = regionsOf(b, "aws");
    if (awsRegions.length > 0) this.addAws(b, awsRegions);
    // Google Cloud global resources (global load balancing for gcp-only
    // blueprints) are added here by their own construct, with their own provider.
  }

  /** The aliased provider of an AWS region of this stack. */
  awsProvider(b: Blueprint, region: string): AwsProvider {
    this.awsProviders[region] ??= regionProvider(this, { region, tags: b.tags });
    return this.awsProviders[region]!;
  }

  /** Pages the blueprint's alert e-mails when a region's health check fails (metrics live in us-east-1). */
  private addHealthAlarms(b: Blueprint, routing: Route53GlobalRouting, endpoints: readonly Endpoint[]): void {
    const provider = this.awsProvider(b, "us-east-1");
    const key = new CustomerManagedKey(this, "HealthAlarmKey", {
      provider,
      region: "us-east-1",
      alias: `${healthAlarmTopicName(b)}-alarms`,
      description: `Route 53 health-check alarm topic of ${b.name}`,
    });
    const alarms = new HealthCheckAlarms(this, "HealthAlarms", {
      provider,
      region: "us-east-1",
      name: healthAlarmTopicName(b),
      kmsKeyArn: key.arn,
      alertEmails: b.budget.alertEmails,
      runbookUrl: alertRunbookUrl(b, "route53-health-check"),
      healthChecks: endpoints.map((e) => ({
        key: e.key,
        healthCheckId: routing.healthChecks[e.key]!.id,
        fqdn: e.hostname,
      })),
    });
    // Each region's health check on one dashboard, beside the metrics (us-east-1).
    const dashboard = new OperationsDashboard(this, "RoutingDashboard", {
      provider,
      dashboard: routingDashboard(
        b,
        endpoints.map((e) => ({
          key: e.key,
          hostname: e.hostname,
          healthCheckId: routing.healthChecks[e.key]!.id,
        })),
      ),
    });
    // A few cents a month in us-east-1 whatever the serving regions: not a region to budget.
    for (const scope of [key, alarms, dashboard]) exemptFromRegionBudget(scope, GLOBAL_ROUTING_AA401.alarms);
  }

  private addAws(b: Blueprint, awsRegions: readonly Region[]): void {
    const home = awsRegions.find((r) => r.primary) ?? awsRegions[0]!;
    const homeProvider = this.awsProvider(b, home.region);

    // Mixed blueprints route to the gcp regions too (see routedEndpoints).
    const endpoints = routedEndpoints(b);
    if (endpoints.length > 0) {
      const routing = new Route53GlobalRouting(this, "Routing", {
        provider: homeProvider,
        // The loader requires a zone id whenever an aws region exists.
        zoneId: b.dns.zoneId!,
        domain: b.dns.domain,
        ttlSeconds: b.dns.ttlSeconds,
        healthCheck: b.dns.healthCheck,
        endpoints,
        // With an accelerator, its stack answers for the domain; the checks stay for the alarms.
        records: b.dns.mode !== "accelerator",
      });
      this.addHealthAlarms(b, routing, endpoints);
    }

    // The whole account at the sum of the aws regions' shares: global spend
    // (Route 53, health checks) is in no regional budget, so it is counted here.
    new RegionBudget(this, "CloudBudget", {
      provider: homeProvider,
      name: `${b.name}-aws-monthly`,
      monthlyUsd: b.budget.byCloud.aws!,
      thresholdsPercent: b.budget.thresholdsPercent,
      alertEmails: b.budget.alertEmails,
    });

    const engine = b.database.engines.aws;
    if (engine === "aurora-postgresql") {
      new AuroraGlobalDatabase(this, "AuroraGlobal", {
        provider: homeProvider,
        identifier: auroraGlobalClusterId(b),
      });
      return;
    }
    if (engine === undefined) return;
    // Replicas and peers need a key ARN in their own region; a key in a region
    // stack would be a cross-stack token, so this stack owns the data keys.
    const keyId = engine === "aurora-dsql" ? "DsqlKey" : "DynamoDbKey";
    const tableName = engine === "kinesis" ? eventsTableName(b) : dynamoTableName(b);
    const keys = awsRegions.map(
      (r) =>
        new CustomerManagedKey(this, `${keyId}-${r.region}`, {
          provider: this.awsProvider(b, r.region),
          region: r.region,
          alias:
            engine === "aurora-dsql"
              ? `${b.name}-dsql-${r.region}`
              : globalTableKeyAlias(tableName, r.region),
          description:
            engine === "aurora-dsql"
              ? `Aurora DSQL cluster ${b.name} in ${r.region}`
              : `DynamoDB global table ${tableName} in ${r.region}`,
          allowAuroraDsql: engine === "aurora-dsql",
        }),
    );
    if (engine === "aurora-dsql") {
      // The loader checked that the two regions peer (lib/core/dsql-regions.ts).
      const witnessRegion = dsqlWitness(awsRegions.map((r) => r.region))!;
      // Each peer's alarms page through a topic in its own region, encrypted with its key.
      const topics = awsRegions.map((r, i) =>
        addAlertTopic(new Construct(this, `DsqlAlarms-${r.region}`), {
          provider: this.awsProvider(b, r.region),
          name: dsqlAlarmTopicName(b, r),
          kmsKeyArn: keys[i]!.arn,
          alertEmails: b.budget.alertEmails,
        }),
      );
      const dsql = new DsqlMultiRegion(this, "Dsql", {
        name: b.name,
        witnessRegion,
        tags: dataTierTags(b.pattern),
        runbookUrls: {
          commitLatency: alertRunbookUrl(b, "dsql-commit-latency"),
          noCommits: alertRunbookUrl(b, "dsql-no-commits"),
        },
        peers: awsRegions.map((r, i) => ({
          region: r.region,
          provider: this.awsProvider(b, r.region),
          kmsKeyArn: keys[i]!.arn,
          alarmTopicArn: topics[i]!.arn,
        })),
      });
      // The pair's commit latency and transactions, beside the clusters (lib/operate/dashboards).
      new OperationsDashboard(this, "DsqlDashboard", {
        provider: homeProvider,
        dashboard: dsqlDashboard(
          b,
          awsRegions.map((r, i) => ({ region: r.region, clusterId: dsql.clusters[i]!.identifier })),
        ),
      });
      // Region stacks attach the connect policy to their workload roles by name.
      awsRegions.forEach((r, i) => {
        new DsqlConnectAccess(this, `DsqlConnect-${r.region}`, {
          provider: this.awsProvider(b, r.region),
          region: r.region,
          cluster: dsql.clusters[i]!,
          policyName: dsqlConnectPolicyName(b, r),
          endpointParameterName: dsqlEndpointParameterName(b, r),
        });
      });
      return;
    }
    // dynamodb (items) or kinesis (the append-only event log the regional streams read).
    new DynamoDbGlobalTable(this, engine === "kinesis" ? "EventsGlobalTable" : "DynamoDbGlobalTable", {
      provider: homeProvider,
      tableName,
      tags: dataTierTags(b.pattern),
      kmsKeyArn: keys[awsRegions.indexOf(home)]!.arn,
      replicas: awsRegions
        .map((r, i) => ({ region: r.region, kmsKeyArn: keys[i]!.arn }))
        .filter((r) => r.region !== home.region),
    });
  }
}
