import { checkAddressPlan, defaultTunnelCidrs } from "../core/address-plan";
import { formatPath, type Problem, show } from "../core/errors";
import { SPANNER_CONFIGS, spannerConfigFor } from "../core/spanner-config";
import { DEFAULTS } from "./model";
import type { BlueprintInput } from "./schema";

/**
 * Checks of the Google Cloud side and the AWS-GCP link: one project for the
 * gcp regions, a Spanner configuration that serves them, and a valid tunnel
 * address plan for every interconnect pair.
 */
export function gcpChecks(input: BlueprintInput, problems: Problem[]): void {
  const s = input.spec;
  const gcp = s.regions.map((r, i) => ({ r, i })).filter(({ r }) => r.cloud === "gcp");
  const first = gcp.find(({ r }) => r.project !== undefined);
  for (const { r, i } of gcp) {
    if (first && r.project !== undefined && r.project !== first.r.project) {
      problems.push({
        path: formatPath(["spec", "regions", i, "project"]),
        message:
          "the gcp regions of a blueprint share one project: its VPC network, load balancer and datastore span them",
        found: show(r.project),
        expected: show(first.r.project),
      });
    }
  }
  const engine = typeof s.database.engine === "string" ? s.database.engine : s.database.engine.gcp;
  if (engine === "spanner" && gcp.length > 1) {
    const names = gcp.map(({ r }) => r.region);
    if (spannerConfigFor(names) === undefined) {
      problems.push({
        path: formatPath(["spec", "database", "engine"]),
        message: `no Spanner multi-region configuration has a replica in every gcp region (${names.join(", ")})`,
        found: show(engine),
        expected: `gcp regions one configuration serves: ${SPANNER_CONFIGS.map(
          (c) => `${c.name} (${[...c.readWrite, ...c.readOnly].join(", ")})`,
        ).join("; ")}`,
        hint: "or use cloudsql-postgres, which replicates to any region",
      });
    }
  }
  const databaseName = s.database.name ?? input.metadata.name.replace(/-/g, "_");
  if (engine === "spanner" && databaseName.length > 30) {
    problems.push({
      path: s.database.name !== undefined ? "spec.database.name" : "metadata.name",
      message: `a Spanner database name has at most 30 characters${
        s.database.name === undefined ? " (it defaults to the blueprint name)" : ""
      }`,
      found: show(databaseName),
      expected: "spec.database.name of 2 to 30 characters",
    });
  }
  if (engine === "cloudsql-postgres" && gcp.length > 9) {
    problems.push({
      path: formatPath(["spec", "regions"]),
      message:
        "Cloud SQL allows at most 8 read replicas per primary: one gcp region writes, at most 8 replicate",
      found: `${gcp.length} gcp regions`,
      expected: "at most 9 gcp regions with cloudsql-postgres",
      hint: "or use spanner",
    });
  }
  checkPairs(input, problems);
}

function checkPairs(input: BlueprintInput, problems: Problem[]): void {
  const ic = input.spec.interconnect;
  if (ic === undefined) return;
  const taken: string[] = [];
  const used = { aws: new Map<string, number>(), gcp: new Map<string, number>() };
  ic.pairs.forEach((pair, i) => {
    for (const cloud of ["aws", "gcp"] as const) {
      const before = used[cloud].get(pair[cloud]);
      if (before !== undefined) {
        problems.push({
          path: formatPath(["spec", "interconnect", "pairs", i, cloud]),
          message: `region already linked by spec.interconnect.pairs[${before}]; one link per region`,
          found: show(pair[cloud]),
          expected: `a ${cloud} region in no other pair`,
        });
      } else used[cloud].set(pair[cloud], i);
    }
    const cidrs = pair.tunnelCidrs ?? defaultTunnelCidrs(i);
    // ASNs are checked once for the whole interconnect in checks.ts.
    for (const p of checkAddressPlan(cidrs, DEFAULTS.awsAsn, DEFAULTS.gcpAsn, taken)) {
      if (!p.path?.startsWith("tunnelCidrs")) continue;
      problems.push({ ...p, path: `${formatPath(["spec", "interconnect", "pairs", i])}.${p.path}` });
    }
    taken.push(...cidrs);
  });
}
