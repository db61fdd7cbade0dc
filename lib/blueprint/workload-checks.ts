import { formatPath, type Problem, show } from "../core/errors";
import { replicasByRegion, type WeightedRegion } from "./replicas";
import type { WorkloadInput } from "./schema";

/** Defaults of a workload, in one place. */
export const WORKLOAD_DEFAULTS = {
  probe: { periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 0 },
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } },
  targetCpuPercent: 70,
  disruptionBudget: { maxUnavailable: 1 },
  spreadAcrossZones: true,
} as const;

/** Variables every pod gets from its region's ConfigMap. */
export const RESERVED_ENV = ["CLOUD", "REGION"];
const CONFIG_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const SECRET_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * What the schema cannot say about a workload: an image that pins no
 * version, a regionEnv variable that env would shadow, ConfigMap and Secret
 * keys or names Kubernetes would refuse, CPU autoscaling without a CPU
 * request, an autoscaling maximum below a region's replicas. Paths start at `spec`; `regions` need only names
 * and weights, so the blueprint loader can run this on its input too.
 */
export function workloadProblems(
  w: WorkloadInput,
  index: number,
  regions: readonly WeightedRegion[],
): Problem[] {
  const at = ["spec", "workloads", index];
  const problems: Problem[] = [];
  if (imageVersion(w.image) === undefined) {
    problems.push({
      path: formatPath([...at, "image"]),
      message: "the image must be pinned: a moving tag lets regions run different code",
      found: show(w.image),
      expected: "a tag other than latest (ghcr.io/acme/api:1.4.2) or a digest (@sha256:...)",
    });
  }
  for (const name of Object.keys(w.secretEnv ?? {}).filter((n) => w.env?.[n] !== undefined)) {
    problems.push({
      path: formatPath([...at, "secretEnv", name]),
      message: "also set in env: the container would get the variable twice",
      found: show(name),
      expected: "each variable in env or secretEnv, not both",
    });
  }
  const reserved: [(string | number)[], Record<string, unknown> | undefined][] = [
    [["env"], w.env],
    [["secretEnv"], w.secretEnv],
    ...Object.entries(w.regionEnv ?? {}).map(([r, vars]): [string[], Record<string, unknown>] => [
      ["regionEnv", r],
      vars,
    ]),
  ];
  for (const [field, vars] of reserved) {
    for (const name of RESERVED_ENV.filter((n) => vars?.[n] !== undefined)) {
      problems.push({
        path: formatPath([...at, ...field, name]),
        message: `${name} is set for every pod from its region`,
        found: show(name),
        expected: `another name; ${RESERVED_ENV.join(" and ")} are reserved`,
      });
    }
  }
  // Region env reaches the pod through envFrom, which `env` entries override without a word.
  const shared = new Set([...Object.keys(w.env ?? {}), ...Object.keys(w.secretEnv ?? {})]);
  for (const [region, vars] of Object.entries(w.regionEnv ?? {})) {
    for (const name of Object.keys(vars).filter((n) => shared.has(n))) {
      problems.push({
        path: formatPath([...at, "regionEnv", region, name]),
        message: "also set in env or secretEnv, which would silently win over the region's value",
        found: show(name),
        expected: `${name} in regionEnv of every region, or only in env`,
      });
    }
  }
  // Kubernetes checks these only when the object is applied, one region after another.
  for (const key of Object.keys(w.config ?? {}).filter((k) => !CONFIG_KEY.test(k))) {
    problems.push({
      path: formatPath([...at, "config", key]),
      message: "not a valid ConfigMap key",
      found: show(key),
      expected: "letters, digits, '-', '_' or '.', at most 253 characters, e.g. app.yaml",
    });
  }
  for (const [name, ref] of Object.entries(w.secretEnv ?? {})) {
    if (!SECRET_NAME.test(ref.secret)) {
      problems.push({
        path: formatPath([...at, "secretEnv", name, "secret"]),
        message: "not a valid Secret name",
        found: show(ref.secret),
        expected: "a DNS subdomain: lowercase letters, digits, '-' and '.', e.g. api-db",
      });
    }
    if (!CONFIG_KEY.test(ref.key)) {
      problems.push({
        path: formatPath([...at, "secretEnv", name, "key"]),
        message: "not a valid Secret key",
        found: show(ref.key),
        expected: "letters, digits, '-', '_' or '.', e.g. password",
      });
    }
  }
  const a = w.autoscaling;
  if (a === undefined) return problems;
  if ((w.resources ?? WORKLOAD_DEFAULTS.resources).requests?.cpu === undefined) {
    problems.push({
      path: formatPath([...at, "resources", "requests", "cpu"]),
      message: "autoscaling on CPU needs a CPU request to measure utilization against",
      found: "no CPU request",
      expected: "resources: { requests: { cpu: 250m } }",
    });
  }
  const replicas = replicasByRegion(w.replicas, regions);
  const floor = regions.find((r) => (a.min ?? replicas[r.region]!) > a.max);
  if (floor !== undefined && a.min === undefined) {
    problems.push({
      path: formatPath([...at, "autoscaling", "max"]),
      message: `autoscaling maximum below the ${floor.region} replica count`,
      found: String(a.max),
      expected: `at least ${replicas[floor.region]}`,
    });
  }
  return problems;
}

/**
 * The version an image reference pins: its tag, else `sha256-` and 12 digest
 * digits; undefined when it pins nothing (no tag, or `latest`, and no digest).
 * Fit for a label value (63 chars, alphanumeric at both ends).
 */
export function imageVersion(image: string): string | undefined {
  const at = image.indexOf("@sha256:");
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.indexOf(":", ref.lastIndexOf("/") + 1);
  const tag =
    colon >= 0
      ? ref
          .slice(colon + 1)
          .replace(/^[^A-Za-z0-9]+/, "")
          .slice(0, 63)
          .replace(/[^A-Za-z0-9]+$/, "")
      : "";
  if (tag !== "" && tag !== "latest") return tag;
  return at >= 0 ? `sha256-${image.slice(at + 8, at + 20)}` : undefined;
}
