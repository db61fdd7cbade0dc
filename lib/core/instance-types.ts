/**
 * Node sizes the capacity checks need: vCPUs, memory and pods per node of the
 * instance and machine types blueprints use, and what Kubernetes can schedule
 * on them once the kubelet's reservations are taken off. Dependency-free.
 */

export type NodeCloud = "aws" | "gcp";

export interface InstanceType {
  readonly name: string;
  readonly cloud: NodeCloud;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Pods per node: the ENI limit on EKS, the cluster's max pods per node on GKE (we set 64). */
  readonly maxPods: number;
}

const aws = (name: string, vcpu: number, memoryGiB: number, maxPods: number): InstanceType => ({
  name,
  cloud: "aws",
  vcpu,
  memoryGiB,
  maxPods,
});
const gcp = (name: string, vcpu: number, memoryGiB: number): InstanceType => ({
  name,
  cloud: "gcp",
  vcpu,
  memoryGiB,
  maxPods: 64,
});

/**
 * @see https://aws.amazon.com/ec2/instance-types/ (vCPU, memory)
 * @see https://github.com/awslabs/amazon-eks-ami/blob/main/templates/shared/runtime/eni-max-pods.txt (max pods)
 * @see https://cloud.google.com/compute/docs/general-purpose-machines
 */
export const INSTANCE_TYPES: readonly InstanceType[] = [
  ...["m5", "m6i", "m6a", "m7i", "m7g", "m6g"].flatMap((f) => [
    aws(`${f}.large`, 2, 8, 29),
    aws(`${f}.xlarge`, 4, 16, 58),
    aws(`${f}.2xlarge`, 8, 32, 58),
    aws(`${f}.4xlarge`, 16, 64, 234),
  ]),
  ...["t3", "t3a"].flatMap((f) => [
    aws(`${f}.large`, 2, 8, 35),
    aws(`${f}.xlarge`, 4, 16, 58),
    aws(`${f}.2xlarge`, 8, 32, 58),
  ]),
  ...["c5", "c6i", "c7i", "c6g"].flatMap((f) => [
    aws(`${f}.large`, 2, 4, 29),
    aws(`${f}.xlarge`, 4, 8, 58),
    aws(`${f}.2xlarge`, 8, 16, 58),
    aws(`${f}.4xlarge`, 16, 32, 234),
  ]),
  ...["r5", "r6i", "r7i", "r6g"].flatMap((f) => [
    aws(`${f}.large`, 2, 16, 29),
    aws(`${f}.xlarge`, 4, 32, 58),
    aws(`${f}.2xlarge`, 8, 64, 58),
    aws(`${f}.4xlarge`, 16, 128, 234),
  ]),
  ...["e2", "n2", "n2d", "n4", "c3"].flatMap((f) =>
    [2, 4, 8, 16].map((n) => gcp(`${f}-standard-${n}`, n, n * 4)),
  ),
  ...[2, 4, 8, 16].map((n) => gcp(`e2-highmem-${n}`, n, n * 8)),
  ...[2, 4, 8, 16].map((n) => gcp(`e2-highcpu-${n}`, n, n)),
];

export function instanceType(name: string): InstanceType | undefined {
  return INSTANCE_TYPES.find((t) => t.name === name);
}

/** Names of one cloud's known types, for error messages. */
export function instanceTypeNames(cloud: NodeCloud): string[] {
  return INSTANCE_TYPES.filter((t) => t.cloud === cloud).map((t) => t.name);
}

export interface Allocatable {
  /** Millicores. */
  readonly cpuMilli: number;
  /** MiB. */
  readonly memoryMiB: number;
  readonly pods: number;
}

/** CPU both EKS and GKE reserve: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% above. */
function reservedCpuMilli(vcpu: number): number {
  const tiers: [number, number][] = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Number.POSITIVE_INFINITY, 0.0025],
  ];
  let left = vcpu;
  let reserved = 0;
  for (const [cores, share] of tiers) {
    const n = Math.min(left, cores);
    reserved += n * 1000 * share;
    left -= n;
    if (left <= 0) break;
  }
  return Math.ceil(reserved);
}

/** GKE: 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above. */
function gkeReservedMemoryMiB(memoryGiB: number): number {
  const tiers: [number, number][] = [
    [4, 0.25],
    [4, 0.2],
    [8, 0.1],
    [112, 0.06],
    [Number.POSITIVE_INFINITY, 0.02],
  ];
  let left = memoryGiB;
  let reserved = 0;
  for (const [gib, share] of tiers) {
    const n = Math.min(left, gib);
    reserved += n * 1024 * share;
    left -= n;
    if (left <= 0) break;
  }
  return Math.ceil(reserved);
}

/** Eviction threshold both clouds keep free on top of the reservations. */
const EVICTION_MIB = 100;

/**
 * What pods can request on one node: capacity minus the kubelet and system
 * reservation (EKS: 255 MiB + 11 MiB per pod; GKE: its tiered formula) and the
 * eviction threshold. DaemonSets take a little more; the checks ignore it.
 *
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_and_cpu_reservations
 * @see https://github.com/awslabs/amazon-eks-ami/blob/main/templates/al2023/runtime/ (kube-reserved)
 */
export function allocatable(t: InstanceType): Allocatable {
  const memoryMiB = t.memoryGiB * 1024;
  const reservedMemory = t.cloud === "aws" ? 255 + 11 * t.maxPods : gkeReservedMemoryMiB(t.memoryGiB);
  return {
    cpuMilli: t.vcpu * 1000 - reservedCpuMilli(t.vcpu),
    memoryMiB: memoryMiB - reservedMemory - EVICTION_MIB,
    pods: t.maxPods,
  };
}

/** Kubernetes CPU quantity ("250m", "1", 0.5) in millicores; undefined when unreadable. */
export function cpuMilli(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === "number") return Math.round(q * 1000);
  const m = /^([0-9.]+)(m?)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  return m[2] === "m" ? n : Math.round(n * 1000);
}

const MEMORY_UNITS: Record<string, number> = {
  "": 1 / (1024 * 1024),
  k: 1000 / (1024 * 1024),
  M: 1e6 / (1024 * 1024),
  G: 1e9 / (1024 * 1024),
  T: 1e12 / (1024 * 1024),
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
};

/** Kubernetes memory quantity ("256Mi", "1G", 134217728) in MiB; undefined when unreadable. */
export function memoryMiB(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === "number") return q / (1024 * 1024);
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q.trim());
  if (!m) return undefined;
  const unit = MEMORY_UNITS[m[2]!];
  const n = Number(m[1]);
  return unit === undefined || !Number.isFinite(n) ? undefined : n * unit;
}
