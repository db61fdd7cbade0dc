import { META_RULES } from "./engine";
import type { Rule } from "./types";

const MODES: Record<string, string> = {
  F1: "split-brain writes",
  F2: "replication lag",
  F3: "traffic skew",
  F4: "schema and version drift",
  F5: "routing flaps",
  F6: "security exposure",
  F7: "cost explosion",
};

/** RULES.md, generated from the catalogue (`npm run rules:md`); a test fails when the file is stale. */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  const out: string[] = [
    "<!-- Generated from lib/policy/rules by `npm run rules:md`; do not edit by hand. -->",
    "# activeactive check: rules",
    "",
    "Each rule guards against one failure mode of active-active systems:",
    ...Object.entries(MODES)
      .map(([k, v]) => `${k} ${v}`)
      .map((l) => `- ${l}`),
    "",
    "The AA8xx rules (readiness) are the field guide's production-readiness checklist, where the output shows it: health checks with hysteresis, error-budget alerts, a rollback path, encrypted replication channels. Its cost guardrails are AA401 and AA402.",
    "",
    "| Id | Severity | Rule | Failure mode | Inputs |",
    "|---|---|---|---|---|",
    ...rules.map(
      (r) =>
        `| [${r.id}](#${r.id.toLowerCase()}) | ${r.severity} | ${r.title} | ${r.failureMode} ${MODES[r.failureMode]} | ${r.inputs.join(", ")} |`,
    ),
    `| ${META_RULES.input.id} | ${META_RULES.input.severity} | ${META_RULES.input.title} (exit code 2) | | all |`,
    `| ${META_RULES.suppression.id} | ${META_RULES.suppression.severity} | ${META_RULES.suppression.title} (the suppression is ignored) | | all |`,
    `| ${META_RULES.module.id} | ${META_RULES.module.severity} | ${META_RULES.module.title}, once per source | | terraform |`,
    "",
    "## Unknown values",
    "",
    "A value is known when it is a literal or resolves to one at load time: a variable's default, `terraform.tfvars` / `*.auto.tfvars` next to the root, a literal `locals` entry, a literal argument of a module call in the same repository. Anything else (a variable without default, an expression, a `dynamic` block or `count`/`for_each` over one, a module output, a value computed by the provider) is unknown. No rule turns an unknown value into a violation: by default it stays silent; with `--unknown info` (or `unknown: info` in `.activeactive.yaml`) it reports an info finding naming what could not be determined and why. Each rule below says what it does.",
    "",
  ];
  for (const r of rules) {
    out.push(
      `## ${r.id}`,
      "",
      `**${r.title}** · ${r.severity} · prevents ${r.failureMode} (${MODES[r.failureMode]})`,
      "",
      r.rationale,
      "",
      `**Fix:** ${r.fix}`,
      "",
      `**Looks at:** ${r.covers.map((c) => `\`${c}\``).join(", ")}`,
      "",
      `**Unknown values:** ${r.unknowns}`,
      "",
    );
  }
  out.push(
    "## Suppressing a finding",
    "",
    "Every suppression needs a reason; suppressed findings stay in every report, marked suppressed. A suppression without a reason does not suppress and is reported as AA001.",
    "",
    '- cdktf: `suppress(construct, "AA102", "reason")` from `activeactive` writes `"//": {"activeactive": {"suppress": {"AA102": "reason"}}}` into each resource.',
    '- Terraform JSON: the same `"//"` key on a resource, or at the top of the file for all its resources.',
    "- HCL: a comment `# activeactive:skip=AA102 reason` above the resource or inside its block.",
    '- Kubernetes: the annotation `activeactive.dev/skip-AA603: "reason"`.',
    '- `.activeactive.yaml`: `suppress: [{rule: AA401, reason: "...", resource: "aws_budgets_budget.*", file: "legacy/**"}]`.',
    "",
  );
  return out.join("\n");
}
