import { budgetProblems } from "../core/budget-split";
import { type CapacityRegion, type CapacityWorkload, nMinusOneShortfalls, nodesOf } from "../core/capacity";
import { formatPath, type Problem, show } from "../core/errors";
import { cpuMilli, instanceType, instanceTypeNames, memoryMiB } from "../core/instance-types";
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS } from "../core/kubernetes-versions";
import { DEFAULTS } from "./model";
import { replicasByRegion } from "./replicas";
import type { BlueprintInput, WorkloadInput } from "./schema";
import { WORKLOAD_DEFAULTS } from "./workload-checks";

/**
 * Cluster checks the schema cannot express: the Kubernetes version is one the
 * version table knows, the node types are ones the size table knows, and with
 * the largest region lost the others still carry every workload's total.
 */
export function clusterChecks(input: BlueprintInput, problems: Problem[]): void {
  const s = input.spec;
  const version = s.cluster?.kubernetesVersion;
  if (version !== undefined && !KUBERNETES_VERSIONS.some((k) => k.version === version)) {
    problems.push({
      path: formatPath(["spec", "cluster", "kubernetesVersion"]),
      message: "not a Kubernetes version EKS and GKE support (see lib/core/kubernetes-versions.ts)",
      found: show(version),
      expected: `one of ${KUBERNETES_VERSIONS.map((k) => k.version).join(", ")} (default ${DEFAULT_KUBERNETES_VERSION})`,
    });
  }
  const clouds = new Set(s.regions.map((r) => r.cloud));
  const types = {
    aws: s.cluster?.nodes?.instanceType ?? DEFAULTS.nodes.instanceType,
    gcp: s.cluster?.nodes?.machineType ?? DEFAULTS.nodes.machineType,
  };
  let known = true;
  for (const cloud of clouds) {
    const name = types[cloud];
    const t = instanceType(name);
    if (t === undefined || t.cloud !== cloud) {
      known = false;
      problems.push({
        path: formatPath(["spec", "cluster", "nodes", cloud === "aws" ? "instanceType" : "machineType"]),
        message: `node size unknown, so node limits and N-1 capacity cannot be computed (add it to lib/core/instance-types.ts)`,
        found: show(name),
        expected: `one of ${instanceTypeNames(cloud).join(", ")}`,
      });
    }
  }
  if (known) capacityCheck(input, types, problems);
  budgetCheck(input, problems);
}

/** `monthlyUsd` is the total; per-region amounts must leave every other region a share. */
function budgetCheck(input: BlueprintInput, problems: Problem[]): void {
  const b = input.spec.budget;
  const regions = input.spec.regions.map((r) => ({
    key: `${r.cloud}-${r.region}`,
    name: r.region,
    cloud: r.cloud,
    weight: r.weight ?? DEFAULTS.weight,
  }));
  for (const p of budgetProblems(b.monthlyUsd, regions, b.perRegion ?? {})) {
    problems.push({
      path: formatPath([
        "spec",
        "budget",
        ...(p.region !== undefined ? ["perRegion", p.region] : ["perRegion"]),
      ]),
      message: p.message,
      found: p.found,
      expected: p.expected,
    });
  }
}

function capacityCheck(
  input: BlueprintInput,
  types: { aws: string; gcp: string },
  problems: Problem[],
): void {
  const s = input.spec;
  const max = s.cluster?.nodes?.max ?? DEFAULTS.nodes.max;
  const weighted = s.regions.map((r) => ({ region: r.region, weight: r.weight ?? DEFAULTS.weight }));
  const regions: CapacityRegion[] = s.regions.map((r) => {
    const t = instanceType(types[r.cloud])!;
    return {
      name: r.region,
      weight: r.weight ?? DEFAULTS.weight,
      nodes: nodesOf(t, max),
    };
  });
  // A workload states what it needs with `replicas.total`, or can grow with autoscaling;
  // fixed per-region counts are the user's own choice per region (AA403 skips them too),
  // but their pods still take room on the nodes.
  const checked = (w: WorkloadInput) =>
    w.autoscaling !== undefined || (typeof w.replicas === "object" && "total" in w.replicas);
  const workloads = (s.workloads ?? []).map((w) => ({
    ...capacityWorkload(w, weighted),
    ...(checked(w) ? {} : { total: 0 }),
  }));
  for (const f of nMinusOneShortfalls(regions, workloads)) {
    const i = (s.workloads ?? []).findIndex((w) => w.name === f.workload);
    const w = s.workloads![i]!;
    problems.push({
      path: formatPath(["spec", "workloads", i, w.autoscaling ? "autoscaling" : "replicas"]),
      message: `N-1 capacity does not hold: ${f.message}`,
      found: `${f.available} replicas after losing ${f.lost}`,
      expected: `at least ${f.needed}: raise autoscaling.max or cluster.nodes.max, or lower the requests`,
    });
  }
}

/** A workload as the capacity arithmetic sees it, from blueprint input. */
export function capacityWorkload(
  w: WorkloadInput,
  regions: readonly { region: string; weight: number }[],
): CapacityWorkload {
  const replicas = replicasByRegion(w.replicas, regions);
  const total =
    w.replicas !== undefined && typeof w.replicas === "object" && "total" in w.replicas
      ? w.replicas.total
      : Object.values(replicas).reduce((a, n) => a + n, 0);
  const requests = (w.resources ?? WORKLOAD_DEFAULTS.resources).requests;
  return {
    name: w.name,
    total,
    ceiling: Object.fromEntries(
      regions.map((r) => [r.region, w.autoscaling ? w.autoscaling.max : replicas[r.region]!]),
    ),
    cpuMilli: cpuMilli(requests?.cpu) ?? 0,
    memoryMiB: memoryMiB(requests?.memory) ?? 0,
  };
}
