import { createHash } from "node:crypto";
import type { CheckReport } from "../check";
import { META_RULES } from "../engine";
import type { Severity } from "../types";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  info: "note",
};
const HELP_URI = "https://github.com/activeactive/activeactive/blob/main/RULES.md";

/**
 * SARIF 2.1.0 for GitHub code scanning: full rule metadata, repo-relative
 * URIs, a start line on every result, and fingerprints that stay the same
 * when lines move (rule + file + resource).
 */
export function formatSarif(report: CheckReport, version = "0.1.0"): string {
  const rules = [
    ...report.rules.map((r) => ({
      id: r.id,
      name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")),
      shortDescription: { text: r.title },
      fullDescription: { text: r.rationale },
      help: {
        text: `${r.rationale}\n\nFix: ${r.fix}`,
        markdown: `**${r.id} ${r.title}**\n\n${r.rationale}\n\n**Fix:** ${r.fix}\n\nPrevents failure mode ${r.failureMode}.`,
      },
      helpUri: `${HELP_URI}#${r.id.toLowerCase()}`,
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: {
        tags: ["active-active", r.failureMode, ...(r.failureMode === "F6" ? ["security"] : [])],
        "problem.severity": r.severity === "info" ? "recommendation" : r.severity,
        // GitHub ranks security alerts by this score: the security-exposure rules only.
        ...(r.failureMode === "F6" ? { "security-severity": r.severity === "error" ? "8.0" : "5.0" } : {}),
      },
    })),
    ...Object.values(META_RULES).map((m) => ({
      id: m.id,
      name: m.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")),
      shortDescription: { text: m.title },
      fullDescription: { text: m.title },
      help: { text: m.title },
      defaultConfiguration: { level: LEVEL[m.severity] },
    })),
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => {
    const fingerprint = createHash("sha256")
      .update(`${f.ruleId}\u0000${f.file ?? ""}\u0000${f.resource ?? f.message}`)
      .digest("hex")
      .slice(0, 32);
    return {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: LEVEL[f.severity],
      message: { text: `${f.message}${f.region ? ` (region ${f.region})` : ""}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.file ?? ".", uriBaseId: "%SRCROOT%" },
            region: { startLine: f.line ?? 1, ...(f.column ? { startColumn: f.column } : {}) },
          },
          ...(f.resource ? { logicalLocations: [{ fullyQualifiedName: f.resource, kind: "resource" }] } : {}),
          ...(f.pointer ? { properties: { jsonPointer: f.pointer } } : {}),
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `${fingerprint}:1` },
      ...(f.suppressed
        ? { suppressions: [{ kind: "inSource", justification: f.suppressionReason ?? "" }] }
        : {}),
    };
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "activeactive", version, informationUri: HELP_URI, rules } },
        originalUriBaseIds: {
          "%SRCROOT%": { description: { text: "The folder activeactive check ran in" } },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
