import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { EksCluster } from "../lib/aws/eks-cluster";
import { FrontDoorAlarms } from "../lib/aws/front-door-alarms";
import { type GameDayAlarm, GameDayExperiments } from "../lib/aws/game-day-experiments";
import { CustomerManagedKey } from "../lib/aws/kms-key";
import { OperationsDashboard } from "../lib/aws/operations-dashboard";
import { regionProvider } from "../lib/aws/provider";
import { RegionBudget } from "../lib/aws/region-budget";
import { RegionalAuroraCluster } from "../lib/aws/regional-aurora-cluster";
import { RegionalEventLog } from "../lib/aws/regional-event-log";
import { RegionalNetwork } from "../lib/aws/regional-network";
import { ReplicationAlarms } from "../lib/aws/replication-alarms";
import { WorkloadDataAccess } from "../lib/aws/workload-data-access";
import { type Blueprint, type Region, regionsOf } from "../lib/blueprint/model";
import {
  auroraDbUser,
  dsqlConnectPolicyName,
  eventConsumerLeaseTableName,
  eventConsumerName,
  globalTableKeyAlias,
} from "../lib/core/datastore-names";
import { invalidProp } from "../lib/core/errors";
import {
  auroraClusterId,
  auroraGlobalClusterId,
  awsWorkloadRoleName,
  clusterName,
  dynamoTableName,
  eventsTableName,
  regionalName,
  stackNames,
  workloadNamespace,
} from "../lib/core/names";
import { regionDashboard } from "../lib/operate/dashboards/cloudwatch";
import { fisExperiments, replicatedTableName } from "../lib/operate/game-days/experiments";
import { alertRunbookUrl } from "../lib/operate/runbooks/alerts";
import { addFrontDoor } from "./aws-front-door";
import { stateBackend } from "./state-backend";

export interface AwsRegionStackProps {
  readonly blueprint: Blueprint;
  /** An `aws` region of the blueprint. */
  readonly region: Region;
}

/**
 * One AWS region, its own state and blast radius: network, region key, EKS
 * cluster, the front door (load balancer, certificate, `<region>.<domain>`),
 * the regional half of the datastore, a budget and replication alarms.
 *
 * Deploy order is recorded as stack dependencies: every region after the
 * global stack, secondaries after the primary (a secondary Aurora cluster can
 * only join a global database that has a writer). Sibling stacks are found by
 * their `stackNames` ids, so compose the global stack and the primary first.
 */
export class AwsRegionStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AwsRegionStackProps) {
    super(scope, id);
    const b = props.blueprint;
    const r = props.region;
    if (r.cloud !== "aws")
      throw invalidProp(this, "region: not an aws region", r.key, "an aws region of the blueprint");
    stateBackend(this, b);

    const provider = regionProvider(this, { region: r.region, tags: b.tags });
    const name = regionalName(b, r);
    const key = new CustomerManagedKey(this, "Key", { provider, region: r.region, alias: name });
    const network = new RegionalNetwork(this, "Network", {
      provider,
      region: r.region,
      name,
      cidr: r.cidr,
      kmsKeyArn: key.arn,
    });
    const cluster = new EksCluster(this, "Cluster", {
      provider,
      name: clusterName(b, r),
      kubernetesVersion: b.cluster.kubernetesVersion,
      vpcId: network.vpc.id,
      subnetIds: network.privateSubnetIds,
      kmsKeyArn: key.arn,
      authorizedNetworks: b.cluster.authorizedNetworks,
      nodes: b.cluster.nodes,
      workloads: b.workloads.map((w) => ({
        namespace: workloadNamespace(b),
        serviceAccount: w.name,
        roleName: awsWorkloadRoleName(b, r, w.name),
      })),
    });

    const frontDoor = addFrontDoor(this, {
      blueprint: b,
      region: r,
      provider,
      network,
      podSecurityGroupId: cluster.cluster.vpcConfig.clusterSecurityGroupId,
    });

    const engine = b.database.engines.aws;
    let aurora: RegionalAuroraCluster | undefined;
    if (engine === "aurora-postgresql") {
      aurora = new RegionalAuroraCluster(this, "Database", {
        provider,
        identifier: auroraClusterId(b, r),
        globalClusterIdentifier: auroraGlobalClusterId(b),
        role: r.primary ? "primary" : "secondary",
        kmsKeyArn: key.arn,
        vpcId: network.vpc.id,
        vpcCidr: r.cidr,
        subnetIds: network.privateSubnetIds,
        instanceClass: b.database.instanceClass,
        backupRetentionDays: b.database.backupRetentionDays,
        ...(r.primary ? { databaseName: b.database.name } : {}),
      });
    }

    new RegionBudget(this, "Budget", {
      provider,
      name: `${name}-monthly`,
      region: r.region,
      // This region's share of the total (lib/core/budget-split.ts).
      monthlyUsd: b.budget.byRegion[r.key]!,
      thresholdsPercent: b.budget.thresholdsPercent,
      alertEmails: b.budget.alertEmails,
    });

    let eventLog: RegionalEventLog | undefined;
    const others = regionsOf(b, "aws").filter((o) => o.region !== r.region);
    // Every Aurora member, whatever its role now: any of them can be promoted.
    const auroraMember = engine === "aurora-postgresql";
    const stackAlarms: GameDayAlarm[] = [];
    let replicationTopicArn: string | undefined;
    const dynamo = (engine === "dynamodb" || engine === "kinesis") && others.length > 0;
    const replicatedTable = engine === "kinesis" ? eventsTableName(b) : dynamoTableName(b);
    if (auroraMember || dynamo) {
      const alarms = new ReplicationAlarms(this, "ReplicationAlarms", {
        provider,
        name,
        kmsKeyArn: key.arn,
        alertEmails: b.budget.alertEmails,
        lagThresholdSeconds: b.slo.replicationLagSeconds,
        runbookUrl: alertRunbookUrl(
          b,
          auroraMember ? "aurora-replication-lag" : "dynamodb-replication-latency",
        ),
        ...(auroraMember ? { auroraClusterIdentifier: auroraClusterId(b, r) } : {}),
        ...(dynamo
          ? {
              dynamoDb: {
                tableName: replicatedTable,
                receivingRegions: others.map((o) => o.region),
              },
            }
          : {}),
      });
      stackAlarms.push(...alarms.alarms.map((alarm) => ({ role: "replication" as const, alarm })));
      replicationTopicArn = alarms.topic.arn;
      if (engine === "kinesis") {
        // event-sourced: this region's stream of the replicated log, idempotency store, DLQ.
        eventLog = new RegionalEventLog(this, "EventLog", {
          provider,
          // Regional names (lib/core/datastore-names.ts): each region has its own stream, store and DLQ.
          name,
          consumerName: eventConsumerName(b, r),
          leaseTableName: eventConsumerLeaseTableName(b, r),
          eventsTableName: eventsTableName(b),
          kmsKeyArn: key.arn,
          alarmTopicArn: alarms.topic.arn,
          consumerLagThresholdSeconds: b.slo.replicationLagSeconds,
          runbookUrls: {
            consumerLag: alertRunbookUrl(b, "kinesis-consumer-lag"),
            deadLetters: alertRunbookUrl(b, "events-dead-letters"),
          },
        });
        for (const alarm of eventLog.alarms) {
          stackAlarms.push({ role: alarm.node.id === "ConsumerLag" ? "consumer-lag" : "dead-letter", alarm });
        }
      }
    }

    for (const w of b.workloads) {
      const role = cluster.workloadRoles[w.name];
      if (role === undefined) continue;
      new WorkloadDataAccess(this, `DataAccess-${w.name}`, {
        provider,
        role,
        region: r.region,
        ...(aurora !== undefined
          ? {
              aurora: {
                clusterArn: aurora.cluster.arn,
                clusterResourceId: aurora.cluster.clusterResourceId,
                dbUser: auroraDbUser(w.name),
              },
            }
          : {}),
        // The global stack encrypts each replica with its own key there (found by alias, no cross-stack token).
        ...(engine === "dynamodb"
          ? {
              dynamoDbTable: dynamoTableName(b),
              dynamoDbTableKeyAlias: globalTableKeyAlias(dynamoTableName(b), r.region),
            }
          : {}),
        // global-consensus: the global stack made the policy beside this region's cluster.
        ...(engine === "aurora-dsql" ? { dsqlConnectPolicyName: dsqlConnectPolicyName(b, r) } : {}),
        // event-sourced: workloads append to this region's replica of the log (the
        // one write path: it streams into Kinesis), and consume this region's
        // stream through its registered consumer with KCL.
        ...(engine === "kinesis"
          ? {
              dynamoDbTable: eventsTableName(b),
              dynamoDbTableKeyAlias: globalTableKeyAlias(eventsTableName(b), r.region),
            }
          : {}),
        ...(eventLog !== undefined
          ? {
              eventLog: {
                streamArn: eventLog.stream.arn,
                consumerArn: eventLog.consumer.arn,
                leaseTableArn: eventLog.leaseTable.arn,
                leaseTableName: eventConsumerLeaseTableName(b, r),
                idempotencyTableArn: eventLog.idempotencyTable.arn,
                deadLetterQueueArn: eventLog.deadLetterQueue.arn,
                kmsKeyArn: key.arn,
              },
            }
          : {}),
      });
    }

    // This region pages on its own front door (the health-check alarms are in us-east-1 only).
    // Not game-day stop conditions: an experiment causes exactly these errors.
    if (frontDoor.targetGroup !== undefined) {
      new FrontDoorAlarms(this, "FrontDoorAlarms", {
        provider,
        name,
        loadBalancerArnSuffix: frontDoor.loadBalancer.arnSuffix,
        targetGroupArnSuffix: frontDoor.targetGroup.arnSuffix,
        runbookUrls: {
          errorRate: alertRunbookUrl(b, "front-door-5xx"),
          noHealthyTargets: alertRunbookUrl(b, "front-door-no-healthy-targets"),
        },
        topic:
          replicationTopicArn !== undefined
            ? { arn: replicationTopicArn }
            : { kmsKeyArn: key.arn, alertEmails: b.budget.alertEmails },
      });
    }

    // Game days: FIS templates only, started by a person (docs/game-days.md).
    const table = replicatedTableName(b);
    new GameDayExperiments(this, "GameDays", {
      provider,
      region: r.region,
      name,
      kmsKeyArn: key.arn,
      vpc: { id: network.vpc.id, arn: network.vpc.arn },
      experiments: fisExperiments(b, r),
      alarms: stackAlarms,
      runbookUrl: alertRunbookUrl(b, "game-day-abort"),
      ...(table !== undefined ? { globalTableName: table } : {}),
      ...(engine === "aurora-dsql" ? { dsqlClusterTags: { service: b.tags.service! } } : {}),
    });

    // The region's CloudWatch dashboard: front door and datastore (lib/operate/dashboards).
    new OperationsDashboard(this, "Dashboard", {
      provider,
      dashboard: regionDashboard(b, r, {
        loadBalancerArnSuffix: frontDoor.loadBalancer.arnSuffix,
        ...(frontDoor.targetGroup ? { targetGroupArnSuffix: frontDoor.targetGroup.arnSuffix } : {}),
        ...(aurora ? { auroraClusterIdentifier: aurora.cluster.clusterIdentifier } : {}),
        ...(dynamo
          ? { dynamoDb: { tableName: replicatedTable, receivingRegions: others.map((o) => o.region) } }
          : {}),
        ...(eventLog
          ? {
              eventLog: {
                streamName: eventLog.stream.name,
                consumerName: eventLog.consumer.name,
                deadLetterQueueName: eventLog.deadLetterQueue.name,
              },
            }
          : {}),
      }),
    });

    const global = scope.node.tryFindChild(stackNames.global(b));
    if (global instanceof TerraformStack) this.addDependency(global);
    const primary = regionsOf(b, "aws").find((o) => o.primary);
    if (primary && primary.key !== r.key) {
      const primaryStack = scope.node.tryFindChild(stackNames.region(b, primary));
      if (primaryStack instanceof TerraformStack) this.addDependency(primaryStack);
    }
  }
}
