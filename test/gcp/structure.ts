import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A structural check of synthesized stacks for providers terraform cannot
 * load offline (google, random): every argument is one the provider's
 * schema knows, every required argument and required nested block is
 * present, every `${type.name...}` reference resolves to a resource or data
 * source declared in the same stack, every `provider` names a provider
 * the stack declares, and provider blocks use only known arguments.
 *
 * The schema is read from the prebuilt provider bindings: cdktf generates
 * one `XxxConfig` interface per resource from the provider's schema, a
 * property without `?` is a required argument, and each property's doc link
 * carries its Terraform name (`...#shared_secret`).
 */

interface Argument {
  readonly name: string;
  readonly required: boolean;
  /** The nested block's interface, when the argument is a block. */
  readonly block?: string;
}

type Schema = Map<string, Argument[]>;

const PACKAGES: Record<string, string> = {
  google: "@cdktf/provider-google",
  random: "@cdktf/provider-random",
  aws: "@cdktf/provider-aws",
};

const cache = new Map<string, { file: string; schema: Schema } | undefined>();

/**
 * The binding's interfaces for a resource or data source type, e.g.
 * `google_compute_vpn_tunnel`, or for a provider's own configuration.
 */
function bindingFor(
  type: string,
  kind: "resource" | "data" | "provider",
): { file: string; schema: Schema } | undefined {
  const key = `${kind}:${type}`;
  if (cache.has(key)) return cache.get(key);
  const provider = type.split("_")[0]!;
  const pkg = PACKAGES[provider];
  let found: { file: string; schema: Schema } | undefined;
  if (pkg !== undefined) {
    const rest = type.slice(provider.length + 1).replace(/_/g, "-");
    const dir = kind === "provider" ? "provider" : kind === "data" ? `data-${provider}-${rest}` : rest;
    const file = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "lib", dir, "index.d.ts");
    if (fs.existsSync(file)) found = { file, schema: parseInterfaces(fs.readFileSync(file, "utf8")) };
  }
  cache.set(key, found);
  return found;
}

function parseInterfaces(text: string): Schema {
  const schema: Schema = new Map();
  const lines = text.split("\n");
  let current: Argument[] | undefined;
  let link: string | undefined;
  for (const line of lines) {
    const start = /^export interface (\w+)/.exec(line);
    if (start) {
      current = [];
      schema.set(start[1]!, current);
      link = undefined;
      continue;
    }
    if (line === "}") {
      current = undefined;
      continue;
    }
    if (current === undefined) continue;
    const doc = /\{@link https:\/\/registry\.terraform\.io\/[^#\s]+#(\w+) /.exec(line);
    if (doc) link = doc[1];
    const prop = /^ {4}readonly (\w+)(\??): (\w*)/.exec(line);
    if (prop && link !== undefined) {
      current.push({ name: link, required: prop[2] !== "?", ...(prop[3] ? { block: prop[3] } : {}) });
      link = undefined;
    }
  }
  return schema;
}

const META = new Set([
  "//",
  "provider",
  "depends_on",
  "lifecycle",
  "for_each",
  "count",
  "connection",
  "provisioner",
]);

/** What is wrong with a stack's structure; empty when nothing is. */
export function structuralProblems(json: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const declared = new Set<string>();
  const resources = (json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const data = (json.data ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [type, byName] of Object.entries(resources))
    for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(data))
    for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  const providers = new Set(
    Object.entries((json.provider ?? {}) as Record<string, Record<string, unknown>[]>).flatMap(([p, list]) =>
      list.map((c) => (c.alias !== undefined ? `${p}.${c.alias}` : p)),
    ),
  );

  const check = (kind: "resource" | "data", type: string, name: string, body: Record<string, unknown>) => {
    const where = `${kind === "data" ? "data." : ""}${type}.${name}`;
    if (typeof body.provider !== "string" || !providers.has(body.provider)) {
      problems.push(`${where}: provider ${JSON.stringify(body.provider)} is not declared in the stack`);
    }
    const binding = bindingFor(type, kind);
    if (binding === undefined) {
      problems.push(`${where}: no provider binding found for ${type}`);
      return;
    }
    const config = [...binding.schema.entries()].find(([n]) => n.endsWith("Config"))?.[1];
    if (config === undefined) {
      problems.push(`${where}: no Config interface in ${binding.file}`);
      return;
    }
    checkBlock(where, body, config, binding.schema, problems);
  };
  for (const [type, byName] of Object.entries(resources))
    for (const [name, body] of Object.entries(byName)) check("resource", type, name, body);
  for (const [type, byName] of Object.entries(data))
    for (const [name, body] of Object.entries(byName)) check("data", type, name, body);

  for (const [name, blocks] of Object.entries(
    (json.provider ?? {}) as Record<string, Record<string, unknown>[]>,
  )) {
    const binding = bindingFor(name, "provider");
    const config = binding && [...binding.schema.entries()].find(([n]) => n.endsWith("ProviderConfig"))?.[1];
    if (config === undefined) {
      problems.push(`provider ${name}: no provider binding found`);
      continue;
    }
    blocks.forEach((b, i) => {
      checkBlock(`provider ${name}[${i}]`, b, config, binding!.schema, problems);
    });
  }

  for (const ref of references(json)) {
    const m = /^(data\.)?([a-z0-9]+_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/.exec(ref);
    if (m === null) continue;
    const target = `${m[1] ?? ""}${m[2]}.${m[3]}`;
    if (!declared.has(target)) problems.push(`reference \${${ref}} does not resolve in this stack`);
  }
  return problems;
}

function checkBlock(
  where: string,
  body: Record<string, unknown>,
  args: Argument[],
  schema: Schema,
  problems: string[],
): void {
  const byName = new Map(args.map((a) => [a.name, a]));
  for (const key of Object.keys(body)) {
    if (META.has(key)) continue;
    if (!byName.has(key)) problems.push(`${where}: unknown argument ${key}`);
  }
  for (const a of args) {
    const value = body[a.name];
    if (a.required && value === undefined) problems.push(`${where}: missing required argument ${a.name}`);
    const nested = a.block !== undefined ? schema.get(a.block) : undefined;
    if (nested === undefined || value === undefined || typeof value === "string") continue;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      if (item !== null && typeof item === "object") {
        checkBlock(`${where}.${a.name}[${i}]`, item as Record<string, unknown>, nested, schema, problems);
      }
    });
  }
}

/** Every `${...}` expression's resource-like references, e.g. `google_kms_crypto_key.Kms_x.id`. */
export function references(value: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === "string") {
      for (const m of v.matchAll(/\$\{([^}]*)\}/g)) {
        for (const r of m[1]!.matchAll(
          /(?:data\.)?[a-z0-9]+_[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_[\]]+)*/g,
        )) {
          out.push(r[0]);
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) if (k !== "//") visit(x);
    }
  };
  visit(value);
  return out;
}
