import type {
  CapacityOutcome,
  DataOutcome,
  RoutingMode,
  RoutingOutcome,
  ScenarioResult,
  SimulationReport,
  Verdict,
} from "./report";

/** The output formats of `activeactive simulate`. */
export const SIMULATE_FORMATS = ["text", "json", "markdown"] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

export interface MarkdownOptions {
  /**
   * A Markdown block drawn from the same blueprint (e.g. a ```mermaid fence of
   * the architecture), placed under the title. @default - no picture
   */
  readonly diagram?: string;
}

const MODE_LABEL: Readonly<Record<RoutingMode, string>> = {
  "route53-weighted": "Route 53 weighted records",
  "global-accelerator": "AWS Global Accelerator",
  "gcp-global-lb": "Google Cloud global load balancer",
};

/** Renders a report; the same report gives byte-identical output. */
export function formatReport(
  r: SimulationReport,
  format: SimulateFormat,
  options: MarkdownOptions = {},
): string {
  if (format === "json") return `${JSON.stringify(r, null, 2)}\n`;
  if (format === "markdown") return formatMarkdown(r, options);
  return formatText(r);
}

const upper = (v: Verdict) => v.toUpperCase();
const num = (n: number) => String(n);
const routingCell = (o: RoutingOutcome) => `${o.totalSeconds} s / ${o.sloSeconds} s`;

/** Rows padded to the widest cell of each column. */
function table(rows: readonly (readonly string[])[], indent = ""): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    `${indent}${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")}`.trimEnd(),
  );
}

function headline(r: SimulationReport): string {
  const engines = Object.entries(r.engines)
    .map(([cloud, engine]) => `${cloud} ${engine}`)
    .join(", ");
  return `${r.pattern}, ${engines}, ${MODE_LABEL[r.routingMode]}; SLO: failover ${r.slo.failoverSeconds} s, replication lag ${r.slo.replicationLagSeconds} s`;
}

function summaryRows(r: SimulationReport): string[][] {
  return [
    ["lost", "routing", "capacity", "data", "RPO", "verdict"],
    ...r.scenarios.map((s) => [
      s.label,
      `${routingCell(s.routing)} ${s.routing.verdict}`,
      s.capacity.verdict,
      s.data.verdict,
      `${s.data.rpoSeconds} s`,
      upper(s.verdict),
    ]),
  ];
}

function detectionText(o: RoutingOutcome): string {
  const cache = o.mode === "route53-weighted" ? `DNS TTL ${o.dnsCacheSeconds} s` : "no DNS cache (anycast)";
  return `detection ${o.intervalSeconds} s x ${o.failureThreshold} = ${o.detectionSeconds} s + ${cache}`;
}

function trafficText(o: RoutingOutcome): string {
  return o.traffic.map((t) => `${t.region} ${t.beforePercent}% -> ${t.afterPercent}%`).join(", ");
}

function capacityRows(c: CapacityOutcome): string[][] {
  const workloads = c.regions[0]?.workloads.map((w) => w.workload) ?? [];
  return [
    ["region", "traffic", ...workloads.map((w) => `${w} now/need/max`), "nodes need/max"],
    ...c.regions.map((reg) => [
      reg.region,
      `${reg.sharePercent}%`,
      ...reg.workloads.map((w) => `${w.now}/${w.needed}/${w.ceiling}${w.fixed ? " fixed" : ""}`),
      `${reg.nodes.needed}/${reg.nodes.max} ${reg.nodes.type}${reg.verdict === "fails" ? "  FAILS" : ""}`,
    ]),
  ];
}

function dataLines(d: DataOutcome, indent: string): string[] {
  const out: string[] = [];
  for (const s of d.datastores) {
    out.push(`${indent}${s.cloud} ${s.engine} (${s.verdict}): ${s.summary}`);
    out.push(`${indent}  RPO ${s.rpoSeconds} s: ${s.rpo}`);
    s.actions.forEach((a, i) => {
      out.push(`${indent}  ${i + 1}. ${a.why}:`);
      for (const line of a.command.split("\n")) out.push(`${indent}       ${line}`);
    });
  }
  for (const sh of d.shards) {
    const where = sh.writer ? ` -> ${sh.writer}` : "";
    out.push(`${indent}shard ${sh.shard} (owner ${sh.owner}): ${sh.writes}${where} (${sh.verdict})`);
    if (sh.action) out.push(`${indent}  ${sh.action.why}: ${sh.action.command}`);
  }
  return out;
}

function scenarioText(s: ScenarioResult): string[] {
  const pad = " ".repeat(10);
  const c = s.capacity;
  return [
    `== ${s.label} lost: ${upper(s.verdict)}`,
    `routing   ${s.routing.verdict.padEnd(7)} ${routingCell(s.routing)}: ${detectionText(s.routing)}`,
    `${pad}traffic: ${trafficText(s.routing) || "none"}`,
    ...s.routing.notes.map((n) => `${pad}note: ${n}`),
    `capacity  ${c.verdict}`,
    ...(c.regions.length && c.regions[0]!.workloads.length
      ? table(capacityRows(c), pad)
      : [`${pad}no workloads`]),
    ...c.totals.map(
      (t) => `${pad}N-1: ${t.workload} needs ${t.total}, the survivors' ceilings run ${t.available}`,
    ),
    ...c.notes.map((n) => `${pad}${n}`),
    `data      ${s.data.verdict}`,
    ...dataLines(s.data, pad),
  ];
}

function closing(r: SimulationReport): string {
  const why: Record<Verdict, string> = {
    holds: "every scenario holds",
    action: "holds once a person runs the commands above",
    fails: "at least one scenario does not hold",
  };
  return `overall: ${upper(r.verdict)} (${why[r.verdict]})`;
}

function formatText(r: SimulationReport): string {
  const lines = [
    `simulate ${r.blueprint}: ${headline(r)}`,
    "",
    ...table(summaryRows(r)),
    "",
    ...r.scenarios.flatMap((s) => [...scenarioText(s), ""]),
    closing(r),
  ];
  return `${lines.join("\n")}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
function mdTable(rows: readonly (readonly string[])[]): string[] {
  const [head, ...body] = rows;
  return [
    `| ${head!.map(cell).join(" | ")} |`,
    `| ${head!.map(() => "---").join(" | ")} |`,
    ...body.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
}

function scenarioMarkdown(s: ScenarioResult): string[] {
  const o = s.routing;
  const c = s.capacity;
  const out = [
    `### ${s.label} lost: ${s.verdict}`,
    "",
    `**Routing: ${o.verdict}.** ${o.totalSeconds} s of ${o.sloSeconds} s: ${detectionText(o)}.`,
    "",
    ...mdTable([
      ["region", "weight", "traffic before", "traffic after"],
      ...o.traffic.map((t) => [t.region, num(t.weight), `${t.beforePercent}%`, `${t.afterPercent}%`]),
    ]),
    "",
    ...o.notes.map((n) => `- ${n}`),
    "",
    `**Capacity: ${c.verdict}.** Replicas now / needed / ceiling (HPA max) per workload; nodes needed / \`nodes.max\`.`,
    "",
    ...(c.regions.length && c.regions[0]!.workloads.length ? mdTable(capacityRows(c)) : ["No workloads."]),
    "",
    ...c.totals.map(
      (t) => `- N-1: ${t.workload} needs ${t.total}; the survivors' ceilings run ${t.available}.`,
    ),
    ...c.notes.map((n) => `- ${n}`),
    "",
    `**Data: ${s.data.verdict}.** RPO up to ${s.data.rpoSeconds} s.`,
    "",
  ];
  for (const d of s.data.datastores) {
    out.push(`- ${d.cloud} \`${d.engine}\` (${d.label}), ${d.verdict}: ${d.summary}. RPO: ${d.rpo}.`);
    for (const a of d.actions) {
      if (a.kind === "shell") {
        out.push("", `  ${a.why}:`, "", "  ```sh", ...a.command.split("\n").map((l) => `  ${l}`), "  ```");
      } else out.push("", `  ${a.why}: ${a.command}.`);
    }
  }
  if (s.data.shards.length) {
    out.push(
      "",
      ...mdTable([
        ["shard", "owner", "writes", "then written in", "action"],
        ...s.data.shards.map((sh) => [
          sh.shard,
          sh.owner,
          sh.writes,
          sh.writer ?? "-",
          sh.action?.command ?? "-",
        ]),
      ]),
    );
  }
  out.push("");
  return out;
}

function formatMarkdown(r: SimulationReport, options: MarkdownOptions): string {
  const lines = [
    `## activeactive simulate: ${r.blueprint}`,
    "",
    `${headline(r)}.`,
    "",
    ...(options.diagram ? [options.diagram.trimEnd(), ""] : []),
    ...mdTable(summaryRows(r)),
    "",
    ...r.scenarios.flatMap(scenarioMarkdown),
    `**${closing(r)}**`,
  ];
  return `${lines.join("\n")}\n`;
}
