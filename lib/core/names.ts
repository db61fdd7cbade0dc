/**
 * What naming reads of a blueprint and a region. The resolved `Blueprint` and
 * `Region` fit these shapes; core stays free of the blueprint types.
 */
export interface NamedBlueprint {
  readonly name: string;
  readonly dns: { readonly domain: string };
}
export interface NamedRegion {
  /** e.g. `aws-us-east-1`. */
  readonly key: string;
  readonly region: string;
  readonly project?: string;
}

/**
 * Deterministic names shared across stacks. Stacks never pass tokens to each
 * other (a cross-stack token becomes remote state that cannot plan offline);
 * they agree on names computed here from the blueprint instead.
 */
export const stackNames = {
  global: (b: NamedBlueprint) => `${b.name}-global`,
  region: (b: NamedBlueprint, r: NamedRegion) => `${b.name}-${r.key}`,
  interconnect: (b: NamedBlueprint) => `${b.name}-interconnect`,
  /** Google Cloud resources that span the gcp regions: global load balancer, Spanner. */
  gcpGlobal: (b: NamedBlueprint) => `${b.name}-gcp-global`,
  /** AWS Global Accelerator in front of the AWS regions (`spec.dns.mode: accelerator`). */
  accelerator: (b: NamedBlueprint) => `${b.name}-accelerator`,
};

/** The VPC network of a blueprint's gcp regions (global; each region adds its subnet). */
export function gcpNetworkName(b: NamedBlueprint): string {
  return fitName(`${b.name}-vpc`, 63);
}

/**
 * The standalone network endpoint group GKE creates for a workload's Service
 * in each zone of each gcp region; the global load balancer's backends. The
 * Service carries the annotation
 * `cloud.google.com/neg: {"exposed_ports": {"<port>": {"name": "<this>"}}}`.
 */
export function gcpNegName(b: NamedBlueprint, workload: string): string {
  return fitName(`${b.name}-${workload}`, 63);
}

/** The Cloud SQL instance of a gcp region (the primary region's one is the writer). */
export function cloudSqlInstanceName(b: NamedBlueprint, r: NamedRegion): string {
  return fitName(`${b.name}-${r.region}`, 80);
}

/** The hostname each region serves on, behind the one global name. */
export function regionalHostname(b: NamedBlueprint, r: NamedRegion): string {
  return `${r.region}.${b.dns.domain}`;
}

/** Resource name prefix unique per blueprint and region, e.g. `shop-aws-us-east-1`. */
export function regionalName(b: NamedBlueprint, r: NamedRegion): string {
  return `${b.name}-${r.key}`;
}

/** The Kubernetes cluster name in a region; also the folder under dist/k8s. */
export function clusterName(b: NamedBlueprint, r: NamedRegion): string {
  return `${b.name}-${r.key}`;
}

/** The namespace every workload of a blueprint runs in, on every cluster. */
export function workloadNamespace(b: NamedBlueprint): string {
  return b.name;
}

/**
 * The IAM role a workload's pods assume on an EKS cluster (through EKS Pod
 * Identity, which needs no account id in the manifests), e.g. `shop-aws-us-east-1-api`.
 */
export function awsWorkloadRoleName(b: NamedBlueprint, r: NamedRegion, workload: string): string {
  return fitName(`${clusterName(b, r)}-${workload}`, 64);
}

/**
 * The Google service account a workload's Kubernetes service account is bound
 * to through Workload Identity. Service accounts are per project, not per
 * region, so the region is part of the id (6-30 characters).
 */
export function gcpWorkloadServiceAccountId(r: NamedRegion, workload: string): string {
  return fitName(`${workload}-${r.region}`, 30);
}

/** The e-mail of that service account, as the Workload Identity annotation needs it. */
export function gcpWorkloadServiceAccountEmail(r: NamedRegion, workload: string): string {
  return `${gcpWorkloadServiceAccountId(r, workload)}@${r.project}.iam.gserviceaccount.com`;
}

/** Shortens a name to `max` characters, keeping it unique with a short stable hash. */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const suffix = h.toString(36).slice(0, 6);
  return `${name.slice(0, max - suffix.length - 1).replace(/-+$/, "")}-${suffix}`;
}

/** The Aurora global database identifier regional clusters join by, e.g. `shop-global`. */
export function auroraGlobalClusterId(b: NamedBlueprint): string {
  return `${b.name}-global`;
}

/** A region's Aurora cluster identifier (also its alarm dimension), e.g. `shop-aws-eu-west-1`. */
export function auroraClusterId(b: NamedBlueprint, r: NamedRegion): string {
  return regionalName(b, r);
}

/** The DynamoDB global table's name, the same in every region. */
export function dynamoTableName(b: NamedBlueprint): string {
  return b.name;
}

/** A region's internet-facing load balancer (32 characters at most), e.g. `shop-aws-us-east-1`. */
export function awsLoadBalancerName(b: NamedBlueprint, r: NamedRegion): string {
  return fitName(regionalName(b, r), 32);
}

/**
 * The target group a workload's pods are registered in, in one AWS region
 * (32 characters at most), e.g. `shop-us-east-1-api`.
 */
export function awsTargetGroupName(b: NamedBlueprint, r: NamedRegion, workload: string): string {
  return fitName(`${b.name}-${r.region}-${workload}`, 32);
}

/** The Global Accelerator of a blueprint in `spec.dns.mode: accelerator` (64 characters at most). */
export function acceleratorName(b: NamedBlueprint): string {
  return fitName(`${b.name}-global`, 64);
}

/** The SNS topic (us-east-1) the Route 53 health-check alarms page through. */
export function healthAlarmTopicName(b: NamedBlueprint): string {
  return fitName(`${b.name}-routing-health`, 256);
}
