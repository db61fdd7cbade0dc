import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AuroraGlobalDatabase } from "../lib/aws/aurora-global";
import { DynamoDbGlobalTable } from "../lib/aws/dynamodb-global-table";
import { CustomerManagedKey } from "../lib/aws/kms-key";
import { regionProvider } from "../lib/aws/provider";
import { RegionBudget } from "../lib/aws/region-budget";
import { Route53GlobalRouting } from "../lib/aws/route53-global-routing";
import { type Blueprint, type Region, regionsOf } from "../lib/blueprint/model";
import { auroraGlobalClusterId, dynamoTableName } from "../lib/core/names";
import { routedEndpoints } from "./endpoints";

export interface GlobalStackProps {
  readonly blueprint: Blueprint;
}

/**
 * What spans regions: latency routing with health checks, and the global
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
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
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

  private addAws(b: Blueprint, awsRegions: readonly Region[]): void {
    const home = awsRegions.find((r) => r.primary) ?? awsRegions[0]!;
    const homeProvider = this.awsProvider(b, home.region);

    // Mixed blueprints route to the gcp regions too (see routedEndpoints).
    const endpoints = routedEndpoints(b);
    if (endpoints.length > 0) {
      new Route53GlobalRouting(this, "Routing", {
        provider: homeProvider,
        // The loader requires a zone id whenever an aws region exists.
        zoneId: b.dns.zoneId!,
        domain: b.dns.domain,
        ttlSeconds: b.dns.ttlSeconds,
        healthCheck: b.dns.healthCheck,
        endpoints,
      });
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
    } else if (engine === "dynamodb") {
      // Replicas need a key ARN in their own region; a key in a region stack
      // would be a cross-stack token, so this stack owns the table's keys.
      const keys = awsRegions.map(
        (r) =>
          new CustomerManagedKey(this, `DynamoDbKey-${r.region}`, {
            provider: this.awsProvider(b, r.region),
            region: r.region,
            alias: `${dynamoTableName(b)}-dynamodb-${r.region}`,
            description: `DynamoDB global table ${dynamoTableName(b)} in ${r.region}`,
          }),
      );
      new DynamoDbGlobalTable(this, "DynamoDbGlobalTable", {
        provider: homeProvider,
        tableName: dynamoTableName(b),
        kmsKeyArn: keys[awsRegions.indexOf(home)]!.arn,
        replicas: awsRegions
          .map((r, i) => ({ region: r.region, kmsKeyArn: keys[i]!.arn }))
          .filter((r) => r.region !== home.region),
      });
    }
  }
}
