/**
 * The three zones GKE nodes are pinned to in each region. Pinning them makes
 * the zones of the workloads' network endpoint groups known at synth time, so
 * the global load balancer (another stack) can name its backends without a
 * cross-stack reference. Most regions have zones a-c; the exceptions are
 * listed.
 * @see https://cloud.google.com/compute/docs/regions-zones
 */
const EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
  "europe-west1": ["b", "c", "d"],
  "us-east1": ["b", "c", "d"],
};

export function gcpZones(region: string): string[] {
  return (EXCEPTIONS[region] ?? ["a", "b", "c"]).map((z) => `${region}-${z}`);
}
