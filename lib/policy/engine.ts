import { type ConfigSuppression, glob } from "./config";
import type { Inventory } from "./inventory";
import type {
  Finding,
  K8sObject,
  Resource,
  Rule,
  RuleParameters,
  RuleResult,
  Severity,
  Suppression,
} from "./types";

/** Findings about the input itself rather than the infrastructure. */
export const META_RULES = {
  input: { id: "AA000", title: "Input could not be read or parsed", severity: "error" as Severity },
  suppression: { id: "AA001", title: "Suppression without a reason", severity: "warning" as Severity },
  module: {
    id: "AA002",
    title: "Module not followed (registry or remote source)",
    severity: "info" as Severity,
  },
};

/** What to do with results a rule could not decide: drop them (default) or report them as info. */
export type UnknownMode = "silent" | "info";

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function atLeast(s: Severity, threshold: Severity | "none"): boolean {
  return threshold !== "none" && SEVERITY_RANK[s] >= SEVERITY_RANK[threshold];
}

function isResource(s: Resource | K8sObject): s is Resource {
  return (s as Resource).address !== undefined;
}

export function subjectId(s: Resource | K8sObject): string {
  if (isResource(s)) return s.address;
  // An object in no cluster (no config, layout or region label says which) has no `@cluster`.
  return `${s.kind}/${s.namespace}/${s.name}${s.cluster ? `@${s.cluster}` : ""}`;
}

/** Runs the rules; a rule that throws becomes a finding under its own id, never a crash. */
export function runRules(
  inv: Inventory,
  rules: readonly Rule[],
  params: RuleParameters,
): [Rule, RuleResult[]][] {
  return rules.map((rule) => {
    const results: RuleResult[] = [];
    try {
      for (const r of rule.check(inv, params)) results.push(r);
    } catch (e) {
      results.push({
        message: `rule ${rule.id} failed on this input and could not finish: ${(e as Error)?.message ?? String(e)}`,
        severity: "error",
        ...(results[0]?.subject ? { subject: results[0].subject } : {}),
      });
    }
    return [rule, results];
  });
}

/**
 * Turns rule results into findings and applies suppressions. A suppression
 * with a reason marks the finding suppressed (it is still reported); one
 * without a reason does not suppress and is reported itself (AA001).
 */
export function toFindings(
  inv: Inventory,
  results: [Rule, RuleResult[]][],
  configSuppressions: readonly ConfigSuppression[],
  configFile?: string,
  unknown: UnknownMode = "silent",
): Finding[] {
  const findings: Finding[] = [];
  // The same finding from one module called several times (the same file and line) is reported once.
  const seen = new Set<string>();
  const compiled = configSuppressions.map((s) => ({
    ...s,
    resourceRe: s.resource ? glob(s.resource) : undefined,
    fileRe: s.file ? glob(s.file) : undefined,
  }));
  for (const [rule, list] of results) {
    for (const r of list) {
      if (r.unknown && unknown !== "info") continue;
      const subject = r.subject;
      const resource = subject ? subjectId(subject) : null;
      const file = subject?.file ?? r.file ?? null;
      const line = subject?.line ?? r.line ?? null;
      const column = subject && "column" in subject ? (subject.column ?? null) : null;
      const pointer = subject && "pointer" in subject ? (subject.pointer ?? null) : null;
      const region = subject?.region ?? r.region ?? null;
      const local: Suppression[] = (subject?.suppressions ?? []).filter((s) => s.ruleId === rule.id);
      const fromConfig = compiled
        .filter(
          (s) =>
            s.rule === rule.id &&
            (!s.resourceRe || (resource !== null && s.resourceRe.test(resource))) &&
            (!s.fileRe || (file !== null && s.fileRe.test(file))),
        )
        .map((s) => ({ ruleId: s.rule, reason: s.reason, source: "config" }));
      const reasoned = [...local, ...fromConfig].find((s) => s.reason !== "");
      const key = `${rule.id}\u0000${file}\u0000${line}\u0000${resource}\u0000${r.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        ruleId: rule.id,
        severity: r.unknown ? "info" : (r.severity ?? rule.severity),
        message: r.message,
        resource,
        file,
        line,
        ...(column !== null ? { column } : {}),
        ...(pointer !== null ? { pointer } : {}),
        region,
        suppressed: reasoned !== undefined,
        ...(reasoned ? { suppressionReason: reasoned.reason } : {}),
      });
    }
  }
  // Every suppression without a reason is reported, whether or not it matched a finding.
  const reasonless = (s: Resource | K8sObject) => {
    for (const sup of s.suppressions) {
      if (sup.reason === "") {
        findings.push({
          ruleId: META_RULES.suppression.id,
          severity: META_RULES.suppression.severity,
          message: `suppression of ${sup.ruleId} on ${subjectId(s)} (${sup.source}) has no reason, so it does not suppress anything: add why`,
          resource: subjectId(s),
          file: s.file,
          line: s.line,
          region: s.region ?? null,
          suppressed: false,
        });
      }
    }
  };
  for (const r of inv.resources) if (r.suppressions.length) reasonless(r);
  for (const o of inv.objects) if (o.suppressions.length) reasonless(o);
  for (const s of configSuppressions) {
    if (s.reason === "") {
      findings.push({
        ruleId: META_RULES.suppression.id,
        severity: META_RULES.suppression.severity,
        message: `config suppression of ${s.rule}${s.resource ? ` for ${s.resource}` : ""} has no reason, so it does not suppress anything: add why`,
        resource: null,
        file: configFile ?? null,
        line: configFile ? 1 : null,
        region: null,
        suppressed: false,
      });
    }
  }
  const sources = new Set<string>();
  for (const m of inv.notFollowed) {
    // Once per source, however many calls use it.
    if (sources.has(m.source)) continue;
    sources.add(m.source);
    findings.push({
      ruleId: META_RULES.module.id,
      severity: META_RULES.module.severity,
      message:
        m.source.startsWith("./") || m.source.startsWith("../")
          ? `module ${m.name} (source ${m.source}) is not followed: its folder was not found or has no .tf files`
          : `module ${m.name} (source ${m.source}) is not followed: only modules in the same repository (./ or ../) are read; check a \`terraform show -json\` plan to see through it`,
      resource: `module.${m.name}`,
      file: m.file,
      line: m.line,
      region: null,
      suppressed: false,
    });
  }
  for (const e of inv.errors) {
    findings.push({
      ruleId: META_RULES.input.id,
      severity: "error",
      message: e.message,
      resource: null,
      file: e.file,
      line: e.line ?? null,
      region: null,
      suppressed: false,
    });
  }
  return sortFindings(findings);
}

/**
 * Sorted by file, line, rule, and each finding once: the same object reached
 * through several builds (a kustomize base in every overlay) gives the same
 * finding several times.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const key = (f: Finding) =>
    `${f.file ?? "\uffff"}\u0000${String(f.line ?? 0).padStart(9, "0")}\u0000${f.ruleId}\u0000${f.resource ?? ""}\u0000${f.message}\u0000${f.region ?? ""}\u0000${f.suppressed}`;
  const seen = new Set<string>();
  return findings
    .map((f) => [key(f), f] as const)
    .filter(([k]) => !seen.has(k) && seen.add(k) !== undefined)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, f]) => f);
}
