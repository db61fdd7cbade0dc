import { distance } from "fastest-levenshtein";
import { checkAddressPlan, defaultTunnelCidrs } from "../core/address-plan";
import { cidrsOverlap, parseCidr } from "../core/cidr";
import { formatPath, type Problem, show } from "../core/errors";
import {
  BILLING_ACCOUNT_RULE,
  HEALTH_CHECK_THRESHOLD_RULE,
  isHealthCheckThresholdOk,
  NETWORK_PREFIX,
  networkSizeRule,
} from "../core/limits";
import { ENGINE_CLOUD, enginesOn, REGIONS } from "../core/regions";
import { clusterChecks } from "./cluster-checks";
import { frontDoorChecks } from "./front-door-checks";
import { gcpChecks } from "./gcp-checks";
import { DEFAULTS } from "./model";
import { dsqlProblems, patternProblems } from "./pattern-checks";
import type { BlueprintInput, Cloud, Engine } from "./schema";
import { shardOwnerChecks } from "./shard-owner-checks";
import { stateChecks } from "./state-checks";
import { workloadProblems } from "./workload-checks";
import { writerChecks } from "./writer-checks";

/**
 * Checks the schema cannot express: region names per cloud, duplicates,
 * overlapping CIDRs, engines available on the clouds used, cross references.
 * Runs only on input that passed the schema.
 */
export function semanticChecks(input: BlueprintInput): Problem[] {
  const problems: Problem[] = [];
  const s = input.spec;
  const regions = s.regions;

  if (regions.length < 2) {
    problems.push({
      path: formatPath(["spec", "regions"]),
      message: "active-active needs at least two regions",
      found: `${regions.length} region`,
      expected: "2 or more regions",
    });
  }

  const seen = new Map<string, number>();
  regions.forEach((r, i) => {
    const known = REGIONS[r.cloud];
    if (!known.includes(r.region)) {
      const guess = closest(r.region, known);
      problems.push({
        path: formatPath(["spec", "regions", i, "region"]),
        message: `unknown ${r.cloud} region`,
        found: show(r.region),
        expected: `a region of ${r.cloud}, such as ${r.cloud === "aws" ? "us-east-1" : "us-central1"}`,
        ...(guess ? { hint: `did you mean "${guess}"?` } : {}),
      });
    }
    const id = `${r.cloud}/${r.region}`;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({
        path: formatPath(["spec", "regions", i, "region"]),
        message: `region listed twice (first at spec.regions[${first}])`,
        found: show(r.region),
        expected: "each region once",
      });
    } else {
      seen.set(id, i);
    }
    if (r.cloud === "gcp" && r.project === undefined) {
      problems.push({
        path: formatPath(["spec", "regions", i]),
        message: "a gcp region needs its Google Cloud project",
        found: "no project",
        expected: 'a project id, e.g. project: "acme-shop-prod"',
      });
    }
    if (r.cloud === "aws" && r.project !== undefined) {
      problems.push({
        path: formatPath(["spec", "regions", i, "project"]),
        message: "project applies to gcp regions only",
        found: show(r.project),
        expected: "no project on an aws region",
      });
    }
  });

  checkCidrs(regions, problems);
  checkEngines(input, problems);
  problems.push(...patternProblems(input), ...dsqlProblems(input));

  const threshold = s.dns.healthCheck?.failureThreshold;
  if (threshold !== undefined && !isHealthCheckThresholdOk(threshold)) {
    problems.push({
      path: formatPath(["spec", "dns", "healthCheck", "failureThreshold"]),
      ...HEALTH_CHECK_THRESHOLD_RULE,
      found: String(threshold),
    });
  }

  problems.push(...routingProblems(input));

  const clouds = new Set(regions.map((r) => r.cloud));
  if (clouds.has("aws") && s.dns.zoneId === undefined) {
    problems.push({
      path: formatPath(["spec", "dns", "zoneId"]),
      message: "Route 53 routing needs the hosted zone id of the domain",
      found: "no zoneId",
      expected: "a hosted zone id such as Z0123456789ABCDEFGHIJ",
    });
  }
  if (clouds.has("gcp") && s.budget.billingAccount === undefined) {
    problems.push({
      path: formatPath(["spec", "budget", "billingAccount"]),
      ...BILLING_ACCOUNT_RULE,
      found: "no billingAccount",
    });
  }
  if (clouds.size > 1) checkMultiCloud(input, problems);
  else if (s.interconnect !== undefined) {
    problems.push({
      path: formatPath(["spec", "interconnect"]),
      message: "an interconnect links aws and gcp regions; this blueprint uses one cloud",
      found: "interconnect",
      expected: "no interconnect, or regions on both clouds",
    });
  }

  if (
    s.cluster?.nodes?.min !== undefined &&
    s.cluster.nodes.max !== undefined &&
    s.cluster.nodes.min > s.cluster.nodes.max
  ) {
    problems.push({
      path: formatPath(["spec", "cluster", "nodes", "min"]),
      message: "node minimum above the maximum",
      found: String(s.cluster.nodes.min),
      expected: `at most ${s.cluster.nodes.max}`,
    });
  }
  checkWorkloads(input, problems);
  gcpChecks(input, problems);
  frontDoorChecks(input, problems);
  stateChecks(input, problems);
  writerChecks(input, problems);
  shardOwnerChecks(input, problems);
  // Version table, node sizes, N-1 capacity: only once the rest is sound.
  if (problems.length === 0) clusterChecks(input, problems);
  return problems;
}

function checkCidrs(regions: BlueprintInput["spec"]["regions"], problems: Problem[]): void {
  const parsed = regions.map((r) => parseCidr(r.cidr));
  parsed.forEach((p, i) => {
    if (p === undefined) {
      problems.push({
        path: formatPath(["spec", "regions", i, "cidr"]),
        message: "invalid IPv4 CIDR",
        found: show(regions[i]!.cidr),
        expected: "four octets of 0-255 and a prefix, e.g. 10.10.0.0/16",
      });
      return;
    }
    const { min, max } = NETWORK_PREFIX[regions[i]!.cloud];
    if (p.prefix > max || p.prefix < min) {
      problems.push({
        path: formatPath(["spec", "regions", i, "cidr"]),
        ...networkSizeRule(regions[i]!.cloud),
        found: regions[i]!.cidr,
      });
    }
    for (let j = 0; j < i; j++) {
      const q = parsed[j];
      if (q && cidrsOverlap(p, q)) {
        problems.push({
          path: formatPath(["spec", "regions", i, "cidr"]),
          message: `CIDR overlaps spec.regions[${j}].cidr (${regions[j]!.cidr}); linked sites need distinct ranges`,
          found: regions[i]!.cidr,
          expected: "a range that overlaps no other region",
        });
      }
    }
  });
}

function checkEngines(input: BlueprintInput, problems: Problem[]): void {
  const s = input.spec;
  const clouds = [...new Set(s.regions.map((r) => r.cloud))];
  const engine = s.database.engine;
  if (typeof engine === "string") {
    s.regions.forEach((r, i) => {
      if (ENGINE_CLOUD[engine] !== r.cloud) {
        problems.push({
          path: formatPath(["spec", "database", "engine"]),
          message: `engine ${engine} is not available on ${r.cloud} (spec.regions[${i}] is ${r.region})`,
          found: show(engine),
          expected:
            clouds.length > 1
              ? "one engine per cloud, e.g. engine: { aws: aurora-postgresql, gcp: cloudsql-postgres }"
              : `an engine of ${r.cloud}: ${enginesOn(r.cloud).join(", ")}`,
        });
      }
    });
    return;
  }
  for (const cloud of clouds) {
    const e = engine[cloud];
    if (e === undefined) {
      problems.push({
        path: formatPath(["spec", "database", "engine"]),
        message: `no engine for the ${cloud} regions`,
        found: "nothing",
        expected: `${cloud}: one of ${enginesOn(cloud).join(", ")}`,
      });
    } else if (ENGINE_CLOUD[e] !== cloud) {
      problems.push({
        path: formatPath(["spec", "database", "engine", cloud]),
        message: `engine ${e} is not available on ${cloud}`,
        found: show(e),
        expected: `one of ${enginesOn(cloud).join(", ")}`,
      });
    }
  }
  for (const cloud of Object.keys(engine) as Cloud[]) {
    if (!clouds.includes(cloud)) {
      problems.push({
        path: formatPath(["spec", "database", "engine", cloud]),
        message: `an engine for ${cloud}, but no ${cloud} region`,
        found: show(engine[cloud] as Engine),
        expected: `a ${cloud} region in spec.regions, or no ${cloud} engine`,
      });
    }
  }
}

function checkMultiCloud(input: BlueprintInput, problems: Problem[]): void {
  const s = input.spec;
  const pattern = s.pattern ?? "primary-per-shard";
  if (pattern !== "primary-per-shard") {
    problems.push({
      path: formatPath(["spec", "pattern"]),
      message:
        "state cannot converge across clouds with this pattern: no datastore replicates between aws and gcp. " +
        "With primary-per-shard each cloud owns a shard of tenants and writes go to the owner",
      found: show(pattern),
      expected: '"primary-per-shard"',
    });
  }
  if (s.interconnect === undefined) {
    problems.push({
      path: formatPath(["spec", "interconnect"]),
      message: "a blueprint on aws and gcp needs an encrypted link between them",
      found: "no interconnect",
      expected: "interconnect: { pairs: [{ aws: <aws region>, gcp: <gcp region> }] }",
    });
    return;
  }
  const ic = s.interconnect;
  ic.pairs.forEach((pair, i) => {
    for (const cloud of ["aws", "gcp"] as const) {
      if (!s.regions.some((r) => r.cloud === cloud && r.region === pair[cloud])) {
        problems.push({
          path: formatPath(["spec", "interconnect", "pairs", i, cloud]),
          message: `not a ${cloud} region of this blueprint`,
          found: show(pair[cloud]),
          expected: `one of ${s.regions
            .filter((r) => r.cloud === cloud)
            .map((r) => r.region)
            .join(", ")}`,
        });
      }
    }
  });
  // The ASN rules of the address plan, once for the whole interconnect (tunnels are checked per pair).
  const asns = checkAddressPlan(
    defaultTunnelCidrs(0),
    ic.awsAsn ?? DEFAULTS.awsAsn,
    ic.gcpAsn ?? DEFAULTS.gcpAsn,
  );
  for (const p of asns.filter((p) => p.path === "awsAsn" || p.path === "gcpAsn")) {
    problems.push({ ...p, path: `spec.interconnect.${p.path}` });
  }
}

function checkWorkloads(input: BlueprintInput, problems: Problem[]): void {
  const regionNames = new Set(input.spec.regions.map((r) => r.region));
  const weights = input.spec.regions.map((r) => ({ region: r.region, weight: r.weight ?? DEFAULTS.weight }));
  const names = new Map<string, number>();
  (input.spec.workloads ?? []).forEach((w, i) => {
    const first = names.get(w.name);
    if (first !== undefined) {
      problems.push({
        path: formatPath(["spec", "workloads", i, "name"]),
        message: `workload name used twice (first at spec.workloads[${first}])`,
        found: show(w.name),
        expected: "unique workload names",
      });
    } else names.set(w.name, i);
    const perRegion = w.replicas !== undefined && typeof w.replicas === "object" && "perRegion" in w.replicas;
    const keyed: [string, Record<string, unknown> | undefined][] = [
      ["regionEnv", w.regionEnv],
      ["replicas", perRegion ? (w.replicas as { perRegion: Record<string, number> }).perRegion : undefined],
    ];
    for (const [field, map] of keyed) {
      for (const key of Object.keys(map ?? {})) {
        if (!regionNames.has(key)) {
          problems.push({
            path: formatPath([
              "spec",
              "workloads",
              i,
              field,
              ...(field === "replicas" ? ["perRegion"] : []),
              key,
            ]),
            message: "not a region of this blueprint",
            found: show(key),
            expected: `one of ${[...regionNames].join(", ")}`,
          });
        }
      }
    }
    if (perRegion) {
      const counts = (w.replicas as { perRegion: Record<string, number> }).perRegion;
      for (const r of regionNames) {
        if (counts[r] === undefined) {
          problems.push({
            path: formatPath(["spec", "workloads", i, "replicas", "perRegion"]),
            message: `no replica count for region ${r}`,
            found: "nothing",
            expected: `a count for every region: ${[...regionNames].join(", ")}`,
          });
        }
      }
    }
    const a = w.autoscaling;
    if (a?.min !== undefined && a.min > a.max) {
      problems.push({
        path: formatPath(["spec", "workloads", i, "autoscaling", "min"]),
        message: "autoscaling minimum above the maximum",
        found: String(a.min),
        expected: `at most ${a.max}`,
      });
    }
    // Pinned image, shadowed regionEnv, autoscaling vs replicas: defined with the workload defaults.
    problems.push(...workloadProblems(w, i, weights));
  });
}

/** The closest candidate by edit distance, when it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Weights and the DNS mode: what routing can honour. */
function routingProblems(input: BlueprintInput): Problem[] {
  const problems: Problem[] = [];
  const regions = input.spec.regions;
  const weights = regions.map((r) => r.weight ?? DEFAULTS.weight);
  if (regions.length > 0 && weights.every((w) => w === 0)) {
    problems.push({
      path: formatPath(["spec", "regions"]),
      message: "every region has weight 0: a standby needs a region that serves",
      found: `weights ${weights.join(", ")}`,
      expected: "at least one region with a weight above 0 (0 marks a standby)",
    });
  }
  if (input.spec.dns.mode === "accelerator") {
    regions.forEach((r, i) => {
      if (r.cloud !== "aws") {
        problems.push({
          path: formatPath(["spec", "regions", i, "cloud"]),
          message: "AWS Global Accelerator fronts AWS load balancers only",
          found: show(r.cloud),
          expected: 'aws regions only with dns.mode "accelerator", or dns.mode "dns"',
        });
      }
    });
  }
  return problems;
}
