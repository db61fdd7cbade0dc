import { LineLocator } from "../lines";
import type { InputForm } from "../types";
import type { LoadedModule } from "./raw";
import { readTerraformDoc } from "./terraform-doc";

/**
 * Finds resource lines by scanning for each key after the previous one: JSON
 * keeps key order, so the whole file is scanned once, not parsed twice.
 */
export function jsonLocator(text: string): (type: string, name: string) => { line: number; column: number } {
  const lines = new LineLocator(text);
  let cursor = Math.max(0, text.indexOf('"resource"'));
  let typeStart = cursor;
  let currentType: string | undefined;
  return (type, name) => {
    if (type !== currentType) {
      currentType = type;
      const at = text.indexOf(`${JSON.stringify(type)}`, cursor);
      typeStart = at === -1 ? text.indexOf(JSON.stringify(type)) : at;
      if (typeStart === -1) typeStart = 0;
      cursor = typeStart;
    }
    const key = JSON.stringify(name);
    let at = text.indexOf(`${key}:`, cursor);
    if (at === -1) at = text.indexOf(key, typeStart);
    if (at === -1) return lines.positionAt(typeStart);
    cursor = at + key.length;
    return lines.positionAt(at);
  };
}

/** A Terraform JSON document (cdktf stack or hand-written `.tf.json`). */
export function loadTfJson(
  doc: unknown,
  text: string,
  file: string,
  unit: string,
  stack: string,
  form: InputForm,
): LoadedModule {
  return readTerraformDoc(doc, { file, unit, stack, form, locate: jsonLocator(text) });
}
