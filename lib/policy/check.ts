import * as path from "node:path";
import { UsageError } from "../core/errors";
import {
  type ConfigSuppression,
  DEFAULT_PARAMETERS,
  type FailOn,
  findConfig,
  type PolicyConfig,
} from "./config";
import { atLeast, runRules, toFindings } from "./engine";
import type { Inventory } from "./inventory";
import { type InputDocument, type LoadOptions, loadInventory, loadInventorySync } from "./load";
import { RULES } from "./rules";
import type { Finding, Rule, RuleParameters } from "./types";
import { isObj } from "./values";

export interface CheckOptions {
  /** Only these rules. @default every rule */
  readonly rules?: readonly string[];
  /** Rules not to run (listed as skipped in the summary). @default none */
  readonly skip?: readonly string[];
  /** Lowest severity that fails the check. @default "error" */
  readonly failOn?: FailOn;
  /** Failover SLO in seconds; wins over config and blueprint. @default the blueprint's, else 60 */
  readonly failoverSeconds?: number;
  /** Other rule parameters; win over the config file's. */
  readonly parameters?: Partial<RuleParameters>;
  /** Extra suppressions, as in the config file. */
  readonly suppress?: readonly ConfigSuppression[];
  /** A config file; false to ignore `.activeactive.yaml`. @default `.activeactive.yaml` in cwd, if present */
  readonly config?: string | false;
  /** Paths in findings are relative to this folder. @default process.cwd() */
  readonly cwd?: string;
  /** What could not be determined (unknown values): dropped, or reported as info findings. @default "silent" (config `unknown:` wins over the default) */
  readonly unknown?: "silent" | "info";
  /** Inputs held in memory (a synthesized stack in a test), checked with the paths. @default none */
  readonly documents?: readonly InputDocument[];
}

export interface CheckSummary {
  readonly inputs: { readonly files: number; readonly resources: number; readonly kubernetesObjects: number };
  readonly rulesRun: string[];
  readonly rulesSkipped: string[];
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
  readonly inputErrors: number;
  readonly failOn: FailOn;
  readonly passed: boolean;
  readonly exitCode: 0 | 1 | 2;
  readonly parameters: RuleParameters;
  /** What could not be read as the user might expect, without being an error (a Helm chart not rendered). */
  readonly notes: { file: string; message: string }[];
  /** Every suppressed finding with the reason given for it. */
  readonly suppressions: { ruleId: string; resource: string | null; file: string | null; reason: string }[];
}

export interface CheckReport {
  readonly findings: Finding[];
  readonly summary: CheckSummary;
  readonly rules: readonly Rule[];
  readonly inventory: Inventory;
}

/** The blueprint's failover SLO, when a blueprint file is among the inputs. */
function blueprintFailover(inv: Inventory): number | undefined {
  for (const o of inv.ofKind("Blueprint")) {
    const slo = isObj(o.doc["spec"]) && isObj(o.doc["spec"]["slo"]) ? o.doc["spec"]["slo"] : undefined;
    if (slo && typeof slo["failoverSeconds"] === "number") return slo["failoverSeconds"];
  }
  return undefined;
}

/** The tags a blueprint among the inputs puts on everything (service, region and its spec.tags), when it names any. */
function blueprintTags(inv: Inventory): string[] | undefined {
  for (const o of inv.ofKind("Blueprint")) {
    const tags = isObj(o.doc["spec"]) && isObj(o.doc["spec"]["tags"]) ? o.doc["spec"]["tags"] : undefined;
    if (tags)
      return ["service", "region", ...Object.keys(tags).filter((k) => k !== "service" && k !== "region")];
  }
  return undefined;
}

function selectRules(config: PolicyConfig, options: CheckOptions): { run: Rule[]; skipped: string[] } {
  const known = new Set(RULES.map((r) => r.id));
  const only = options.rules ?? config.rules;
  const skip = new Set([...(config.skip ?? []), ...(options.skip ?? [])]);
  const unknown = [...(only ?? []), ...skip].filter((id) => !known.has(id));
  if (unknown.length) {
    throw new UsageError({
      message: `unknown rule id(s) ${unknown.join(", ")}`,
      expected: `ids from ${RULES[0]!.id} to ${RULES[RULES.length - 1]!.id} (see RULES.md)`,
    });
  }
  const selected = RULES.filter((r) => (only ? only.includes(r.id) : true));
  return {
    run: selected.filter((r) => !skip.has(r.id)),
    skipped: selected.filter((r) => skip.has(r.id)).map((r) => r.id),
  };
}

interface Prepared {
  readonly cwd: string;
  readonly config: PolicyConfig;
  readonly configFile?: string;
  readonly run: Rule[];
  readonly skipped: string[];
}

function prepare(options: CheckOptions): Prepared {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const found: { file?: string; config: PolicyConfig } =
    options.config === false ? { config: {} } : findConfig(options.config, cwd);
  return {
    cwd,
    config: found.config,
    ...(found.file ? { configFile: found.file } : {}),
    ...selectRules(found.config, options),
  };
}

function loadOptions(p: Prepared, options: CheckOptions): LoadOptions {
  return {
    cwd: p.cwd,
    ...(options.documents ? { documents: options.documents } : {}),
    ...(p.config.clusters ? { clusters: clustersFrom(p) } : {}),
  };
}

/** Cluster paths are relative to the config file's folder. */
function clustersFrom(p: Prepared): Record<string, string[]> {
  const base = path.resolve(p.cwd, path.dirname(p.configFile ?? "."));
  return Object.fromEntries(
    Object.entries(p.config.clusters ?? {}).map(([name, list]) => [
      name,
      list.map((x) => path.resolve(base, x)),
    ]),
  );
}

/**
 * Checks files and folders (cdktf.out, *.tf.json, plans, *.tf, Kubernetes
 * YAML) against the active-active policy pack.
 */
export async function check(paths: readonly string[], options: CheckOptions = {}): Promise<CheckReport> {
  const p = prepare(options);
  const inventory = await loadInventory(paths, loadOptions(p, options));
  return evaluate(inventory, p, options);
}

/** `check` without await, for everything but HCL `.tf` files (whose parser is asynchronous). */
export function checkSync(paths: readonly string[], options: CheckOptions = {}): CheckReport {
  const p = prepare(options);
  const inventory = loadInventorySync(paths, loadOptions(p, options));
  return evaluate(inventory, p, options);
}

function evaluate(inventory: Inventory, prepared: Prepared, options: CheckOptions): CheckReport {
  const { config, run, skipped } = prepared;
  const fromBlueprint = blueprintFailover(inventory);
  const tagsFromBlueprint = blueprintTags(inventory);
  const parameters: RuleParameters = {
    ...DEFAULT_PARAMETERS,
    ...(fromBlueprint !== undefined ? { failoverSeconds: fromBlueprint } : {}),
    ...(tagsFromBlueprint ? { requiredTags: tagsFromBlueprint } : {}),
    ...(config.parameters ?? {}),
    ...(options.parameters ?? {}),
    ...(options.failoverSeconds !== undefined ? { failoverSeconds: options.failoverSeconds } : {}),
    // Allowed differences add to the defaults: a team lists its own, not ours again.
    allowedWorkloadDifferences: [
      ...new Set([
        ...DEFAULT_PARAMETERS.allowedWorkloadDifferences,
        ...(config.parameters?.allowedWorkloadDifferences ?? []),
        ...(options.parameters?.allowedWorkloadDifferences ?? []),
      ]),
    ],
  };
  const failOn = options.failOn ?? config.failOn ?? "error";
  const results = runRules(inventory, run, parameters);
  const suppress = [...(config.suppress ?? []), ...(options.suppress ?? [])];
  const unknown = options.unknown ?? config.unknown ?? "silent";
  const findings = toFindings(inventory, results, suppress, prepared.configFile, unknown);
  const active = findings.filter((f) => !f.suppressed);
  const inputErrors = findings.filter((f) => f.ruleId === "AA000").length;
  const failing = active.some((f) => atLeast(f.severity, failOn));
  const exitCode = inputErrors > 0 ? 2 : failing ? 1 : 0;
  const files = new Set([...inventory.resources.map((r) => r.file), ...inventory.objects.map((o) => o.file)]);
  return {
    findings,
    rules: run,
    inventory,
    summary: {
      inputs: {
        files: files.size,
        resources: inventory.resources.length,
        kubernetesObjects: inventory.objects.length,
      },
      rulesRun: run.map((r) => r.id),
      rulesSkipped: skipped,
      errors: active.filter((f) => f.severity === "error").length,
      warnings: active.filter((f) => f.severity === "warning").length,
      infos: active.filter((f) => f.severity === "info").length,
      suppressed: findings.length - active.length,
      inputErrors,
      failOn,
      passed: exitCode === 0,
      exitCode,
      parameters,
      notes: inventory.notes.map((n) => ({ file: n.file, message: n.message })),
      suppressions: findings
        .filter((f) => f.suppressed)
        .map((f) => ({
          ruleId: f.ruleId,
          resource: f.resource,
          file: f.file,
          reason: f.suppressionReason ?? "",
        })),
    },
  };
}
