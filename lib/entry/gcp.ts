// `import { ... } from "activeactive/gcp"`: the Google Cloud constructs and
// stacks, and the AWS–Google Cloud interconnect (HA VPN) that needs both providers.
// An explicit list on purpose: what is not named here is internal.

export { GcpGlobalStack, type GcpGlobalStackProps } from "../../stacks/gcp-global-stack";
export { GcpRegionStack, type GcpRegionStackProps } from "../../stacks/gcp-region-stack";
export { InterconnectStack, type InterconnectStackProps } from "../../stacks/interconnect-stack";
export { BigtableReplicated, type BigtableReplicatedProps } from "../gcp/bigtable";
export { GcpBudget, type GcpBudgetProps } from "../gcp/budget";
export { CloudSqlPostgres, type CloudSqlPostgresProps } from "../gcp/cloudsql";
export { GkeCluster, type GkeClusterProps } from "../gcp/gke-cluster";
export { GkeWorkloadIdentity, type GkeWorkloadIdentityProps } from "../gcp/gke-workload-identity";
export {
  GcpGlobalLoadBalancer,
  type GcpGlobalLoadBalancerProps,
  type HeaderRoute,
  type LoadBalancedRegion,
} from "../gcp/global-lb";
export { GcpKeyRing, type GcpKeyRingProps } from "../gcp/kms";
export { GcpNetwork, type GcpNetworkProps, type PrivateServicesRange } from "../gcp/network";
export { EmailNotificationChannels, type EmailNotificationChannelsProps } from "../gcp/notification-channels";
export { PubsubEventLog, type PubsubEventLogProps } from "../gcp/pubsub-event-log";
export {
  ReplicationLagAlert,
  type ReplicationLagAlertProps,
  ReplicationLagMetric,
} from "../gcp/replication-alert";
export { SpannerMultiRegion, type SpannerMultiRegionProps } from "../gcp/spanner";
export { AwsGcpHaVpn, type AwsGcpHaVpnProps } from "../interconnect/aws-gcp-ha-vpn";
export { TunnelDownAlert, type TunnelDownAlertProps } from "../interconnect/tunnel-down-alert";
