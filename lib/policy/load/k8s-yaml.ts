import * as path from "node:path";
import { LineLocator } from "../lines";
import type { InputError, K8sObject, Suppression } from "../types";
import { isObj, type Obj } from "../values";

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
 * Multi-document Kubernetes YAML. The cluster is the object's
 * `topology.kubernetes.io/region` label, else the name of the folder the file
 * is in (one folder per cluster). `List` objects are flattened.
 */
export function loadK8sYaml(text: string, file: string): { objects: K8sObject[]; errors: InputError[] } {
  // Loaded here, not at the top: only YAML inputs pay for the parser.
  const YAML = require("yaml") as typeof import("yaml");
  const objects: K8sObject[] = [];
  const errors: InputError[] = [];
  const folder = path.basename(path.dirname(file));
  const lines = new LineLocator(text);
  let docs: ReturnType<typeof YAML.parseAllDocuments>;
  try {
    docs = YAML.parseAllDocuments(text, { uniqueKeys: false });
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
      const labels = isObj(meta["labels"]) ? meta["labels"] : {};
      const labelRegion =
        typeof labels[REGION_LABEL] === "string" ? (labels[REGION_LABEL] as string) : undefined;
      objects.push({
        apiVersion: typeof item["apiVersion"] === "string" ? item["apiVersion"] : "",
        kind: item["kind"],
        name: typeof meta["name"] === "string" ? meta["name"] : "",
        namespace: typeof meta["namespace"] === "string" ? meta["namespace"] : "default",
        cluster: labelRegion ?? folder,
        ...(labelRegion ? { region: labelRegion } : { region: folder }),
        file,
        line,
        doc: item,
        suppressions: annotationSuppressions(meta),
      });
    }
  }
  return { objects, errors };
}
