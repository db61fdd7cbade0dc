import { LineLocator } from "../lines";
import type { InputError, Suppression } from "../types";
import { isObj, type Obj } from "../values";
import type { LoadedObject } from "./forms/form";

export const REGION_LABEL = "topology.kubernetes.io/region";
/** `activeactive.dev/skip-AA603: "reason"` on an object suppresses AA603 for it. */
export const SKIP_ANNOTATION = "activeactive.dev/skip-";

export function annotationSuppressions(meta: Obj): Suppression[] {
  const annotations = isObj(meta["annotations"]) ? meta["annotations"] : {};
  const out: Suppression[] = [];
  for (const [k, v] of Object.entries(annotations)) {
    if (k.startsWith(SKIP_ANNOTATION)) {
      out.push({
        ruleId: k.slice(SKIP_ANNOTATION.length),
        reason: typeof v === "string" ? v.trim() : "",
        source: "annotation",
      });
    }
  }
  return out;
}

/**
 * Multi-document Kubernetes YAML (JSON is YAML too). `List` objects are
 * flattened. The cluster is resolved later, from what the user said and the
 * region label (see the orchestrator), never from a folder name alone.
 */
export function loadK8sYaml(
  text: string,
  file: string,
  source: string = file,
): { objects: LoadedObject[]; errors: InputError[] } {
  // Loaded here, not at the top: only YAML inputs pay for the parser.
  const YAML = require("yaml") as typeof import("yaml");
  const objects: LoadedObject[] = [];
  const errors: InputError[] = [];
  const lines = new LineLocator(text);
  let docs: ReturnType<typeof YAML.parseAllDocuments>;
  try {
    // logLevel "error": the library would print its warnings on stderr, which is ours.
    docs = YAML.parseAllDocuments(text, { uniqueKeys: false, logLevel: "error" });
  } catch (e) {
    return {
      objects,
      errors: [{ file, message: `cannot parse YAML: ${(e as Error).message}`, unreadable: false }],
    };
  }
  if (!Array.isArray(docs)) docs = [docs];
  for (const doc of docs) {
    if (doc.errors.length) {
      const err = doc.errors[0]!;
      const pos = err.linePos?.[0];
      errors.push({
        file,
        ...(pos ? { line: pos.line, column: pos.col } : {}),
        message: `malformed YAML: ${err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
        unreadable: false,
      });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({ file, message: `malformed YAML: ${(e as Error).message}`, unreadable: false });
      continue;
    }
    const start = (doc.contents as { range?: number[] } | null)?.range?.[0] ?? 0;
    const line = lines.lineAt(start);
    const items =
      isObj(value) && value["kind"] === "List" && Array.isArray(value["items"]) ? value["items"] : [value];
    for (const item of items) {
      if (!isObj(item) || typeof item["kind"] !== "string" || !isObj(item["metadata"])) continue;
      const meta = item["metadata"];
      objects.push({
        apiVersion: typeof item["apiVersion"] === "string" ? item["apiVersion"] : "",
        kind: item["kind"],
        name: typeof meta["name"] === "string" ? meta["name"] : "",
        namespace: typeof meta["namespace"] === "string" ? meta["namespace"] : "default",
        source,
        file,
        line,
        doc: item,
        suppressions: annotationSuppressions(meta),
      });
    }
  }
  return { objects, errors };
}
