import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { type Blueprint, type Region, regionsOf } from "../lib/blueprint/model";
import { cloudSqlIamUser } from "../lib/core/datastore-names";
import { invalidProp } from "../lib/core/errors";
import {
  cloudSqlInstanceName,
  clusterName,
  fitName,
  gcpNetworkName,
  gcpWorkloadServiceAccountId,
  regionalName,
  workloadNamespace,
} from "../lib/core/names";
import { gcpZones } from "../lib/core/zones";
import { GcpBudget } from "../lib/gcp/budget";
import { CloudSqlPostgres } from "../lib/gcp/cloudsql";
import { GkeCluster } from "../lib/gcp/gke-cluster";
import { GkeWorkloadIdentity } from "../lib/gcp/gke-workload-identity";
import { GcpKeyRing } from "../lib/gcp/kms";
import { GCP_REGION_LABEL, gcpLabels } from "../lib/gcp/labels";
import { GcpNetwork } from "../lib/gcp/network";
import { EmailNotificationChannels } from "../lib/gcp/notification-channels";
import { ReplicationLagAlert, ReplicationLagMetric } from "../lib/gcp/replication-alert";
import { subnetPlan } from "../lib/gcp/subnet-plan";
import { alertRunbookUrl } from "../lib/operate/runbooks/alerts";
import { stateBackend } from "./state-backend";

export interface GcpRegionStackProps {
  readonly blueprint: Blueprint;
  readonly region: Region;
}

/** Keys each gcp region holds, one per use. */
const KEYS = { secrets: "gke-secrets", cloudsql: "cloudsql" } as const;

/**
 * One gcp region, its own state and blast radius: its subnet of the
 * blueprint's VPC network (the primary gcp region also owns the network and
 * the private services access Cloud SQL needs), Cloud KMS keys, a private
 * GKE cluster, a Google service account per workload bound through Workload
 * Identity, its Cloud SQL instance (the writer in the writer region, a
 * cross-region replica elsewhere, with a lag alert), and a budget with
 * e-mail notifications. Owns one aliased google provider.
 */
export class GcpRegionStack extends TerraformStack {
  readonly provider: GoogleProvider;

  constructor(scope: Construct, id: string, props: GcpRegionStackProps) {
    super(scope, id);
    const b = props.blueprint;
    const r = props.region;
    if (r.cloud !== "gcp" || r.project === undefined) {
      throw invalidProp(
        this,
        "region: not a gcp region with a project",
        r.key,
        "a gcp region of the blueprint",
      );
    }
    const project = r.project;
    stateBackend(this, b);
    const provider = new GoogleProvider(this, `google-${r.region}`, {
      alias: r.region,
      project,
      region: r.region,
      // Billing budgets and some APIs bill quota to the project, not the caller's.
      userProjectOverride: true,
      billingProject: project,
      defaultLabels: gcpLabels(b, r),
    });
    this.provider = provider;
    const labels = gcpLabels(b, r);
    const name = regionalName(b, r);
    const nodeTag = fitName(`${name}-nodes`, 63);
    const plan = subnetPlan(r.cidr);
    const gcpRegions = regionsOf(b, "gcp");
    const engine = b.database.engines.gcp;
    const projectInfo = new DataGoogleProject(this, "Project", { provider, projectId: project });
    const serviceAgent = (domain: string) =>
      `serviceAccount:service-${projectInfo.number}@${domain}.iam.gserviceaccount.com`;

    const network = new GcpNetwork(this, "Network", {
      provider,
      project,
      region: r.region,
      networkName: gcpNetworkName(b),
      ...(r.primary
        ? {
            owner: {
              privateServicesRanges: gcpRegions.map((g) => ({
                name: fitName(`${regionalName(b, g)}-psa`, 63),
                cidr: subnetPlan(g.cidr).privateServices,
              })),
            },
          }
        : {}),
      name,
      plan,
      nodeTag,
      workloadPorts: b.workloads.map((w) => w.port),
      internalSources: b.regions.map((x) => x.cidr),
      labels,
    });

    const kms = new GcpKeyRing(this, "Kms", {
      provider,
      project,
      location: r.region,
      name,
      keys: engine === "cloudsql-postgres" ? [KEYS.secrets, KEYS.cloudsql] : [KEYS.secrets],
      labels,
    });

    const cluster = new GkeCluster(this, "Cluster", {
      provider,
      project,
      region: r.region,
      // GKE allows 40 characters; the same as clusterName for names up to 17 characters.
      name: fitName(clusterName(b, r), 40),
      zones: gcpZones(r.region),
      network: network.network,
      subnetwork: network.subnetwork.id,
      kubernetesVersion: b.cluster.kubernetesVersion,
      releaseChannel: b.cluster.releaseChannel,
      controlPlaneCidr: plan.controlPlane,
      authorizedNetworks: b.cluster.authorizedNetworks,
      secretsKeyId: kms.key(KEYS.secrets).id,
      nodes: {
        min: b.cluster.nodes.min,
        max: b.cluster.nodes.max,
        machineType: b.cluster.nodes.machineType,
      },
      nodeTag,
      labels,
      dependsOn: [kms.grantEncryptDecrypt(KEYS.secrets, serviceAgent("container-engine-robot"))],
    });
    new TerraformOutput(this, "cluster_name", { value: cluster.cluster.name });

    const identities = b.workloads.map((w) => ({
      workload: w.name,
      identity: new GkeWorkloadIdentity(this, `Workload-${w.name}`, {
        provider,
        project,
        accountId: gcpWorkloadServiceAccountId(r, w.name),
        namespace: workloadNamespace(b),
        kubernetesServiceAccount: w.name,
        // Cloud SQL: connect, and log in as itself (IAM database authentication).
        projectRoles:
          engine === "cloudsql-postgres" ? ["roles/cloudsql.client", "roles/cloudsql.instanceUser"] : [],
      }),
    }));

    const channels = new EmailNotificationChannels(this, "Notifications", {
      provider,
      project,
      name,
      emails: b.budget.alertEmails,
      labels,
    });

    if (engine === "cloudsql-postgres") {
      // The writer moves with spec.database.writerRegion (a promoted replica).
      const writer = gcpRegions.find((g) => g.writer)!;
      const sql = new CloudSqlPostgres(this, "Database", {
        provider,
        project,
        region: r.region,
        name: cloudSqlInstanceName(b, r),
        network: network.network,
        kmsKeyId: kms.key(KEYS.cloudsql).id,
        ...(r.writer
          ? {
              primary: { databaseName: b.database.name, backupRetentionDays: b.database.backupRetentionDays },
            }
          : { replicaOf: cloudSqlInstanceName(b, writer) }),
        labels,
        dependsOn: [
          kms.grantEncryptDecrypt(KEYS.cloudsql, serviceAgent("gcp-sa-cloud-sql")),
          ...network.privateServicesReady,
        ],
      });
      new TerraformOutput(this, "database_instance", { value: sql.instance.connectionName });
      // Each workload logs in as its own service account (IAM database authentication), on
      // the writer: users replicate to the replicas. PostgreSQL grants are the app's migration's.
      for (const { workload, identity } of identities) {
        new SqlUser(this, `DatabaseUser-${workload}`, {
          provider,
          project,
          instance: cloudSqlInstanceName(b, writer),
          name: cloudSqlIamUser(r, workload),
          type: "CLOUD_IAM_SERVICE_ACCOUNT",
          dependsOn: [identity.serviceAccount, ...(r.writer ? [sql.instance] : [])],
        });
      }
      // On every member: the writer reports no lag until it is a replica again.
      new ReplicationLagAlert(this, "ReplicationLagAlert", {
        provider,
        project,
        displayName: `${name} Cloud SQL replica lag`,
        metric: ReplicationLagMetric.cloudSqlReplica(project, cloudSqlInstanceName(b, r)),
        thresholdSeconds: b.slo.replicationLagSeconds,
        runbookUrl: alertRunbookUrl(b, "cloudsql-replica-lag"),
        notificationChannels: channels.ids,
      });
    }

    new GcpBudget(this, "Budget", {
      provider,
      // The loader requires a billing account with gcp regions.
      billingAccount: b.budget.billingAccount!,
      displayName: name,
      projectNumber: projectInfo.number,
      // This region's share of the total (lib/core/budget-split.ts).
      monthlyUsd: b.budget.byRegion[r.key]!,
      thresholdsPercent: b.budget.thresholdsPercent,
      notificationChannels: channels.ids,
      label: { key: GCP_REGION_LABEL, value: r.region },
    });
  }
}
