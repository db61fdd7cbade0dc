import * as fs from "node:fs";
import * as path from "node:path";
import { Inventory } from "../inventory";
import { position } from "../lines";
import type { Cloud, InputError, K8sObject, ProviderConfig, Resource, VariableDefault } from "../types";
import { isObj, regionOfLocation, str } from "../values";
import { bind, isLocalSource } from "./bind";
import { loadHcl } from "./hcl";
import { loadK8sYaml } from "./k8s-yaml";
import { isPlan, loadPlan } from "./plan";
import type { LoadedModule, ModuleCall, RawResource } from "./raw";
import { loadTfJson } from "./tf-json";
import { localModuleDirs, readTfvars } from "./tfvars";

export interface LoadOptions {
  /** Paths in findings are relative to this folder. @default process.cwd() */
  readonly cwd?: string;
  /** Inputs held in memory, checked with the files. @default none */
  readonly documents?: readonly InputDocument[];
}

const SKIP_DIRS = new Set(["node_modules", ".git", ".terraform"]);

type Kind = "tf.json" | "json" | "hcl" | "yaml" | "manifest";

function kindOf(file: string): Kind | undefined {
  const base = path.basename(file);
  if (base.endsWith(".tf.json")) return "tf.json";
  if (base === "manifest.json") return "manifest";
  if (base.endsWith(".json")) return "json";
  if (base.endsWith(".tf")) return "hcl";
  if (base.endsWith(".yaml") || base.endsWith(".yml"))
    return base === ".activeactive.yaml" ? undefined : "yaml";
  return undefined;
}

/** Every input file under the given paths, each once, in a stable order. */
function collect(paths: readonly string[], errors: InputError[], show: (abs: string) => string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({
        file: show(dir),
        message: `cannot read folder: ${(e as Error).message}`,
        unreadable: true,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        const kind = kindOf(full);
        // In a folder, plain .json files count only when they are plans (sniffed when read).
        if (kind) add(full);
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      errors.push({ file: p, message: "no such file or folder", unreadable: true });
      continue;
    }
    if (stat.isDirectory()) walk(abs);
    else add(abs);
  }
  return files;
}

function jsonError(text: string, file: string, e: Error): InputError {
  const m = /position (\d+)/.exec(e.message);
  const lc = /line (\d+) column (\d+)/.exec(e.message);
  const where = lc
    ? { line: Number(lc[1]), column: Number(lc[2]) }
    : m
      ? position(text, Number(m[1]))
      : text.trim() === ""
        ? { line: 1, column: 1 }
        : undefined;
  const reason = e.message.replace(/^JSON\.parse: /, "").replace(/ in JSON at position \d+.*$/, "");
  return { file, ...(where ?? {}), message: `malformed JSON: ${reason}`, unreadable: false };
}

function hclError(file: string, e: unknown): InputError {
  const text = String((e as Error)?.message ?? e);
  const m = /:(\d+),(\d+)(?:-\d+)?: ([^;\]]*)/.exec(text);
  return {
    file,
    ...(m ? { line: Number(m[1]), column: Number(m[2]) } : {}),
    message: `malformed HCL: ${m ? m[3]!.trim() : text}`,
    unreadable: false,
  };
}

function cloudOf(type: string, providerName: string): Cloud {
  const prefix = type.split("_")[0]!;
  if (prefix === "aws") return "aws";
  if (prefix === "google") return "google";
  if (providerName === "aws") return "aws";
  if (providerName === "google" || providerName === "google-beta") return "google";
  return "other";
}

/** hashicorp/aws 6 gives resources a `region` argument that overrides the provider's. */
function awsRegion(r: RawResource): string | undefined {
  const v = r.values["region"];
  return typeof v === "string" && /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(v) ? v : undefined;
}

/** A Google resource's own region (region, location or zone, a regional Spanner config). */
function ownRegion(r: RawResource): string | undefined {
  const v = r.values;
  const region = str(v["region"]);
  if (region) return region;
  const location = str(v["location"]) ?? str(v["zone"]);
  if (location) return regionOfLocation(location);
  const config = str(v["config"]);
  if (r.type === "google_spanner_instance" && config?.startsWith("regional-")) return config.slice(9);
  return undefined;
}

/** Resolves provider, region and cloud for raw resources. */
function finish(raws: RawResource[], providers: ProviderConfig[], variables: VariableDefault[]): Resource[] {
  const byKey = new Map<string, ProviderConfig>();
  const defaults = new Map(variables.map((v) => [`${v.unit}\u0000${v.name}`, v]));
  for (const p of providers) {
    let region = p.region;
    const ref = /^\$\{\s*var\.([\w-]+)\s*\}$/.exec(region ?? "");
    if (ref) {
      const d = defaults.get(`${p.unit}\u0000${ref[1]}`);
      region = typeof d?.default === "string" ? d.default : undefined;
    } else if (region?.includes("${")) region = undefined;
    const { region: _, ...rest } = p;
    byKey.set(`${p.unit}\u0000${p.key}`, { ...rest, ...(region ? { region } : {}) });
  }
  const byScope = new Map<string, Map<string, ProviderConfig>>();
  for (const p of byKey.values()) {
    const m = byScope.get(p.unit) ?? new Map<string, ProviderConfig>();
    byScope.set(p.unit, m);
    m.set(p.key, p);
  }
  for (const r of raws) {
    const scope = r.form === "plan" ? r.file : r.unit;
    const underscore = r.type.indexOf("_");
    const key = r.provider !== "" ? r.provider : underscore === -1 ? r.type : r.type.slice(0, underscore);
    const p = byScope.get(scope)?.get(key);
    const dot = key.indexOf(".");
    const cloud = cloudOf(r.type, p?.name ?? (dot === -1 ? key : key.slice(0, dot)));
    r.provider = key;
    r.cloud = cloud;
    r.providerAlias = p?.alias ?? (dot === -1 ? undefined : key.slice(dot + 1));
    r.region =
      (cloud === "google" ? ownRegion(r) : cloud === "aws" ? awsRegion(r) : undefined) ??
      r.region ??
      p?.region;
    if (r.form !== "plan") r.defaultTags = p?.defaultTags;
  }
  return raws;
}

/** A Terraform JSON, plan or YAML text held in memory, e.g. a synthesized stack in a test. */
export interface InputDocument {
  /** The name findings show for it, e.g. `my-stack.tf.json`; its ending picks the parser. */
  readonly name: string;
  readonly text: string;
}

interface Source {
  readonly abs: string;
  readonly file: string;
  readonly unit: string;
  readonly text?: string;
}

/**
 * Loads any mix of files and folders into one inventory. A file that cannot
 * be parsed becomes an input error with its position; the others still load.
 */
export async function loadInventory(paths: readonly string[], options: LoadOptions = {}): Promise<Inventory> {
  const hcl = new Map<string, unknown>();
  const hclErrors = new Map<string, InputError>();
  return build(paths, options, async (sources, { readSource, showDir }) => {
    const hclSources = sources.filter((s) => kindOf(s.abs) === "hcl" && s.text !== undefined);
    // The HCL parser is WebAssembly that takes a few hundred ms to start: only load it for .tf inputs.
    if (!hclSources.length) return { hcl, hclErrors, tfvars: new Map() };
    const { parse } = require("@cdktf/hcl2json") as typeof import("@cdktf/hcl2json");
    const parseAll = async (list: Source[]) => {
      for (const s of list) {
        if (s.text === undefined) continue;
        try {
          hcl.set(s.abs, await parse(path.basename(s.abs), s.text));
        } catch (e) {
          hclErrors.set(s.abs, hclError(s.file, e));
        }
      }
    };
    await parseAll(hclSources);
    // Modules in the same repository but outside the given paths are read too, so calls can be followed.
    const loaded = new Set(hclSources.map((s) => path.dirname(s.abs)));
    let pending = hclSources;
    while (pending.length) {
      const more: Source[] = [];
      for (const s of pending) {
        for (const dir of localModuleDirs(hcl.get(s.abs), path.dirname(s.abs))) {
          if (loaded.has(dir)) continue;
          loaded.add(dir);
          for (const f of tfFiles(dir)) {
            const src = readSource(f);
            if (src) {
              sources.push(src);
              more.push(src);
            }
          }
        }
      }
      await parseAll(more);
      pending = more;
    }
    return { hcl, hclErrors, tfvars: await readTfvars([...loaded], parse, showDir) };
  });
}

/** The synchronous loader, for jest matchers: everything but HCL `.tf` files (their parser is asynchronous). */
export function loadInventorySync(paths: readonly string[], options: LoadOptions = {}): Inventory {
  let result: Inventory | undefined;
  void build(
    paths,
    options,
    (sources) => {
      const hclErrors = new Map<string, InputError>();
      for (const s of sources) {
        if (kindOf(s.abs) === "hcl") {
          hclErrors.set(s.abs, {
            file: s.file,
            message: "HCL files need the asynchronous check(); use it instead of the matcher",
            unreadable: false,
          });
        }
      }
      return { hcl: new Map(), hclErrors, tfvars: new Map() };
    },
    (inv) => {
      result = inv;
    },
  );
  return result!;
}

interface HclResult {
  hcl: Map<string, unknown>;
  hclErrors: Map<string, InputError>;
  /** terraform.tfvars / *.auto.tfvars values, per unit. */
  tfvars: Map<string, Record<string, unknown>>;
}

interface StepHelpers {
  /** Reads a file as a source (an input error when it cannot be read). */
  readSource(abs: string): Source | undefined;
  /** A folder's unit name. */
  showDir(abs: string): string;
}

type HclStep = (sources: Source[], helpers: StepHelpers) => HclResult | Promise<HclResult>;

/** The .tf files of one folder, sorted. */
function tfFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".tf"))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function build(
  paths: readonly string[],
  options: LoadOptions,
  hclStep: HclStep,
  done?: (inv: Inventory) => void,
): Promise<Inventory> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const show = (abs: string) => {
    const rel = path.relative(cwd, abs);
    return (rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel).split(path.sep).join("/");
  };
  const errors: InputError[] = [];
  const files = collect(paths, errors, show);
  const sources: Source[] = [];
  const explicit = new Set(paths.map((p) => path.resolve(p)));
  const read = (abs: string): Source | undefined => {
    const file = show(abs);
    const unit = show(path.dirname(abs)) || ".";
    try {
      return { abs, file, unit, text: fs.readFileSync(abs, "utf8") };
    } catch (e) {
      errors.push({
        file,
        message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        unreadable: true,
      });
      return undefined;
    }
  };
  for (const abs of files) {
    const s = read(abs);
    if (s) sources.push(s);
  }
  for (const d of options.documents ?? []) {
    const abs = path.resolve(cwd, d.name);
    explicit.add(abs);
    sources.push({ abs, file: d.name, unit: `${d.name}#`, text: d.text });
  }
  const finishAll = ({ hcl, hclErrors, tfvars }: HclResult): Inventory => {
    const raws: RawResource[] = [];
    const providers: ProviderConfig[] = [];
    const variables: VariableDefault[] = [];
    const locals: { unit: string; name: string; value: unknown }[] = [];
    const calls: ModuleCall[] = [];
    const objects: K8sObject[] = [];
    // Loops, not push(...list): a 1M-resource stack overflows the call stack as spread arguments.
    const take = (m: LoadedModule) => {
      for (const r of m.resources) raws.push(r);
      for (const p of m.providers) providers.push(p);
      for (const v of m.variables) variables.push(v);
      for (const l of m.locals ?? []) locals.push(l);
      for (const c of m.calls ?? []) calls.push(c);
    };
    for (let i = 0; i < sources.length; i++) {
      const { abs, file, unit, text } = sources[i]!;
      if (text === undefined) continue;
      const kind = kindOf(abs) ?? (/^\s*[{[]/.test(text.slice(0, 100)) ? "json" : undefined);
      if (kind === undefined) {
        // Named explicitly but neither JSON, HCL nor YAML: most often a binary plan file.
        errors.push({
          file,
          message: text.startsWith("PK")
            ? "a binary plan file: convert it with `terraform show -json PLANFILE > plan.json`"
            : "not a supported input (expected *.tf.json, a `terraform show -json` plan, *.tf or Kubernetes *.yaml)",
          unreadable: true,
        });
        continue;
      }
      if (kind === "yaml") {
        const r = loadK8sYaml(text, file);
        for (const o of r.objects) objects.push(o);
        for (const e of r.errors) errors.push(e);
        continue;
      }
      if (kind === "hcl") {
        const err = hclErrors.get(abs);
        if (err) errors.push(err);
        else take(loadHcl(hcl.get(abs), text, file, unit));
        continue;
      }
      // JSON: a cdktf manifest, a plan, or Terraform JSON.
      if (kind === "json" && !explicit.has(abs) && !/^\s*\{\s*"format_version"/.test(text.slice(0, 200)))
        continue;
      if (kind === "manifest" && !explicit.has(abs)) continue; // cdk.tf.json files are found by the walk
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        errors.push(jsonError(text, file, e as Error));
        continue;
      }
      if (kind === "manifest") {
        const stacks = isObj(doc) && isObj(doc["stacks"]) ? doc["stacks"] : {};
        for (const st of Object.values(stacks)) {
          const rel = isObj(st) ? str(st["synthesizedStackPath"]) : undefined;
          if (!rel) continue;
          const stackFile = path.join(path.dirname(abs), rel);
          if (!files.includes(stackFile) && !sources.some((x) => x.abs === stackFile)) {
            files.push(stackFile);
            const s = read(stackFile);
            if (s) sources.push(s);
          }
        }
        continue;
      }
      if (isObj(doc) && typeof doc["apiVersion"] === "string" && typeof doc["kind"] === "string") {
        // A Kubernetes manifest written as JSON (`kubectl get -o json`): JSON is YAML.
        const r = loadK8sYaml(text, file);
        for (const o of r.objects) objects.push(o);
        continue;
      }
      if (isPlan(doc)) {
        take(loadPlan(doc as Record<string, unknown>, text, file));
        continue;
      }
      const meta =
        isObj(doc) && isObj(doc["//"]) && isObj(doc["//"]["metadata"]) ? doc["//"]["metadata"] : undefined;
      const stackName = meta ? str(meta["stackName"]) : undefined;
      take(loadTfJson(doc, text, file, unit, stackName ?? unit, stackName ? "cdktf" : "tf.json"));
    }
    const unitDirs = new Map(sources.map((x) => [x.unit, path.dirname(x.abs)]));
    const bound = bind({
      resources: raws,
      providers,
      variables,
      locals,
      calls,
      tfvars,
      unitOf: (unit, source) =>
        isLocalSource(source)
          ? show(path.resolve(unitDirs.get(unit) ?? path.resolve(cwd, unit), source)) || "."
          : source,
    });
    const inv = new Inventory(
      finish(bound.resources, bound.providers, bound.variables),
      objects,
      bound.providers,
      bound.variables,
      errors,
      bound.notFollowed,
    );
    done?.(inv);
    return inv;
  };
  const step = hclStep(sources, { readSource: read, showDir: (abs) => show(abs) || "." });
  if (step instanceof Promise) return step.then(finishAll);
  const inv = finishAll(step);
  return Promise.resolve(inv);
}
