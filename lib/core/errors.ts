/**
 * One error type for everything the user can fix: bad input, bad flags, a
 * missing file. It carries where the problem is, what was found and what is
 * expected, so the CLI can print it without a stack trace and exit 2.
 */
export interface ProblemLocation {
  /** The file the problem is in, as the user named it. */
  readonly file?: string;
  /** The path inside the file, e.g. `spec.regions[1].region`. */
  readonly path?: string;
  /** 1-based line and column, where known. */
  readonly line?: number;
  readonly column?: number;
}

export interface Problem extends ProblemLocation {
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** The value found, already rendered for humans. */
  readonly found?: string;
  /** What would be accepted. */
  readonly expected?: string;
  /** A next step, e.g. "did you mean `regions`?". */
  readonly hint?: string;
}

/** Exit codes shared by every command. */
export const ExitCode = { ok: 0, findings: 1, usage: 2 } as const;

/** A problem the user can fix; the CLI prints it and exits 2. */
export class UsageError extends Error {
  readonly problems: readonly Problem[];
  readonly exitCode: number = ExitCode.usage;

  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    super(list.map(formatProblem).join("\n"));
    this.name = "UsageError";
    this.problems = list;
  }
}

/** Renders a problem as `file:line:col: path: message (found X, expected Y) hint`. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined]
    .filter((x) => x !== undefined)
    .join(":");
  const head = [where, p.path].filter((x) => x !== undefined && x !== "").join(": ");
  const detail = [
    p.found !== undefined ? `found ${p.found}` : undefined,
    p.expected !== undefined ? `expected ${p.expected}` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  return [head ? `${head}: ` : "", p.message, detail ? ` (${detail})` : "", p.hint ? `; ${p.hint}` : ""].join(
    "",
  );
}

/** Renders a value for an error message: short, JSON-like, never `[object Object]`. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A path inside a document as keys and array indexes. */
export type PathKeys = readonly (string | number)[];

/** `["spec","regions",1,"region"]` → `spec.regions[1].region`. */
export function formatPath(path: PathKeys): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/** `spec.regions[1].region` → `["spec","regions",1,"region"]`; the inverse of `formatPath` for keys without dots. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** What `invalidProp` needs of a construct: its path (`<stack>/<construct>`). */
export interface ConstructLike {
  readonly node: { readonly path: string };
}

/**
 * A construct prop the construct cannot build: the one error type for every
 * construct (AWS, Google Cloud, interconnect, Kubernetes, stacks), located at
 * the construct path, with what was found and what is expected. The CLI
 * prints it without a stack trace.
 */
export function invalidProp(
  scope: ConstructLike,
  message: string,
  found: string,
  expected: string,
): UsageError {
  return new UsageError({ path: scope.node.path, message, found, expected });
}
