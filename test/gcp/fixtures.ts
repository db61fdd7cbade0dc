import * as fs from "node:fs";
import { parse } from "yaml";
import { resolveBlueprint } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { UsageError } from "../../lib/core/errors";

export const MULTI_CLOUD = "blueprints/multi-cloud.yaml";
export const GCP_GLOBAL = "blueprints/gcp-global.yaml";

/** A catalogue blueprint as a plain object, to edit one thing in it. */
export function blueprintDoc(file: string): Record<string, any> {
  return parse(fs.readFileSync(file, "utf8"));
}

/** Resolves an edited document as if it were `file`. */
export function resolveEdited(file: string, edit: (doc: Record<string, any>) => void): Blueprint {
  const doc = blueprintDoc(file);
  edit(doc);
  return resolveBlueprint(doc, file);
}

/** The message of the UsageError an edit causes; fails when none is thrown. */
export function rejection(file: string, edit: (doc: Record<string, any>) => void): string {
  try {
    resolveEdited(file, edit);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error("expected a UsageError, the blueprint was accepted");
}
