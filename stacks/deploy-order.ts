import type { TerraformStack } from "cdktf";
import { type Blueprint, regionsOf } from "../lib/blueprint/model";
import { stackNames } from "../lib/core/names";

/**
 * The stacks each stack needs deployed first, by stack name. Stacks share
 * names, never tokens (see `names.ts`), so cdktf cannot see these edges by
 * itself; without them `cdktf deploy '*'` deploys independent stacks in
 * parallel and a stack races what it looks up by name:
 *
 * - an AWS region: the global stack (Aurora global database, DynamoDB
 *   table); a secondary also the primary region (the writer must exist
 *   before a secondary joins the global database);
 * - a secondary gcp region: the primary gcp region (it owns the VPC
 *   network and private services access, and its Cloud SQL instance is
 *   the writer the replica follows);
 * - the gcp global stack: every gcp region (the workload service accounts
 *   Spanner grants to, the network and clusters its backends live in);
 * - the accelerator (`spec.dns.mode: accelerator`): every AWS region (the
 *   load balancers it fronts, found by name);
 * - the interconnect: the AWS regions of its pairs (VPC, subnets and route
 *   tables found by tag) and the gcp regions of its pairs and the primary
 *   (the network its gateways and routers attach to).
 */
export function deployDependencies(b: Blueprint): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  const add = (stack: string, ...needs: string[]) => {
    const list = deps.get(stack) ?? [];
    for (const n of needs) if (n !== stack && !list.includes(n)) list.push(n);
    deps.set(stack, list);
  };
  const aws = regionsOf(b, "aws");
  const gcp = regionsOf(b, "gcp");
  const awsPrimary = aws.find((r) => r.primary);
  const gcpPrimary = gcp.find((r) => r.primary);
  for (const r of aws) {
    add(stackNames.region(b, r), stackNames.global(b));
    if (awsPrimary && !r.primary) add(stackNames.region(b, r), stackNames.region(b, awsPrimary));
  }
  for (const r of gcp) {
    add(stackNames.region(b, r));
    if (gcpPrimary && !r.primary) add(stackNames.region(b, r), stackNames.region(b, gcpPrimary));
  }
  if (gcp.length > 0) add(stackNames.gcpGlobal(b), ...gcp.map((r) => stackNames.region(b, r)));
  // The accelerator looks up each region's load balancer by name.
  if (b.dns.mode === "accelerator")
    add(stackNames.accelerator(b), ...aws.map((r) => stackNames.region(b, r)));
  if (b.interconnect !== undefined) {
    const needs: string[] = [];
    if (gcpPrimary) needs.push(stackNames.region(b, gcpPrimary));
    for (const pair of b.interconnect.pairs) {
      const a = aws.find((r) => r.region === pair.aws);
      const g = gcp.find((r) => r.region === pair.gcp);
      if (a) needs.push(stackNames.region(b, a));
      if (g) needs.push(stackNames.region(b, g));
    }
    add(stackNames.interconnect(b), ...needs);
  }
  return deps;
}

/** Records `deployDependencies` on the composed stacks (skipping stacks not composed). */
export function declareDeployOrder(b: Blueprint, stacks: readonly TerraformStack[]): void {
  const byName = new Map(stacks.map((s) => [s.node.id, s]));
  for (const [name, needs] of deployDependencies(b)) {
    const stack = byName.get(name);
    if (stack === undefined) continue;
    for (const n of needs) {
      const dependency = byName.get(n);
      if (dependency !== undefined && !stack.dependencies.includes(dependency))
        stack.addDependency(dependency);
    }
  }
}
