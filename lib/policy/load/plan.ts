import { LineLocator } from "../lines";
import type { ProviderConfig } from "../types";
import { isObj, type Obj } from "../values";
import { type LoadedModule, makeResource } from "./raw";

const NONE: never[] = [];

/** True for the output of `terraform show -json <planfile>` (or of `terraform show -json` on a state). */
export function isPlan(doc: unknown): boolean {
  return (
    isObj(doc) &&
    ("planned_values" in doc || ("format_version" in doc && ("configuration" in doc || isObj(doc["values"]))))
  );
}

interface ConfigModule {
  resources: Map<string, Obj>;
  calls: Map<string, ConfigModule>;
  variables: Obj;
}

function configModule(m: unknown): ConfigModule {
  const out: ConfigModule = { resources: new Map(), calls: new Map(), variables: {} };
  if (!isObj(m)) return out;
  for (const r of Array.isArray(m["resources"]) ? m["resources"] : []) {
    if (isObj(r) && typeof r["address"] === "string") out.resources.set(r["address"], r);
  }
  if (isObj(m["module_calls"])) {
    for (const [name, call] of Object.entries(m["module_calls"])) {
      if (isObj(call)) out.calls.set(name, configModule(call["module"]));
    }
  }
  if (isObj(m["variables"])) out.variables = m["variables"];
  return out;
}

/** `module.a["x"].module.b[0]` -> ["a", "b"]. */
function moduleNames(address: string): string[] {
  return [...address.matchAll(/module\.([\w-]+)/g)].map((m) => m[1]!);
}

/** The expression as a value: a constant, or the first reference as `${ref}`. */
function exprValue(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(exprBlock);
  if (!isObj(e)) return undefined;
  if ("constant_value" in e) return e["constant_value"];
  const refs = e["references"];
  if (Array.isArray(refs) && typeof refs[0] === "string") return `\${${refs[0]}}`;
  return undefined;
}

function exprBlock(b: unknown): unknown {
  if (!isObj(b)) return b;
  const out: Obj = {};
  for (const [k, v] of Object.entries(b)) out[k] = exprValue(v);
  return out;
}

/** Planned values, with what is unknown until apply filled in from the configuration's references. */
function mergeUnknown(planned: unknown, expressions: unknown): unknown {
  if (!isObj(expressions)) return planned;
  const out: Obj = isObj(planned) ? { ...planned } : {};
  for (const [k, e] of Object.entries(expressions)) {
    const p = out[k];
    if (Array.isArray(e)) {
      const pl = Array.isArray(p) ? p : [];
      out[k] = e.map((b, i) => mergeUnknown(pl[i], b));
      continue;
    }
    if (p === undefined || p === null) {
      const v = exprValue(e);
      if (v !== undefined) out[k] = v;
    }
  }
  return out;
}

/** Shared by every resource without configuration expressions: one Set less per resource on 1M-resource plans. */
const NO_LITERALS: ReadonlySet<string> = new Set();

function literalAttributes(expressions: unknown, variables: Obj): ReadonlySet<string> {
  if (!isObj(expressions)) return NO_LITERALS;
  const out = new Set<string>();
  for (const [k, e] of Object.entries(expressions)) {
    if (!isObj(e)) continue;
    if ("constant_value" in e) out.add(k);
    const refs = e["references"];
    if (
      Array.isArray(refs) &&
      refs.length === 1 &&
      typeof refs[0] === "string" &&
      refs[0].startsWith("var.")
    ) {
      const v = variables[refs[0].slice(4)];
      if (isObj(v) && typeof v["default"] === "string" && v["default"] !== "") out.add(k);
    }
  }
  return out.size ? out : NO_LITERALS;
}

/**
 * A plan: resources from planned_values (every module instance), provider,
 * region and references from the configuration. Region comes from the
 * provider configuration the resource uses, through root variables.
 */
export function loadPlan(doc: Obj, text: string, file: string): LoadedModule {
  const out: LoadedModule = { resources: [], providers: [], variables: [] };
  const configuration = isObj(doc["configuration"]) ? doc["configuration"] : {};
  const root = configModule(configuration["root_module"]);
  const planVariables = isObj(doc["variables"]) ? doc["variables"] : {};
  const providerConfig = isObj(configuration["provider_config"]) ? configuration["provider_config"] : {};
  const regions = new Map<string, string | undefined>();
  for (const [key, p] of Object.entries(providerConfig)) {
    if (!isObj(p)) continue;
    const e = isObj(p["expressions"]) ? p["expressions"] : {};
    const region = isObj(e["region"]) ? e["region"] : {};
    let value: unknown = region["constant_value"];
    const refs = region["references"];
    if (
      value === undefined &&
      Array.isArray(refs) &&
      typeof refs[0] === "string" &&
      refs[0].startsWith("var.")
    ) {
      const v = planVariables[refs[0].slice(4)];
      value = isObj(v) ? v["value"] : undefined;
    }
    const r = typeof value === "string" ? value : undefined;
    regions.set(key, r);
    const name = typeof p["name"] === "string" ? p["name"] : key.split(".")[0]!;
    const alias = typeof p["alias"] === "string" ? p["alias"] : undefined;
    out.providers.push({
      unit: file,
      key,
      name,
      ...(alias ? { alias } : {}),
      ...(r ? { region: r } : {}),
      file,
      line: 1,
    } satisfies ProviderConfig);
  }
  const lines = new LineLocator(text);
  let cursor = Math.max(0, text.indexOf('"planned_values"'));
  const walk = (m: unknown, pointer: string) => {
    if (!isObj(m)) return;
    const moduleAddress = typeof m["address"] === "string" ? m["address"] : "";
    let cm: ConfigModule | undefined = root;
    for (const n of moduleNames(moduleAddress)) cm = cm?.calls.get(n);
    const list = Array.isArray(m["resources"]) ? m["resources"] : [];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (!isObj(r) || r["mode"] !== "managed" || typeof r["type"] !== "string") continue;
      const address = String(r["address"]);
      const local = address.slice(moduleAddress ? moduleAddress.length + 1 : 0).replace(/\[[^\]]*\]$/, "");
      const config = cm?.resources.get(local);
      const key =
        typeof config?.["provider_config_key"] === "string" ? config["provider_config_key"] : undefined;
      const resolvedKey =
        key && !regions.has(key) && key.includes(":") ? key.slice(key.indexOf(":") + 1) : key;
      const at = text.indexOf(JSON.stringify(address), cursor);
      if (at !== -1) cursor = at;
      const region = resolvedKey ? regions.get(resolvedKey) : undefined;
      // A one-line plan has every resource on line 1: the column and the JSON pointer say where.
      const where = at === -1 ? { line: 1, column: 1 } : lines.positionAt(at);
      const resource = makeResource(
        r["type"],
        String(r["name"]),
        address,
        file,
        where.line,
        "plan",
        `${file}#${moduleAddress}`,
        file,
        resolvedKey ?? "",
        region,
        mergeUnknown(r["values"], config?.["expressions"]) as Obj,
        literalAttributes(config?.["expressions"], cm?.variables ?? {}),
        NONE,
      );
      resource.column = where.column;
      resource.pointer = `${pointer}/resources/${i}`;
      out.resources.push(resource);
    }
    const children = Array.isArray(m["child_modules"]) ? m["child_modules"] : [];
    for (let i = 0; i < children.length; i++) walk(children[i], `${pointer}/child_modules/${i}`);
  };
  // A state has `values` where a plan has `planned_values`.
  const values = isObj(doc["planned_values"])
    ? doc["planned_values"]
    : isObj(doc["values"])
      ? doc["values"]
      : {};
  walk(values["root_module"], `/${isObj(doc["planned_values"]) ? "planned_values" : "values"}/root_module`);
  return out;
}
