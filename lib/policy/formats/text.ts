import type { CheckReport } from "../check";

/** One line per finding, `file:line[:column]: severity AA101 message [resource] (region)`, then a summary line. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    // The column only where the loader knows it (JSON): on a one-line plan the line alone says nothing.
    const where = f.file ? `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ""}` : ""}: ` : "";
    const tail = [f.resource ? `[${f.resource}]` : "", f.region ? `(${f.region})` : ""]
      .filter(Boolean)
      .join(" ");
    const sup = f.suppressed ? ` (suppressed: ${f.suppressionReason})` : "";
    lines.push(`${where}${f.severity} ${f.ruleId} ${f.message}${tail ? ` ${tail}` : ""}${sup}`);
  }
  const s = report.summary;
  lines.push(
    `${s.passed ? "PASS" : "FAIL"}: ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info, ${s.suppressed} suppressed` +
      `${s.inputErrors ? `, ${s.inputErrors} input error(s)` : ""}; ${s.inputs.resources} resources and ${s.inputs.kubernetesObjects} Kubernetes objects in ${s.inputs.files} file(s), ${s.rulesRun.length} rules` +
      `${s.rulesSkipped.length ? ` (skipped ${s.rulesSkipped.join(", ")})` : ""}; fail on ${s.failOn}`,
  );
  return `${lines.join("\n")}\n`;
}
