import YAML from "yaml";
import { parseBlueprint, resolveBlueprint } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import type { WorkloadInput } from "../../lib/blueprint/schema";

/** A workload with every field set, so every object kind is rendered. */
export const fullWorkload: WorkloadInput = {
  name: "api",
  image: "ghcr.io/acme/api:2.3.1",
  port: 8080,
  replicas: { total: 10, minPerRegion: 2 },
  resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
  probes: {
    readiness: { path: "/ready" },
    liveness: { path: "/live", periodSeconds: 20 },
    startup: { failureThreshold: 30 },
  },
  env: { LOG_LEVEL: "info", FEATURE_X: "on" },
  secretEnv: { DATABASE_PASSWORD: { secret: "api-db", key: "password" } },
  config: { "app.yaml": "cache: 60\n" },
  autoscaling: { max: 30, targetCpuPercent: 60 },
  disruptionBudget: { minAvailable: "50%" },
  regionEnv: { "us-east-1": { PEER: "europe-west1" }, "europe-west1": { PEER: "us-east-1" } },
};

/**
 * A valid two-cloud blueprint (aws us-east-1 weight 60, gcp europe-west1
 * weight 40) with the given workloads and extra spec fields.
 */
export function multiCloud(workloads: WorkloadInput[] = [fullWorkload], spec: object = {}): Blueprint {
  return resolveBlueprint({
    apiVersion: "activeactive/v1",
    kind: "Blueprint",
    metadata: { name: "shop" },
    spec: {
      pattern: "primary-per-shard",
      dns: { domain: "api.shop.example.com", zoneId: "Z0123456789ABCDEFGHIJ" },
      regions: [
        { cloud: "aws", region: "us-east-1", cidr: "10.10.0.0/16", weight: 60 },
        { cloud: "gcp", region: "europe-west1", cidr: "10.20.0.0/16", weight: 40, project: "shop-prod-eu" },
      ],
      database: { engine: { aws: "aurora-postgresql", gcp: "cloudsql-postgres" } },
      budget: { monthlyUsd: 1000, alertEmails: ["ops@example.com"], billingAccount: "012345-6789AB-CDEF01" },
      interconnect: { pairs: [{ aws: "us-east-1", gcp: "europe-west1" }] },
      workloads,
      ...spec,
    },
  });
}

/** Three aws regions with the given weights and workloads. */
export function threeRegions(
  weights: [number, number, number],
  workloads: WorkloadInput[],
  spec: Record<string, unknown> = {},
): Blueprint {
  return resolveBlueprint(threeRegionsInput(weights, workloads, spec));
}

/** The same blueprint as YAML text, parsed by the file loader: errors carry file, line and column. */
export function threeRegionsYaml(
  file: string,
  weights: [number, number, number],
  workloads: WorkloadInput[],
  spec: Record<string, unknown> = {},
): Blueprint {
  return parseBlueprint(YAML.stringify(threeRegionsInput(weights, workloads, spec)), file);
}

function threeRegionsInput(
  weights: [number, number, number],
  workloads: WorkloadInput[],
  spec: Record<string, unknown>,
): object {
  const names = ["us-east-1", "eu-west-1", "ap-southeast-1"];
  return {
    apiVersion: "activeactive/v1",
    kind: "Blueprint",
    metadata: { name: "svc" },
    spec: {
      dns: { domain: "svc.example.com", zoneId: "Z0123456789ABCDEFGHIJ" },
      regions: names.map((region, i) => ({
        cloud: "aws",
        region,
        cidr: `10.${10 * (i + 1)}.0.0/16`,
        weight: weights[i],
      })),
      database: { engine: "aurora-postgresql" },
      budget: { monthlyUsd: 1000, alertEmails: ["ops@example.com"] },
      workloads,
      ...spec,
    },
  };
}
