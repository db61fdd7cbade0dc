import * as fs from "node:fs";
import { UsageError } from "../core/errors";
import { isIsoDay } from "../core/kubernetes-versions";
import { check } from "../policy/check";
import type { FailOn } from "../policy/config";
import { FORMATS, type Format, format } from "../policy/formats";
import { parseArgs } from "./args";
import type { Command } from "./command";

const FAIL_ON = ["error", "warning", "info", "none"];

/** Where `-` reads from; an object so tests can give it a text. */
export const stdin = { read: (): string => fs.readFileSync(0, "utf8") };

function readStdin(): string {
  try {
    return stdin.read();
  } catch (e) {
    throw new UsageError({
      file: "stdin",
      message: `cannot read stdin: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    });
  }
}

export const command: Command = {
  name: "check",
  summary: "Check Terraform JSON, plans, HCL and Kubernetes YAML for active-active anti-patterns",
  usage:
    "activeactive check <path...|-> [--format text|json|sarif|junit|markdown] [--output FILE] [--fail-on error|warning|info|none] [--as-of YYYY-MM-DD] [--unknown silent|info]",
  flags: [
    {
      name: "format",
      kind: "string",
      choices: FORMATS,
      description: "Report format: text (default), json, sarif, junit, markdown",
    },
    {
      name: "output",
      kind: "string",
      description: "Write the report to FILE instead of stdout (the verdict still goes to stderr)",
    },
    {
      name: "fail-on",
      kind: "string",
      choices: FAIL_ON,
      description: "Lowest severity that makes the exit code 1 (default error)",
    },
    {
      name: "rules",
      kind: "list",
      description: "Only run these rules (comma-separated ids, e.g. AA101,AA102)",
    },
    { name: "skip", kind: "list", description: "Do not run these rules (comma-separated ids)" },
    {
      name: "failover-seconds",
      kind: "string",
      description: "Failover SLO for AA103 (default: the blueprint's, else 60)",
    },
    {
      name: "as-of",
      kind: "string",
      description: "Day Kubernetes version support is checked on, YYYY-MM-DD (AA504; default today, UTC)",
    },
    {
      name: "unknown",
      kind: "string",
      choices: ["silent", "info"],
      description:
        "What to do when a rule cannot determine a value (variable without default, expression, module output): silent (default) or info findings saying why",
    },
    {
      name: "config",
      kind: "string",
      description: "Config file (default .activeactive.yaml in the current folder, if any)",
    },
  ],
  async run(argv) {
    const { positionals, flags } = parseArgs("check", argv, this.flags);
    if (positionals.length === 0) {
      throw new UsageError({
        message: "check needs at least one file or folder",
        found: "none",
        expected: this.usage,
      });
    }
    let failoverSeconds: number | undefined;
    if (flags["failover-seconds"] !== undefined) {
      failoverSeconds = Number(flags["failover-seconds"]);
      if (!Number.isFinite(failoverSeconds) || failoverSeconds <= 0) {
        throw new UsageError({
          message: "bad value for --failover-seconds",
          found: JSON.stringify(flags["failover-seconds"]),
          expected: "a number of seconds > 0",
        });
      }
    }
    const asOf = flags["as-of"] as string | undefined;
    if (asOf !== undefined && !isIsoDay(asOf)) {
      throw new UsageError({
        message: "bad value for --as-of",
        found: JSON.stringify(asOf),
        expected: "a day written YYYY-MM-DD, e.g. 2026-12-01",
      });
    }
    // `-` is stdin: the output of `kustomize build`, `helm template` or `terraform show -json`.
    const stdin = positionals.includes("-");
    const documents = stdin ? [{ name: "stdin", text: readStdin() }] : [];
    const report = await check(
      positionals.filter((p) => p !== "-"),
      {
        ...(documents.length ? { documents } : {}),
        ...(asOf !== undefined ? { parameters: { asOf } } : {}),
        ...(flags["rules"] ? { rules: flags["rules"] as string[] } : {}),
        ...(flags["skip"] ? { skip: flags["skip"] as string[] } : {}),
        ...(flags["fail-on"] ? { failOn: flags["fail-on"] as FailOn } : {}),
        ...(failoverSeconds !== undefined ? { failoverSeconds } : {}),
        ...(flags["config"] ? { config: flags["config"] as string } : {}),
        ...(flags["unknown"] ? { unknown: flags["unknown"] as "silent" | "info" } : {}),
      },
    );
    const s = report.summary;
    // A root of module calls only, or a Helm chart, is valid input: the report is written whatever it holds.
    const text = format(report, ((flags["format"] as string | undefined) ?? "text") as Format);
    const output = flags["output"] as string | undefined;
    if (output) {
      try {
        fs.writeFileSync(output, text);
      } catch (e) {
        throw new UsageError({
          file: output,
          message: `cannot write the report: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        });
      }
      process.stderr.write(
        `${s.passed ? "passed" : "failed"}: ${s.errors} error(s), ${s.warnings} warning(s), ${s.suppressed} suppressed${s.inputErrors ? `, ${s.inputErrors} input error(s)` : ""}; report in ${output}\n`,
      );
    } else process.stdout.write(text);
    for (const n of s.notes) process.stderr.write(`note: ${n.file}: ${n.message}\n`);
    for (const f of report.findings) {
      if (f.ruleId === "AA000")
        process.stderr.write(`error: ${f.file}${f.line ? `:${f.line}` : ""}: ${f.message}\n`);
    }
    return s.exitCode;
  },
};
