import { distance } from "fastest-levenshtein";
import { show } from "../errors";
import { workloadProblems } from "../k8s/workload-defaults";
import { gcpChecks } from "./gcp-checks";
import { DEFAULTS } from "./model";
import { ENGINE_CLOUD, enginesOn, REGIONS } from "./regions";
import type { BlueprintInput, Cloud, Engine } from "./schema";
import { stateChecks } from "./state-checks";

/** A problem found beyond the schema; `path` is a list of keys and indexes. */
export interface SemanticProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly found?: string;
  readonly expected?: string;
  readonly hint?: string;
}

/**
 * Checks the schema cannot express: region names per cloud, duplicates,
 * overlapping CIDRs, engines available on the clouds used, cross references.
 * Runs only on input that passed the schema.
 */
export function semanticChecks(input: BlueprintInput): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const s = input.spec;
  const regions = s.regions;

  if (regions.length < 2) {
    problems.push({
      path: ["spec", "regions"],
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
        path: ["spec", "regions", i, "region"],
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
        path: ["spec", "regions", i, "region"],
        message: `region listed twice (first at spec.regions[${first}])`,
        found: show(r.region),
        expected: "each region once",
      });
    } else {
      seen.set(id, i);
    }
    if (r.cloud === "gcp" && r.project === undefined) {
      problems.push({
        path: ["spec", "regions", i],
        message: "a gcp region needs its Google Cloud project",
        found: "no project",
        expected: 'a project id, e.g. project: "acme-shop-prod"',
      });
    }
    if (r.cloud === "aws" && r.project !== undefined) {
      problems.push({
        path: ["spec", "regions", i, "project"],
        message: "project applies to gcp regions only",
        found: show(r.project),
        expected: "no project on an aws region",
      });
    }
  });

  checkCidrs(regions, problems);
  checkEngines(input, problems);

  const threshold = s.dns.healthCheck?.failureThreshold;
  if (threshold !== undefined && threshold < 2) {
    problems.push({
      path: ["spec", "dns", "healthCheck", "failureThreshold"],
      message: "a single failed probe must not take a region out of DNS (routing flaps)",
      found: String(threshold),
      expected: "2 or more",
    });
  }

  const clouds = new Set(regions.map((r) => r.cloud));
  if (clouds.has("aws") && s.dns.zoneId === undefined) {
    problems.push({
      path: ["spec", "dns", "zoneId"],
      message: "Route 53 routing needs the hosted zone id of the domain",
      found: "no zoneId",
      expected: "a hosted zone id such as Z0123456789ABCDEFGHIJ",
    });
  }
  if (clouds.has("gcp") && s.budget.billingAccount === undefined) {
    problems.push({
      path: ["spec", "budget", "billingAccount"],
      message: "a gcp region needs a billing account for its budget",
      found: "no billingAccount",
      expected: "a billing account id such as 012345-6789AB-CDEF01",
    });
  }
  if (clouds.size > 1) checkMultiCloud(input, problems);
  else if (s.interconnect !== undefined) {
    problems.push({
      path: ["spec", "interconnect"],
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
      path: ["spec", "cluster", "nodes", "min"],
      message: "node minimum above the maximum",
      found: String(s.cluster.nodes.min),
      expected: `at most ${s.cluster.nodes.max}`,
    });
  }
  checkWorkloads(input, problems);
  gcpChecks(input, problems);
  stateChecks(input, problems);
  return problems;
}

function checkCidrs(regions: BlueprintInput["spec"]["regions"], problems: SemanticProblem[]): void {
  const parsed = regions.map((r) => parseCidr(r.cidr));
  parsed.forEach((p, i) => {
    if (p === undefined) {
      problems.push({
        path: ["spec", "regions", i, "cidr"],
        message: "invalid IPv4 CIDR",
        found: show(regions[i]!.cidr),
        expected: "four octets of 0-255 and a prefix, e.g. 10.10.0.0/16",
      });
      return;
    }
    // AWS VPCs are /16 to /28 and the subnet layout takes 4 more bits; GKE's
    // secondary ranges want room, so a gcp region stays at /20 or wider.
    const [min, max] = regions[i]!.cloud === "aws" ? [16, 24] : [8, 20];
    if (p.prefix > max || p.prefix < min) {
      problems.push({
        path: ["spec", "regions", i, "cidr"],
        message: `the ${regions[i]!.cloud} region network needs a block that fits subnets in several zones`,
        found: regions[i]!.cidr,
        expected: `a prefix between /${min} and /${max}`,
      });
    }
    for (let j = 0; j < i; j++) {
      const q = parsed[j];
      if (q && overlaps(p, q)) {
        problems.push({
          path: ["spec", "regions", i, "cidr"],
          message: `CIDR overlaps spec.regions[${j}].cidr (${regions[j]!.cidr}); linked sites need distinct ranges`,
          found: regions[i]!.cidr,
          expected: "a range that overlaps no other region",
        });
      }
    }
  });
}

function checkEngines(input: BlueprintInput, problems: SemanticProblem[]): void {
  const s = input.spec;
  const clouds = [...new Set(s.regions.map((r) => r.cloud))];
  const engine = s.database.engine;
  if (typeof engine === "string") {
    s.regions.forEach((r, i) => {
      if (ENGINE_CLOUD[engine] !== r.cloud) {
        problems.push({
          path: ["spec", "database", "engine"],
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
        path: ["spec", "database", "engine"],
        message: `no engine for the ${cloud} regions`,
        found: "nothing",
        expected: `${cloud}: one of ${enginesOn(cloud).join(", ")}`,
      });
    } else if (ENGINE_CLOUD[e] !== cloud) {
      problems.push({
        path: ["spec", "database", "engine", cloud],
        message: `engine ${e} is not available on ${cloud}`,
        found: show(e),
        expected: `one of ${enginesOn(cloud).join(", ")}`,
      });
    }
  }
  for (const cloud of Object.keys(engine) as Cloud[]) {
    if (!clouds.includes(cloud)) {
      problems.push({
        path: ["spec", "database", "engine", cloud],
        message: `an engine for ${cloud}, but no ${cloud} region`,
        found: show(engine[cloud] as Engine),
        expected: `a ${cloud} region in spec.regions, or no ${cloud} engine`,
      });
    }
  }
}

function checkMultiCloud(input: BlueprintInput, problems: SemanticProblem[]): void {
  const s = input.spec;
  const pattern = s.pattern ?? "read-local-write-local";
  if (pattern !== "primary-per-shard") {
    problems.push({
      path: ["spec", "pattern"],
      message:
        "state cannot converge across clouds with this pattern: no datastore replicates between aws and gcp. " +
        "With primary-per-shard each cloud owns a shard of tenants and writes go to the owner",
      found: show(pattern),
      expected: '"primary-per-shard"',
    });
  }
  if (s.interconnect === undefined) {
    problems.push({
      path: ["spec", "interconnect"],
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
          path: ["spec", "interconnect", "pairs", i, cloud],
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
  if ((ic.awsAsn ?? 64512) === (ic.gcpAsn ?? 65010)) {
    problems.push({
      path: ["spec", "interconnect", "gcpAsn"],
      message: "the two sides of a BGP session need distinct ASNs",
      found: String(ic.gcpAsn ?? 65010),
      expected: `an ASN other than ${ic.awsAsn ?? 64512}`,
    });
  }
}

function checkWorkloads(input: BlueprintInput, problems: SemanticProblem[]): void {
  const regionNames = new Set(input.spec.regions.map((r) => r.region));
  const weights = input.spec.regions.map((r) => ({ region: r.region, weight: r.weight ?? DEFAULTS.weight }));
  const names = new Map<string, number>();
  (input.spec.workloads ?? []).forEach((w, i) => {
    const first = names.get(w.name);
    if (first !== undefined) {
      problems.push({
        path: ["spec", "workloads", i, "name"],
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
            path: ["spec", "workloads", i, field, ...(field === "replicas" ? ["perRegion"] : []), key],
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
            path: ["spec", "workloads", i, "replicas", "perRegion"],
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
        path: ["spec", "workloads", i, "autoscaling", "min"],
        message: "autoscaling minimum above the maximum",
        found: String(a.min),
        expected: `at most ${a.max}`,
      });
    }
    // Pinned image, shadowed regionEnv, autoscaling vs replicas: defined with the workload defaults.
    problems.push(...workloadProblems(w, i, weights));
  });
}

interface ParsedCidr {
  readonly start: number;
  readonly end: number;
  readonly prefix: number;
}

export function parseCidr(cidr: string): ParsedCidr | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const start = ip - (ip % size);
  return { start, end: start + size - 1, prefix };
}

function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
  return a.start <= b.end && b.start <= a.end;
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
