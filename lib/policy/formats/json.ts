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
    region: f.region,
    suppressed: f.suppressed,
  }));
  return `${JSON.stringify({ findings, summary: report.summary }, null, 2)}\n`;
}
