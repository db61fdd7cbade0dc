/**
 * Binds what configuration files leave open: variables take their tfvars value
 * or default, literal `locals` are inlined, and calls to modules in the same
 * repository (`./`, `../`) are followed with their arguments bound. What stays
 * open is left as a `${...}` string, which rules treat as unknown
 * (lib/policy/unknown.ts). Plans are already resolved and pass through.
 */
import type { UnfollowedModule } from "../inventory";
import type { ProviderConfig, VariableDefault } from "../types";
import { isObj, type Obj, refOf, refUnit, UNIT_MARK } from "../values";
import { evaluate } from "./evaluate";
import type { ModuleCall, RawResource } from "./raw";

type Env = Map<string, unknown>;

const REF = /^\$\{\s*((?:var|local)\.[\w-]+)((?:\.[\w-]+|\[\d+\]|\["[^"]*"\])*)\s*\}$/;

/** `.a["b"][0]` applied to a known value; undefined when the path leaves it. */
function walk(value: unknown, path: string): { value: unknown } | undefined {
  let v = value;
  for (const m of path.matchAll(/\.([\w-]+)|\[(\d+)\]|\["([^"]*)"\]/g)) {
    const key = m[1] ?? m[3] ?? Number(m[2]);
    if (typeof key === "number" ? !Array.isArray(v) : !isObj(v)) return undefined;
    // A key that is not there: an error for a map, null for an optional object attribute; not guessed.
    if (!(key in (v as object))) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return { value: v };
}
const SEGMENT = /\$\{\s*((?:var|local)\.[\w-]+)\s*\}/g;

/** True when a value holds no expression anywhere. */
export function isLiteral(v: unknown): boolean {
  if (typeof v === "string") return !v.includes("${");
  if (Array.isArray(v)) return v.every(isLiteral);
  if (isObj(v)) {
    for (const k in v) if (!isLiteral(v[k])) return false;
    return true;
  }
  return true;
}

/** Substitutes known variables and locals; other expressions stay as they are. */
export function substitute(v: unknown, env: Env): unknown {
  if (typeof v === "string") {
    if (!v.includes("${")) return v;
    const ref = REF.exec(v);
    if (ref) {
      if (!env.has(ref[1]!)) return v;
      const found = walk(env.get(ref[1]!), ref[2]!);
      return found ? found.value : v;
    }
    const computed = evaluate(v, env);
    if (computed) return computed.value;
    // "arn:${var.partition}:..." : interpolate when every segment is a known scalar.
    const stripped = v.replace(SEGMENT, "");
    if (!stripped.includes("${")) {
      let ok = true;
      const out = v.replace(SEGMENT, (_, name: string) => {
        const x = env.get(name);
        if ((typeof x === "string" && !x.includes("${")) || typeof x === "number" || typeof x === "boolean")
          return String(x);
        ok = false;
        return "";
      });
      return ok ? out : v;
    }
    return v;
  }
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((x) => {
      const y = substitute(x, env);
      if (y !== x) changed = true;
      return y;
    });
    return changed ? out : v;
  }
  if (isObj(v)) {
    let out: Obj | undefined;
    for (const k in v) {
      const x = v[k];
      const y = substitute(x, env);
      if (y !== x) {
        out ??= { ...v };
        out[k] = y;
      }
    }
    return out ?? v;
  }
  return v;
}

export interface BindInput {
  readonly resources: RawResource[];
  readonly providers: ProviderConfig[];
  readonly variables: VariableDefault[];
  readonly locals: { unit: string; name: string; value: unknown }[];
  readonly calls: ModuleCall[];
  /** Values from terraform.tfvars / *.auto.tfvars, per root unit. */
  readonly tfvars: ReadonlyMap<string, Obj>;
  /** The unit a local module source names, seen from a unit: `./modules/db` from `infra` -> `infra/modules/db`. */
  readonly unitOf: (unit: string, source: string) => string;
}

export interface BindOutput {
  readonly resources: RawResource[];
  readonly providers: ProviderConfig[];
  readonly variables: VariableDefault[];
  readonly notFollowed: UnfollowedModule[];
}

interface UnitParts {
  resources: RawResource[];
  providers: ProviderConfig[];
  variables: VariableDefault[];
  locals: { name: string; value: unknown }[];
  calls: ModuleCall[];
}

const NOT_RESOURCES = new Set([
  "var",
  "local",
  "module",
  "data",
  "each",
  "count",
  "path",
  "terraform",
  "self",
]);

/**
 * An argument that is exactly a reference to a resource of the calling module
 * (`aws_rds_global_cluster.g.id`, or one passed down already): kept, with the
 * instance it names the resource in, so the child can follow it.
 */
function resourceRef(
  value: unknown,
  callerResources: readonly RawResource[],
  inst: string,
): string | undefined {
  if (typeof value !== "string") return undefined;
  if (refUnit(value)) return value;
  const ref = refOf(value);
  if (!ref) return undefined;
  const [type, name] = ref.replace(/\[[^\]]*\]/g, "").split(".");
  if (!type || !name || NOT_RESOURCES.has(type)) return undefined;
  if (!callerResources.some((r) => r.type === type && r.name === name)) return undefined;
  return `${value}${UNIT_MARK}${inst}`;
}

export function isLocalSource(source: string): boolean {
  return source.startsWith("./") || source.startsWith("../");
}

const MAX_DEPTH = 8;

export function bind(input: BindInput): BindOutput {
  const units = new Map<string, UnitParts>();
  const part = (unit: string): UnitParts => {
    let u = units.get(unit);
    if (!u) {
      u = { resources: [], providers: [], variables: [], locals: [], calls: [] };
      units.set(unit, u);
    }
    return u;
  };
  const out: BindOutput = { resources: [], providers: [], variables: [], notFollowed: [] };
  for (const r of input.resources) part(r.unit).resources.push(r);
  for (const p of input.providers) part(p.unit).providers.push(p);
  for (const v of input.variables) part(v.unit).variables.push(v);
  for (const l of input.locals) part(l.unit).locals.push(l);
  for (const c of input.calls) part(c.unit).calls.push(c);

  // A unit called by another loaded unit is a module, not a root: it is read through its callers.
  const called = new Set<string>();
  for (const c of input.calls) {
    if (!isLocalSource(c.source)) continue;
    const child = input.unitOf(c.unit, c.source);
    if (units.has(child) && child !== c.unit) called.add(child);
  }
  const notFollowed = (c: ModuleCall, inst: string) => {
    out.notFollowed.push({ unit: inst, name: c.name, source: c.source, file: c.file, line: c.line });
  };

  const reached = new Set<string>();
  const instantiate = (
    unit: string,
    inst: string,
    prefix: string,
    inputs: Map<string, { value: unknown } | { reason: string }> | undefined,
    inherited: ProviderConfig[],
    path: string[],
  ) => {
    const u = units.get(unit)!;
    reached.add(unit);
    const env: Env = new Map();
    const tfvars = inputs ? undefined : input.tfvars.get(unit);
    for (const v of u.variables) {
      const given = inputs?.get(v.name);
      let bound: VariableDefault;
      if (given && "value" in given)
        bound = { unit: inst, name: v.name, hasDefault: true, default: given.value };
      else if (given) bound = { unit: inst, name: v.name, hasDefault: false, reason: given.reason };
      else if (tfvars && v.name in tfvars)
        bound = { unit: inst, name: v.name, hasDefault: true, default: tfvars[v.name] };
      else bound = { ...v, unit: inst };
      out.variables.push(bound);
      if (bound.hasDefault && (isLiteral(bound.default) || refUnit(bound.default)))
        env.set(`var.${v.name}`, bound.default);
    }
    // Locals may use each other: a few passes settle the literal ones.
    for (let pass = 0; pass < 3; pass++) {
      for (const l of u.locals) {
        if (env.has(`local.${l.name}`)) continue;
        const value = substitute(l.value, env);
        if (isLiteral(value)) env.set(`local.${l.name}`, value);
      }
    }
    const own = new Set<string>();
    for (const p of u.providers) {
      own.add(p.key);
      // The region is resolved here, in the declaring module, before the provider is passed down.
      const region = p.region !== undefined && env.size ? substitute(p.region, env) : p.region;
      const resolved = typeof region === "string" && region !== p.region ? { ...p, region } : p;
      out.providers.push(inst === unit ? resolved : { ...resolved, unit: inst });
    }
    for (const p of inherited) if (!own.has(p.key)) out.providers.push({ ...p, unit: inst });
    for (const r of u.resources) {
      if (r.form === "plan") {
        out.resources.push(r);
        continue;
      }
      const values = env.size ? (substitute(r.values, env) as Obj) : r.values;
      // count = 0 or for_each over nothing: the resource does not exist.
      if (values["count"] === 0 || values["count"] === "0") continue;
      const fe = values["for_each"];
      if ((Array.isArray(fe) && fe.length === 0) || (isObj(fe) && Object.keys(fe).length === 0)) continue;
      const stack = r.stack === r.unit ? inst : r.stack;
      out.resources.push(
        inst === unit && values === r.values
          ? r
          : { ...r, unit: inst, stack, address: `${prefix}${r.address}`, values },
      );
    }
    for (const c of u.calls) {
      if (!isLocalSource(c.source)) {
        notFollowed(c, inst);
        continue;
      }
      const child = input.unitOf(c.unit, c.source);
      if (!units.has(child) || path.includes(child) || path.length >= MAX_DEPTH) {
        if (!units.has(child)) notFollowed(c, inst);
        continue;
      }
      const args = new Map<string, { value: unknown } | { reason: string }>();
      for (const [k, v] of Object.entries(c.args)) {
        const value = substitute(v, env);
        const foreign = resourceRef(value, u.resources, inst);
        args.set(
          k,
          isLiteral(value) || foreign
            ? { value: foreign ?? value }
            : { reason: "module argument that is not a literal" },
        );
      }
      // The child gets the caller's providers, renamed by the call's `providers` map.
      const mine = out.providers.filter((p) => p.unit === inst);
      const passed: ProviderConfig[] = [];
      for (const p of mine) if (!p.alias) passed.push(p);
      for (const [childKey, parentKey] of Object.entries(c.providers)) {
        const p = mine.find((x) => x.key === parentKey);
        if (p) {
          const dot = childKey.indexOf(".");
          const { alias: _, ...rest } = p;
          passed.push({ ...rest, key: childKey, ...(dot === -1 ? {} : { alias: childKey.slice(dot + 1) }) });
        }
      }
      instantiate(child, `${inst}:module.${c.name}`, `${prefix}module.${c.name}.`, args, passed, [
        ...path,
        child,
      ]);
    }
  };

  for (const unit of units.keys()) {
    if (called.has(unit)) continue;
    instantiate(unit, unit, "", undefined, [], [unit]);
  }
  // Modules only called from each other (a cycle) are still read, as roots.
  for (const unit of units.keys()) {
    if (!reached.has(unit)) instantiate(unit, unit, "", undefined, [], [unit]);
  }
  return out;
}
