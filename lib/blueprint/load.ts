import * as fs from "node:fs";
import type { ErrorObject } from "ajv";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { formatPath, type Problem, parsePath, show, UsageError } from "../core/errors";
import { closest, semanticChecks } from "./checks";
import { applyDefaults, type Blueprint } from "./model";
import type { BlueprintInput } from "./schema";
import { blueprintValidator } from "./validator";

type Path = readonly (string | number)[];

/** Reads, validates and resolves a blueprint file (YAML or JSON). Throws `UsageError`. */
export function loadBlueprintFile(file: string): Blueprint {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError({
      file,
      message:
        code === "ENOENT" ? "blueprint file not found" : `cannot read blueprint file (${code ?? "error"})`,
      expected: "a readable YAML or JSON blueprint file",
    });
  }
  return parseBlueprint(text, file);
}

/** Validates and resolves blueprint text; `file` names it in messages. */
export function parseBlueprint(text: string, file = "<blueprint>"): Blueprint {
  if (text.trim() === "") {
    throw new UsageError({
      file,
      message: "blueprint file is empty",
      expected: "apiVersion: activeactive/v1, kind: Blueprint, metadata and spec",
    });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new UsageError(
      doc.errors.slice(0, 5).map((err) => {
        const pos = lineCounter.linePos(err.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          message: `YAML syntax error: ${err.message.split("\n")[0]}`,
        };
      }),
    );
  }
  // A missing key is reported where its parent is, the nearest place the user wrote.
  const locate = (path: Path): { line?: number; column?: number } => {
    for (let n = path.length; n > 0; n--) {
      const at = path.slice(0, n);
      const node = doc.getIn(at, true) as { range?: [number, number, number] } | undefined;
      const offset = findKeyNode(doc.contents, at)?.range?.[0] ?? node?.range?.[0];
      if (offset === undefined) continue;
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    }
    return {};
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Unresolved or exploding aliases surface only when values are built.
    throw new UsageError({ file, message: `YAML error: ${(e as Error).message}` });
  }
  return resolveBlueprint(value, file, locate);
}

/**
 * Validates and resolves a blueprint given as an object (a TypeScript literal
 * or parsed JSON). Throws `UsageError` listing every problem found.
 */
export function resolveBlueprint(
  value: unknown,
  file = "<blueprint>",
  locate: (path: Path) => { line?: number; column?: number } = () => ({}),
): Blueprint {
  const problem = (p: Omit<Problem, "file" | "path">, path: Path): Problem => ({
    file,
    path: formatPath(path),
    ...locate(path),
    ...p,
  });
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(
      problem(
        {
          message: "a blueprint is a mapping",
          found: show(value),
          expected: "a mapping with apiVersion, kind, metadata and spec",
        },
        [],
      ),
    );
  }
  const validate = blueprintValidator();
  if (!validate(value)) {
    const errors = selectErrors(validate.errors ?? []);
    throw new UsageError(errors.map((e) => problem(describe(e), toPath(e))));
  }
  const input = value as BlueprintInput;
  const semantic = semanticChecks(input);
  if (semantic.length > 0) {
    throw new UsageError(semantic.map(({ path, ...rest }) => problem(rest, keysIn(value, path ?? ""))));
  }
  return applyDefaults(input);
}

export { formatPath };

/**
 * The keys of a formatted path inside `value`: a key with dots in it
 * (`config.app.yaml`) is found by trying the longest key the mapping has.
 */
function keysIn(value: unknown, path: string): (string | number)[] {
  const tokens = parsePath(path);
  const keys: (string | number)[] = [];
  let node = value;
  for (let i = 0; i < tokens.length; ) {
    let n = 1;
    if (node !== null && typeof node === "object" && !Array.isArray(node)) {
      for (let len = tokens.length - i; len > 1; len--) {
        if (Object.hasOwn(node, tokens.slice(i, i + len).join("."))) {
          n = len;
          break;
        }
      }
    }
    const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(".");
    keys.push(key);
    node =
      node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined;
    i += n;
  }
  return keys;
}

function toPath(e: ErrorObject): (string | number)[] {
  const parts = e.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (e.keyword === "additionalProperties") parts.push(String(e.params.additionalProperty));
  if (e.keyword === "required") parts.push(String(e.params.missingProperty));
  return parts;
}

/**
 * ajv reports every failed branch of a union; keep the branch the user
 * evidently meant (the one whose type matched), or one summary line.
 */
function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === "anyOf");
  let kept = [...errors];
  for (const u of unions) {
    const inside = kept.filter((e) => e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`));
    const branchOf = (e: ErrorObject) => e.schemaPath.slice(u.schemaPath.length + 1).split("/")[0];
    const typeFailed = new Set(
      inside.filter((e) => e.keyword === "type" && e.instancePath === u.instancePath).map(branchOf),
    );
    const branches = new Set(inside.map(branchOf));
    const meant = [...branches].filter((b) => !typeFailed.has(b));
    if (meant.length === 1) {
      kept = kept.filter((e) => e !== u && (!inside.includes(e) || branchOf(e) === meant[0]));
    } else {
      kept = kept.filter((e) => !inside.includes(e));
    }
  }
  // One message per place is enough.
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(e: ErrorObject): Omit<Problem, "file" | "path"> {
  const found = show(e.data);
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(key, known);
      return {
        message: "unknown key",
        found: show(key),
        expected: `one of ${known.join(", ")}`,
        ...(guess ? { hint: `did you mean "${guess}"?` } : {}),
      };
    }
    case "required":
      return { message: `missing required key "${e.params.missingProperty}"`, expected: "the key to be set" };
    case "enum":
      return {
        message: "value not allowed",
        found,
        expected: `one of ${(e.params.allowedValues as string[]).join(", ")}`,
      };
    case "const":
      return { message: "value not allowed", found, expected: show(e.params.allowedValue) };
    case "type":
      return { message: "wrong type", found, expected: `${e.params.type}` };
    case "pattern":
      return {
        message: "value has the wrong form",
        found,
        expected: description ?? `a value matching ${e.params.pattern}`,
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { message: "number out of range", found, expected: `${e.params.comparison} ${e.params.limit}` };
    case "minItems":
      return {
        message: "too few items",
        found: `${(e.data as unknown[]).length} items`,
        expected: `at least ${e.params.limit}`,
      };
    case "anyOf":
      return {
        message: "value matches none of the accepted forms",
        found,
        expected: description ?? "see the blueprint spec",
      };
    default:
      return { message: e.message ?? "invalid value", found };
  }
}

/** The key node of the last path segment, so errors point at the key the user wrote. */
function findKeyNode(contents: unknown, path: Path): { range?: [number, number, number] } | undefined {
  let node = contents;
  for (let i = 0; i < path.length; i++) {
    const k = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === k);
      if (!pair) return undefined;
      if (i === path.length - 1) return pair.key as { range?: [number, number, number] };
      node = pair.value;
    } else if (isSeq(node) && typeof k === "number") {
      node = node.items[k];
      if (i === path.length - 1) return node as { range?: [number, number, number] };
    } else return undefined;
  }
  return undefined;
}
