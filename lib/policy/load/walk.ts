import * as fs from "node:fs";
import * as path from "node:path";
import type { InputError } from "../types";
import { isYamlName, KUSTOMIZATION_FILES } from "./forms/form";

const SKIP_DIRS = new Set(["node_modules", ".git", ".terraform"]);

/** A file to load, and whether the user named it (a folder walk only takes what it recognises). */
export interface Found {
  readonly abs: string;
  readonly explicit: boolean;
}

const candidate = (name: string) =>
  name.endsWith(".json") || name.endsWith(".tf") || isYamlName(name) || KUSTOMIZATION_FILES.includes(name);

/**
 * Every input file under the given paths, each once, in a stable order. A
 * Helm chart folder gives its Chart.yaml only; inside a kustomization's
 * folder, YAML is what the kustomization says it is, so only kustomization
 * files (and Terraform) are taken there.
 */
export function walk(paths: readonly string[], errors: InputError[]): Found[] {
  const files: Found[] = [];
  const seen = new Set<string>();
  const add = (abs: string, explicit: boolean) => {
    if (!seen.has(abs)) {
      seen.add(abs);
      files.push({ abs, explicit });
    }
  };
  const visit = (dir: string, inKustomization: boolean, shown: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ file: shown, message: `cannot read folder: ${(e as Error).message}`, unreadable: true });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    if (names.has("Chart.yaml")) {
      add(path.join(dir, "Chart.yaml"), false);
      return;
    }
    const kustomized = inKustomization || KUSTOMIZATION_FILES.some((n) => names.has(n));
    for (const e of entries) {
      if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) visit(full, kustomized, `${shown}/${e.name}`);
      else if (e.isFile() && candidate(e.name)) {
        if (kustomized && isYamlName(e.name) && !KUSTOMIZATION_FILES.includes(e.name)) continue;
        add(full, false);
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      errors.push({ file: p, message: "no such file or folder", unreadable: true });
      continue;
    }
    if (stat.isDirectory()) visit(abs, false, p);
    else add(abs, true);
  }
  return files;
}
