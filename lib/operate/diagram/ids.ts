import { graphId } from "../../core/architecture-graph";
import type { Cloud } from "../../core/regions";

/** Node and group ids of the diagram, one place so the parts agree. */
export const ids = {
  cloud: (cloud: Cloud) => graphId(cloud),
  region: (cloud: Cloud, region: string) => graphId(cloud, region),
  cluster: (cloud: Cloud, region: string) => graphId(cloud, region, "cluster"),
  datastore: (cloud: Cloud, region: string) => graphId(cloud, region, "data"),
  stream: (cloud: Cloud, region: string) => graphId(cloud, region, "stream"),
  shards: (cloud: Cloud, region: string) => graphId(cloud, region, "shards"),
  users: "users",
  routing: "routing",
  gcpLoadBalancer: "gcp_load_balancer",
  pubsubTopic: "gcp_pubsub_topic",
};

export const CLOUD_LABEL: Readonly<Record<Cloud, string>> = { aws: "AWS", gcp: "Google Cloud" };
