import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../core/errors";
import { isIsoDay } from "../core/kubernetes-versions";
import { AA502_DEFAULT_ALLOWANCES } from "../core/parity";
import type { RuleParameters, Severity } from "./types";
import { isObj } from "./values";

export type FailOn = Severity | "none";

/** A suppression written in `.activeactive.yaml`: a rule, a reason, and optionally which resources or files. */
export interface ConfigSuppression {
  readonly rule: string;
  readonly reason: string;
  /** Glob over the finding's resource (`aws_budgets_budget.*`, `Deployment/*\/api@*`). @default every resource */
  readonly resource?: string;
  /** Glob over the finding's file. @default every file */
  readonly file?: string;
}

/** What `.activeactive.yaml` may hold. */
export interface PolicyConfig {
  readonly rules?: readonly string[];
  readonly skip?: readonly string[];
  readonly failOn?: FailOn;
  readonly parameters?: Partial<RuleParameters>;
  readonly suppress?: readonly ConfigSuppression[];
  /** `unknown: info` reports what a rule could not determine; `silent` (default) drops it. */
  readonly unknown?: "silent" | "info";
  /** Which paths make up which Kubernetes cluster: `{ us-east-1: [overlays/us-east-1] }`, paths relative to the config's folder. */
  readonly clusters?: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_PARAMETERS: RuleParameters = {
  failoverSeconds: 60,
  // Opt-in: a config `requiredTags` or a blueprint with `spec.tags` turns AA503 on.
  requiredTags: [],
  minBackupRetentionDays: 7,
  // `[Kind[/name-glob]:]path`: the parity contract of lib/core/parity.ts.
  allowedWorkloadDifferences: [...AA502_DEFAULT_ALLOWANCES],
};

export const CONFIG_FILE = ".activeactive.yaml";
const FAIL_ON = ["error", "warning", "info", "none"];

/** `*` matches within a path segment, `**` across segments. */
export function glob(pattern: string): RegExp {
  const re = pattern
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*"),
    )
    .join(".*");
  return new RegExp(`^${re}$`);
}

/** Reads and checks a config file; every problem is reported with its path inside the file. */
export function loadConfig(file: string): PolicyConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError({
      file,
      message: "cannot read the config file",
      expected: `a YAML file like ${CONFIG_FILE}`,
    });
  }
  const YAML = require("yaml") as typeof import("yaml");
  const doc = YAML.parseDocument(text, { logLevel: "error" });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new UsageError({
      file,
      ...(e.linePos ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}),
      message: `malformed YAML: ${e.message.split("\n")[0]}`,
    });
  }
  return parseConfig(doc.toJS() ?? {}, file);
}

const KNOWN_RULE = /^AA\d{3}$/;

export function parseConfig(raw: unknown, file: string): PolicyConfig {
  const problems: { path: string; message: string; found?: string; expected?: string }[] = [];
  const bad = (p: string, found: unknown, expected: string) =>
    problems.push({ path: p, message: "invalid value", found: JSON.stringify(found), expected });
  if (!isObj(raw))
    throw new UsageError({
      file,
      message: "the config must be a mapping",
      found: JSON.stringify(raw),
      expected: "keys rules, skip, failOn, parameters, suppress, clusters, unknown",
    });
  const allowed = ["rules", "skip", "failOn", "parameters", "suppress", "clusters", "unknown"];
  let unknown: "silent" | "info" | undefined;
  if (raw["unknown"] !== undefined) {
    if (raw["unknown"] === "silent" || raw["unknown"] === "info") unknown = raw["unknown"];
    else bad("unknown", raw["unknown"], "silent or info");
  }
  for (const k of Object.keys(raw)) if (!allowed.includes(k)) bad(k, k, `one of ${allowed.join(", ")}`);
  const ids = (key: string): string[] | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || !KNOWN_RULE.test(x))) {
      bad(key, v, "a list of rule ids like AA101");
      return undefined;
    }
    return v as string[];
  };
  const rules = ids("rules");
  const skip = ids("skip");
  let failOn: FailOn | undefined;
  if (raw["failOn"] !== undefined) {
    if (typeof raw["failOn"] === "string" && FAIL_ON.includes(raw["failOn"]))
      failOn = raw["failOn"] as FailOn;
    else bad("failOn", raw["failOn"], FAIL_ON.join(", "));
  }
  const parameters: Record<string, unknown> = {};
  if (raw["parameters"] !== undefined) {
    const p = raw["parameters"];
    if (!isObj(p)) bad("parameters", p, "a mapping");
    else {
      for (const [k, v] of Object.entries(p)) {
        const where = `parameters.${k}`;
        if (k === "failoverSeconds" || k === "maxDnsTtlSeconds" || k === "minBackupRetentionDays") {
          if (typeof v === "number" && Number.isFinite(v) && v >= 0) parameters[k] = v;
          else bad(where, v, "a number >= 0");
        } else if (k === "asOf") {
          if (typeof v === "string" && isIsoDay(v)) parameters[k] = v;
          else bad(where, v, "a day written YYYY-MM-DD, e.g. 2026-12-01");
        } else if (k === "requiredTags" || k === "allowedWorkloadDifferences") {
          if (Array.isArray(v) && v.every((x) => typeof x === "string")) parameters[k] = v;
          else bad(where, v, "a list of strings");
        } else
          bad(
            where,
            k,
            `one of ${[...Object.keys(DEFAULT_PARAMETERS), "maxDnsTtlSeconds", "asOf"].join(", ")}`,
          );
      }
    }
  }
  const suppress: ConfigSuppression[] = [];
  if (raw["suppress"] !== undefined) {
    if (!Array.isArray(raw["suppress"]))
      bad("suppress", raw["suppress"], "a list of {rule, reason, resource?, file?}");
    else
      raw["suppress"].forEach((s, i) => {
        const where = `suppress[${i}]`;
        if (!isObj(s) || typeof s["rule"] !== "string" || !KNOWN_RULE.test(s["rule"])) {
          bad(`${where}.rule`, isObj(s) ? s["rule"] : s, "a rule id like AA101");
          return;
        }
        for (const k of ["resource", "file"])
          if (s[k] !== undefined && typeof s[k] !== "string") bad(`${where}.${k}`, s[k], "a glob string");
        suppress.push({
          rule: s["rule"],
          reason: typeof s["reason"] === "string" ? s["reason"].trim() : "",
          ...(typeof s["resource"] === "string" ? { resource: s["resource"] } : {}),
          ...(typeof s["file"] === "string" ? { file: s["file"] } : {}),
        });
      });
  }
  const clusters = parseClusters(raw["clusters"], bad);
  if (problems.length) throw new UsageError(problems.map((p) => ({ file, ...p })));
  return {
    ...(rules ? { rules } : {}),
    ...(skip ? { skip } : {}),
    ...(failOn ? { failOn } : {}),
    ...(unknown ? { unknown } : {}),
    parameters: parameters as Partial<RuleParameters>,
    suppress,
    ...(clusters ? { clusters } : {}),
  };
}

/** `clusters: { name: [paths] }` (a single path may be a string). */
function parseClusters(
  v: unknown,
  bad: (p: string, found: unknown, expected: string) => void,
): Record<string, string[]> | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    bad("clusters", v, "a mapping of cluster name to a list of paths");
    return undefined;
  }
  const out: Record<string, string[]> = {};
  for (const [name, paths] of Object.entries(v)) {
    const list = typeof paths === "string" ? [paths] : paths;
    if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== "string" || p === ""))
      bad(`clusters.${name}`, paths, "a list of files or folders");
    else out[name] = list as string[];
  }
  return out;
}

/** The config to use: the named file, else `.activeactive.yaml` in cwd when there is one. */
export function findConfig(
  explicit: string | undefined,
  cwd: string,
): { file?: string; config: PolicyConfig } {
  if (explicit) return { file: explicit, config: loadConfig(explicit) };
  const file = path.join(cwd, CONFIG_FILE);
  if (fs.existsSync(file)) return { file: CONFIG_FILE, config: loadConfig(file) };
  return { config: {} };
}
