import type { CheckReport } from "../check";

/** The JSON contract: findings with exactly these keys, then the summary. */
export function formatJson(report: CheckReport): string {
  const findings = report.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    resource: f.resource,
    file: f.file,
    line: f.line,
    // One-line plans put every resource on line 1: the column and JSON pointer say where it is.
    column: f.column ?? null,
    pointer: f.pointer ?? null,
    region: f.region,
    suppressed: f.suppressed,
  }));
  return `${JSON.stringify({ findings, summary: report.summary }, null, 2)}\n`;
}
