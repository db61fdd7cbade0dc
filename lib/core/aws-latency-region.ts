import { REGIONS } from "./regions";

/**
 * AWS regions nearest to each gcp region, nearest first. Route 53 latency
 * records can only name AWS regions, so a gcp region's record borrows the
 * nearest AWS region the blueprint does not already route to (one latency
 * record per AWS region and name).
 */
const NEAREST: Readonly<Record<string, readonly string[]>> = {
  "africa-south1": ["af-south-1"],
  "asia-east1": ["ap-east-1", "ap-northeast-1"],
  "asia-east2": ["ap-east-1", "ap-southeast-1"],
  "asia-northeast1": ["ap-northeast-1", "ap-northeast-3"],
  "asia-northeast2": ["ap-northeast-3", "ap-northeast-1"],
  "asia-northeast3": ["ap-northeast-2", "ap-northeast-1"],
  "asia-south1": ["ap-south-1", "ap-south-2"],
  "asia-south2": ["ap-south-1", "ap-south-2"],
  "asia-southeast1": ["ap-southeast-1", "ap-southeast-5"],
  "asia-southeast2": ["ap-southeast-3", "ap-southeast-1"],
  "australia-southeast1": ["ap-southeast-2", "ap-southeast-4"],
  "australia-southeast2": ["ap-southeast-4", "ap-southeast-2"],
  "europe-central2": ["eu-central-1", "eu-north-1"],
  "europe-north1": ["eu-north-1", "eu-central-1"],
  "europe-north2": ["eu-north-1", "eu-central-1"],
  "europe-southwest1": ["eu-south-2", "eu-west-3"],
  "europe-west1": ["eu-west-3", "eu-west-2", "eu-central-1", "eu-west-1"],
  "europe-west10": ["eu-central-1", "eu-north-1"],
  "europe-west12": ["eu-south-1", "eu-west-3"],
  "europe-west2": ["eu-west-2", "eu-west-1", "eu-west-3"],
  "europe-west3": ["eu-central-1", "eu-central-2"],
  "europe-west4": ["eu-central-1", "eu-west-3", "eu-west-2"],
  "europe-west6": ["eu-central-2", "eu-central-1"],
  "europe-west8": ["eu-south-1", "eu-central-2"],
  "europe-west9": ["eu-west-3", "eu-west-2"],
  "me-central1": ["me-south-1", "me-central-1"],
  "me-central2": ["me-south-1", "me-central-1"],
  "me-west1": ["il-central-1", "me-central-1"],
  "northamerica-northeast1": ["ca-central-1", "us-east-1"],
  "northamerica-northeast2": ["ca-central-1", "us-east-2"],
  "northamerica-south1": ["mx-central-1", "us-east-2"],
  "southamerica-east1": ["sa-east-1"],
  "southamerica-west1": ["sa-east-1"],
  "us-central1": ["us-east-2", "us-east-1", "us-west-2", "ca-central-1"],
  "us-east1": ["us-east-1", "us-east-2"],
  "us-east4": ["us-east-1", "us-east-2"],
  "us-east5": ["us-east-2", "us-east-1"],
  "us-south1": ["us-east-2", "us-east-1", "us-west-1"],
  "us-west1": ["us-west-2", "us-west-1"],
  "us-west2": ["us-west-1", "us-west-2"],
  "us-west3": ["us-west-2", "us-west-1"],
  "us-west4": ["us-west-1", "us-west-2"],
};

/**
 * The AWS region a gcp region's latency record names: the nearest one not
 * in `taken`; past the list, the first free AWS region (still correct
 * routing, coarser latency).
 */
export function awsLatencyRegionFor(gcpRegion: string, taken: ReadonlySet<string>): string {
  const candidates = [...(NEAREST[gcpRegion] ?? []), ...REGIONS.aws];
  const free = candidates.find((r) => !taken.has(r));
  if (free === undefined) throw new Error(`no AWS region left for the latency record of ${gcpRegion}`);
  return free;
}
