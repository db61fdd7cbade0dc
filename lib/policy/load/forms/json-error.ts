import { position } from "../../lines";
import type { InputError } from "../../types";

/** A JSON.parse error as an input error with the line and column it names. */
export function jsonError(text: string, file: string, e: Error): InputError {
  const m = /position (\d+)/.exec(e.message);
  const lc = /line (\d+) column (\d+)/.exec(e.message);
  const where = lc
    ? { line: Number(lc[1]), column: Number(lc[2]) }
    : m
      ? position(text, Number(m[1]))
      : text.trim() === ""
        ? { line: 1, column: 1 }
        : undefined;
  const reason = e.message.replace(/^JSON\.parse: /, "").replace(/ in JSON at position \d+.*$/, "");
  return { file, ...(where ?? {}), message: `malformed JSON: ${reason}`, unreadable: false };
}

/** Parses the input's JSON, or returns the error to report. */
export function parseJson(input: {
  json(): unknown;
  text: string;
  file: string;
}): { doc: unknown } | { error: InputError } {
  try {
    return { doc: input.json() };
  } catch (e) {
    return { error: jsonError(input.text, input.file, e as Error) };
  }
}
