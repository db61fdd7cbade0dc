import type { CheckReport } from "../check";
import { atLeast } from "../engine";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * One test suite per rule, one test case per finding (failed at or above the
 * threshold, skipped when suppressed or below it), and a passing case for a
 * rule without findings.
 */
export function formatJunit(report: CheckReport): string {
  const byRule = new Map<string, typeof report.findings>();
  for (const r of report.rules) byRule.set(r.id, []);
  for (const f of report.findings) {
    if (!byRule.has(f.ruleId)) byRule.set(f.ruleId, []);
    byRule.get(f.ruleId)!.push(f);
  }
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const [id, list] of byRule) {
    const cases: string[] = [];
    let f1 = 0;
    let s1 = 0;
    if (!list.length) cases.push(`    <testcase classname="${id}" name="${esc(titles.get(id) ?? id)}"/>`);
    for (const f of list) {
      const name = esc(`${f.resource ?? f.file ?? id}${f.file && f.line ? ` (${f.file}:${f.line})` : ""}`);
      const fails = !f.suppressed && (f.ruleId === "AA000" || atLeast(f.severity, report.summary.failOn));
      if (fails) {
        f1++;
        cases.push(
          `    <testcase classname="${id}" name="${name}" file="${esc(f.file ?? "")}">\n      <failure type="${f.severity}" message="${esc(f.message)}">${esc(`${f.ruleId} ${f.message}${f.region ? ` (region ${f.region})` : ""}`)}</failure>\n    </testcase>`,
        );
      } else {
        s1++;
        const why = f.suppressed
          ? `suppressed: ${f.suppressionReason}`
          : `${f.severity} below fail-on ${report.summary.failOn}: ${f.message}`;
        cases.push(
          `    <testcase classname="${id}" name="${name}" file="${esc(f.file ?? "")}">\n      <skipped message="${esc(why)}"/>\n    </testcase>`,
        );
      }
    }
    const count = list.length || 1;
    tests += count;
    failures += f1;
    skipped += s1;
    suites.push(
      `  <testsuite name="${id} ${esc(titles.get(id) ?? "")}" tests="${count}" failures="${f1}" errors="0" skipped="${s1}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="activeactive check" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join("\n")}\n</testsuites>\n`;
}
