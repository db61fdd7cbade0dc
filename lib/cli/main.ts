#!/usr/bin/env node
import { version } from "../../package.json";
import { formatProblem, UsageError } from "../core/errors";
import type { Command } from "./command";

/**
 * Commands load lazily so `activeactive check` never pays for cdktf and the
 * provider bindings that `synth` needs, nor anything but `diagram` for Graphviz.
 */
const COMMANDS: Record<string, () => Command> = {
  synth: () => require("./synth").command,
  validate: () => require("./validate").command,
  check: () => require("./check").command,
  simulate: () => require("./simulate").command,
  diagram: () => require("./diagram").command,
};

function help(): string {
  return [
    "activeactive: multi-region, multi-cloud active-active infrastructure",
    "",
    "Usage: activeactive <command> [options]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, load]) => `  ${name.padEnd(10)} ${load().summary}`),
    "",
    "Run `activeactive <command> --help` for a command's options.",
  ].join("\n");
}

function commandHelp(c: Command): string {
  return [
    `Usage: ${c.usage}`,
    "",
    c.summary,
    "",
    ...(c.flags.length
      ? ["Options:", ...c.flags.map((f) => `  --${f.name.padEnd(18)} ${f.description}`)]
      : []),
  ].join("\n");
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(
      `error: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(", ")}\n`,
    );
    return 2;
  }
  const command = load();
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      for (const p of e.problems) process.stderr.write(`error: ${formatProblem(p)}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // An unexpected failure is our bug, not the user's: say so plainly, keep the trace for reports.
      process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
      if (process.env.ACTIVEACTIVE_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
      process.exitCode = 70;
    },
  );
}
