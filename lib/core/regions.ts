/** The clouds a blueprint can place regions on. */
export const CLOUDS = ["aws", "gcp"] as const;
export type Cloud = (typeof CLOUDS)[number];

/** The replicated datastore engines a blueprint can choose. */
export const ENGINES = ["aurora-postgresql", "dynamodb", "spanner", "cloudsql-postgres"] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * Region names each cloud offers (commercial partitions), so a typo such as
 * `us-east1` on AWS is caught before any plan. Keep sorted.
 */
export const REGIONS: Readonly<Record<Cloud, readonly string[]>> = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  gcp: [
    "africa-south1",
    "asia-east1",
    "asia-east2",
    "asia-northeast1",
    "asia-northeast2",
    "asia-northeast3",
    "asia-south1",
    "asia-south2",
    "asia-southeast1",
    "asia-southeast2",
    "australia-southeast1",
    "australia-southeast2",
    "europe-central2",
    "europe-north1",
    "europe-north2",
    "europe-southwest1",
    "europe-west1",
    "europe-west10",
    "europe-west12",
    "europe-west2",
    "europe-west3",
    "europe-west4",
    "europe-west6",
    "europe-west8",
    "europe-west9",
    "me-central1",
    "me-central2",
    "me-west1",
    "northamerica-northeast1",
    "northamerica-northeast2",
    "northamerica-south1",
    "southamerica-east1",
    "southamerica-west1",
    "us-central1",
    "us-east1",
    "us-east4",
    "us-east5",
    "us-south1",
    "us-west1",
    "us-west2",
    "us-west3",
    "us-west4",
  ],
};

/** Which cloud offers which replicated datastore engine. */
export const ENGINE_CLOUD: Readonly<Record<Engine, Cloud>> = {
  "aurora-postgresql": "aws",
  dynamodb: "aws",
  spanner: "gcp",
  "cloudsql-postgres": "gcp",
};

export function enginesOn(cloud: Cloud): Engine[] {
  return (Object.keys(ENGINE_CLOUD) as Engine[]).filter((e) => ENGINE_CLOUD[e] === cloud);
}
