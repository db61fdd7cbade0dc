// `import { ... } from "activeactive/aws"`: the AWS constructs and stacks. It
// loads cdktf and @cdktf/provider-aws submodules, never the Google provider or cdk8s.
// An explicit list on purpose: what is not named here is internal.

export { AcceleratorStack, type AcceleratorStackProps } from "../../stacks/accelerator-stack";
export { AwsRegionStack, type AwsRegionStackProps } from "../../stacks/aws-region-stack";
export { GlobalStack, type GlobalStackProps } from "../../stacks/global-stack";
export { AccessLogBucket, type AccessLogBucketProps } from "../aws/access-log-bucket";
export {
  AuroraGlobalDatabase,
  type AuroraGlobalDatabaseProps,
  DEFAULT_AURORA_POSTGRES_VERSION,
} from "../aws/aurora-global";
export { DsqlConnectAccess, type DsqlConnectAccessProps } from "../aws/dsql-connect-access";
export { DsqlMultiRegion, type DsqlMultiRegionProps, type DsqlPeer } from "../aws/dsql-multi-region";
export {
  DynamoDbGlobalTable,
  type DynamoDbGlobalTableProps,
  type DynamoDbReplica,
} from "../aws/dynamodb-global-table";
export {
  type ControlPlaneLogType,
  EksCluster,
  type EksClusterProps,
  type WorkloadIdentity,
} from "../aws/eks-cluster";
export { FrontDoorAlarms, type FrontDoorAlarmsProps } from "../aws/front-door-alarms";
export {
  type AcceleratedRegion,
  GlobalAccelerator,
  type GlobalAcceleratorProps,
} from "../aws/global-accelerator";
export {
  type AlarmedHealthCheck,
  HealthCheckAlarms,
  type HealthCheckAlarmsProps,
} from "../aws/health-check-alarms";
export { CustomerManagedKey, type CustomerManagedKeyProps } from "../aws/kms-key";
export { type RegionProviderOptions, regionProvider } from "../aws/provider";
export { RegionBudget, type RegionBudgetProps } from "../aws/region-budget";
export {
  type AuroraClusterRole,
  RegionalAuroraCluster,
  type RegionalAuroraClusterProps,
} from "../aws/regional-aurora-cluster";
export { RegionalCertificate, type RegionalCertificateProps } from "../aws/regional-certificate";
export { RegionalEventLog, type RegionalEventLogProps } from "../aws/regional-event-log";
export {
  type LoadBalancerTarget,
  RegionalLoadBalancer,
  type RegionalLoadBalancerProps,
} from "../aws/regional-load-balancer";
export { type NatGateways, RegionalNetwork, type RegionalNetworkProps } from "../aws/regional-network";
export { ReplicationAlarms, type ReplicationAlarmsProps } from "../aws/replication-alarms";
export {
  type HttpsHealthCheck,
  Route53GlobalRouting,
  type Route53GlobalRoutingProps,
  type RoutedEndpoint,
} from "../aws/route53-global-routing";
export {
  ShardListenerRules,
  type ShardListenerRulesProps,
  type ShardOwnerHost,
} from "../aws/shard-listener-rules";
export { WorkloadDataAccess, type WorkloadDataAccessProps } from "../aws/workload-data-access";
