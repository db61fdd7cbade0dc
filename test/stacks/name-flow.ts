import * as fs from "node:fs";
import * as path from "node:path";

/** `manifest.json` of a cdktf output: every stack and the stacks it declares it needs. */
export function readDependencies(outdir: string): Map<string, string[]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { dependencies: string[] }>;
  };
  return new Map(Object.entries(manifest.stacks).map(([name, s]) => [name, [...s.dependencies]]));
}

/** A deploy order from the declared dependencies (Kahn, ties by name); throws on a cycle or an unknown stack. */
export function deployOrder(deps: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < deps.size) {
    const ready = [...deps.keys()]
      .filter((s) => !done.has(s))
      .filter((s) =>
        deps.get(s)!.every((d) => {
          if (!deps.has(d)) throw new Error(`${s} depends on unknown stack ${d}`);
          return done.has(d);
        }),
      )
      .sort();
    if (ready.length === 0)
      throw new Error(`dependency cycle among ${[...deps.keys()].filter((s) => !done.has(s))}`);
    for (const s of ready) {
      order.push(s);
      done.add(s);
    }
  }
  return order;
}

/** Every stack a stack needs, directly or through others. */
export function transitiveDependencies(
  deps: ReadonlyMap<string, readonly string[]>,
  stack: string,
): Set<string> {
  const seen = new Set<string>();
  const visit = (s: string) => {
    for (const d of deps.get(s) ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      visit(d);
    }
  };
  visit(stack);
  return seen;
}

type Json = Record<string, Record<string, Record<string, unknown>>>;

/**
 * Names a stack creates that other stacks look up by name: the identifier
 * attributes of the resources below (a resource type and the attribute that
 * names it). Each is returned with the forms another stack writes it in.
 */
const CREATES: readonly (readonly [string, (r: Record<string, unknown>) => string[]])[] = [
  ["aws_vpc", (r) => [String((r.tags as Record<string, string> | undefined)?.Name ?? "")]],
  ["aws_rds_global_cluster", (r) => [String(r.global_cluster_identifier)]],
  ["aws_rds_cluster", (r) => [String(r.cluster_identifier)]],
  ["aws_eks_cluster", (r) => [String(r.name)]],
  ["aws_lb", (r) => [String(r.name)]],
  ["aws_dynamodb_table", (r) => [String(r.name)]],
  ["aws_iam_role", (r) => [String(r.name)]],
  ["google_compute_network", (r) => [String(r.name), `projects/${r.project}/global/networks/${r.name}`]],
  ["google_compute_subnetwork", (r) => [String(r.name)]],
  ["google_sql_database_instance", (r) => [String(r.name)]],
  ["google_container_cluster", (r) => [String(r.name)]],
  ["google_spanner_instance", (r) => [String(r.name)]],
  ["google_compute_ha_vpn_gateway", (r) => [String(r.name)]],
  [
    "google_service_account",
    (r) => [
      `serviceAccount:${r.account_id}@${r.project}.iam.gserviceaccount.com`,
      `${r.account_id}@${r.project}.iam.gserviceaccount.com`,
    ],
  ],
];

/** The names each stack creates, mapped to the creating stack. */
export function createdNames(outdir: string, stacks: readonly string[]): Map<string, string> {
  const created = new Map<string, string>();
  for (const stack of stacks) {
    const json = stackJson(outdir, stack);
    for (const [type, nameOf] of CREATES) {
      for (const r of Object.values(json.resource?.[type] ?? {})) {
        for (const n of nameOf(r as Record<string, unknown>))
          if (n !== "" && !n.includes("${")) created.set(n, stack);
      }
    }
  }
  return created;
}

/** Keys whose values describe rather than name: labels, tags, free text. */
const DESCRIPTIVE = /(^|_)(labels|tags|description|display_name)$/;

/** Every string an object holds, at any depth, outside labels, tags and descriptions. */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (!DESCRIPTIVE.test(k)) stringsOf(v, out);
  }
  return out;
}

/** A use of a name another stack creates: `user` reads `name`, which `creator` creates. */
export interface NameUse {
  readonly user: string;
  readonly address: string;
  readonly name: string;
  readonly creator: string;
}

/** Where a stack's resources and data sources name something another stack creates. */
export function crossStackUses(outdir: string, stacks: readonly string[]): NameUse[] {
  const created = createdNames(outdir, stacks);
  const uses: NameUse[] = [];
  for (const stack of stacks) {
    const json = stackJson(outdir, stack);
    for (const kind of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const [id, body] of Object.entries(byName)) {
          for (const s of new Set(stringsOf(body))) {
            const creator = created.get(s);
            if (creator !== undefined && creator !== stack) {
              uses.push({
                user: stack,
                address: `${kind === "data" ? "data." : ""}${type}.${id}`,
                name: s,
                creator,
              });
            }
          }
        }
      }
    }
  }
  return uses;
}

/** Standalone NEGs a stack's backends name (`.../networkEndpointGroups/<name>`): GKE creates them, not Terraform. */
export function negUses(outdir: string, stack: string): string[] {
  return stringsOf(stackJson(outdir, stack).resource ?? {}).filter((s) =>
    s.includes("/networkEndpointGroups/"),
  );
}

function stackJson(outdir: string, stack: string): Partial<Record<"resource" | "data", Json[string]>> & Json {
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/** Every name a stack uses that no earlier stack (a declared dependency, directly or not) creates. */
export function orderProblems(outdir: string): string[] {
  const deps = readDependencies(outdir);
  const stacks = deployOrder(deps);
  return crossStackUses(outdir, stacks)
    .filter((u) => !transitiveDependencies(deps, u.user).has(u.creator))
    .map(
      (u) => `${u.user}: ${u.address} uses "${u.name}", created by ${u.creator}, which it does not depend on`,
    );
}
