import { UsageError } from "../core/errors";

/** A flag a command accepts: `--name VALUE` (or `--name=VALUE`), or a boolean switch. */
export interface FlagSpec {
  readonly name: string;
  readonly kind: "string" | "boolean" | "list";
  /** Accepted values, for `--format`-like choices. */
  readonly choices?: readonly string[];
  readonly description: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Record<string, string | boolean | string[] | undefined>;
}

/** Strict flag parsing: an unknown flag or a bad choice is a usage error, not a surprise. */
export function parseArgs(command: string, argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs["flags"] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      throw new UsageError({
        message: `unknown flag --${name} for "activeactive ${command}"`,
        expected: specs.length ? specs.map((s) => `--${s.name}`).join(", ") : "no flags",
      });
    }
    if (spec.kind === "boolean") {
      flags[name] = eq === -1 ? true : arg.slice(eq + 1) !== "false";
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith("--"))) {
      throw new UsageError({ message: `flag --${name} needs a value`, expected: spec.description });
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError({
        message: `bad value for --${name}`,
        found: JSON.stringify(value),
        expected: `one of ${spec.choices.join(", ")}`,
      });
    }
    if (spec.kind === "list") {
      const list = (flags[name] as string[] | undefined) ?? [];
      list.push(
        ...value
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      );
      flags[name] = list;
    } else flags[name] = value;
  }
  return { positionals, flags };
}
