/**
 * Spanner base multi-region instance configurations this library can choose
 * from, with the regions of their replicas. A customer-managed key is needed
 * in every one of these regions (witness included): Spanner rejects
 * `kms_key_names` that do not cover the whole configuration.
 * Verify a row with `gcloud spanner instance-configs describe <name>`.
 * @see https://cloud.google.com/spanner/docs/instance-configurations
 * @see https://cloud.google.com/spanner/docs/use-cmek
 */
export interface SpannerConfig {
  readonly name: string;
  /** Regions with read-write replicas (the first is the default leader). */
  readonly readWrite: readonly string[];
  /** Regions with read-only replicas: local strong or stale reads, no votes. */
  readonly readOnly: readonly string[];
  /** Votes in commits, holds no full copy; absent for regional configurations. */
  readonly witness?: string;
}

/** Kept in the order ties are broken in: regional groups before the global one. */
export const SPANNER_CONFIGS: readonly SpannerConfig[] = [
  { name: "nam3", readWrite: ["us-east4", "us-east1"], readOnly: [], witness: "us-central1" },
  { name: "nam7", readWrite: ["us-central1", "us-east4"], readOnly: [], witness: "us-central2" },
  {
    name: "nam14",
    readWrite: ["us-east4", "northamerica-northeast1"],
    readOnly: [],
    witness: "us-east1",
  },
  {
    name: "nam6",
    readWrite: ["us-central1", "us-east1"],
    readOnly: ["us-west1", "us-west2"],
    witness: "us-central2",
  },
  { name: "eur3", readWrite: ["europe-west1", "europe-west4"], readOnly: [], witness: "europe-north1" },
  { name: "eur6", readWrite: ["europe-west4", "europe-west3"], readOnly: [], witness: "europe-west6" },
  {
    name: "asia1",
    readWrite: ["asia-northeast1", "asia-northeast2"],
    readOnly: [],
    witness: "asia-northeast3",
  },
  {
    name: "nam-eur-asia1",
    readWrite: ["us-central1", "us-central2"],
    readOnly: ["europe-west1", "asia-east1"],
    witness: "us-east1",
  },
];

/** Every region holding a replica of the configuration: where its keys must be. */
export function spannerConfigRegions(config: SpannerConfig): string[] {
  return [...config.readWrite, ...config.readOnly, ...(config.witness !== undefined ? [config.witness] : [])];
}

/** The regional configuration of one region (three replicas in its zones). */
export function regionalSpannerConfig(region: string): SpannerConfig {
  return { name: `regional-${region}`, readWrite: [region], readOnly: [] };
}

/**
 * The configuration that serves every given region from a local replica
 * (read-write or read-only), with the fewest replica regions (the cheapest);
 * ties go to the earlier row; one region gets its regional configuration.
 * `undefined` when none fits: custom instance configurations are out of scope.
 */
export function spannerConfigFor(regions: readonly string[]): SpannerConfig | undefined {
  if (regions.length === 1) return regionalSpannerConfig(regions[0]!);
  let best: SpannerConfig | undefined;
  for (const config of SPANNER_CONFIGS) {
    const serving = new Set([...config.readWrite, ...config.readOnly]);
    if (!regions.every((r) => serving.has(r))) continue;
    if (best === undefined || spannerConfigRegions(config).length < spannerConfigRegions(best).length) {
      best = config;
    }
  }
  return best;
}
