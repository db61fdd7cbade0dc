import type { FlagSpec } from "./args";

/** One CLI command, one file: `lib/cli/<name>.ts` exports `command`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  /** Returns the exit code. Data goes to stdout; logs and progress to stderr. */
  run(argv: readonly string[]): Promise<number>;
}
