import { mermaidBlock } from "../../core/architecture-graph";
import type { CheckReport } from "../check";
import type { Finding } from "../types";
import { inventoryGraph } from "./architecture";

const ICON = { error: "🔴", warning: "🟡", info: "🔵" } as const;
const LIMIT = 50;

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function row(f: Finding): string {
  const where = f.file ? `\`${f.file}${f.line ? `:${f.line}` : ""}\`` : "";
  return `| ${ICON[f.severity]} ${f.severity} | ${f.ruleId} | ${cell(f.message)} | ${f.resource ? `\`${cell(f.resource)}\`` : ""} | ${f.region ?? ""} | ${where} |`;
}

/**
 * A pull-request comment: verdict, counts, the findings table (first 50),
 * suppressed findings folded away, and a folded Mermaid picture of the
 * regions, datastores and routing found (GitHub draws it).
 */
export function formatMarkdown(report: CheckReport): string {
  const s = report.summary;
  const active = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  const out: string[] = [];
  out.push(`## activeactive check: ${s.passed ? "✅ passed" : "❌ failed"}`);
  out.push("");
  out.push(
    `**${s.errors}** error(s), **${s.warnings}** warning(s), **${s.infos}** info, **${s.suppressed}** suppressed` +
      `${s.inputErrors ? `, **${s.inputErrors}** input error(s)` : ""} · ${s.inputs.resources} resources, ${s.inputs.kubernetesObjects} Kubernetes objects, ${s.inputs.files} files · ${s.rulesRun.length} rules · fails on ${s.failOn}`,
  );
  out.push("");
  if (active.length) {
    out.push("| Severity | Rule | Finding | Resource | Region | Location |");
    out.push("|---|---|---|---|---|---|");
    for (const f of active.slice(0, LIMIT)) out.push(row(f));
    if (active.length > LIMIT)
      out.push("", `…and ${active.length - LIMIT} more; see the SARIF or JSON report.`);
    out.push("");
    const ids = [...new Set(active.map((f) => f.ruleId))];
    const rules = report.rules.filter((r) => ids.includes(r.id));
    if (rules.length) {
      out.push("<details><summary>How to fix</summary>", "");
      for (const r of rules) out.push(`- **${r.id} ${r.title}**: ${r.fix}`);
      out.push("", "</details>", "");
    }
  } else {
    out.push("No findings.", "");
  }
  if (suppressed.length) {
    out.push(`<details><summary>${suppressed.length} suppressed finding(s)</summary>`, "");
    out.push("| Rule | Resource | Reason |", "|---|---|---|");
    for (const f of suppressed.slice(0, LIMIT))
      out.push(
        `| ${f.ruleId} | ${f.resource ? `\`${cell(f.resource)}\`` : ""} | ${cell(f.suppressionReason ?? "")} |`,
      );
    out.push("", "</details>", "");
  }
  const graph = inventoryGraph(report.inventory);
  if (graph) {
    out.push(
      `<details><summary>Architecture: ${graph.title}</summary>`,
      "",
      mermaidBlock(graph),
      "</details>",
      "",
    );
  }
  return `${out.join("\n")}`;
}
