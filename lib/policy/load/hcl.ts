import type { Suppression } from "../types";
import type { LoadedModule } from "./raw";
import { readTerraformDoc } from "./terraform-doc";

const HEADER = /^\s*([A-Za-z_][\w-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*\{/;
const SKIP = /(?:#|\/\/)\s*activeactive:skip=(AA\d{3}(?:\s*,\s*AA\d{3})*)[ \t]*(.*)$/;

interface Scan {
  lines: Map<string, number>;
  suppressions: Map<string, Suppression[]>;
}

/**
 * One pass over the HCL text: the line of every resource header, and the
 * `# activeactive:skip=AA102 reason` comments. A comment belongs to the
 * resource whose header follows it (only comments and blank lines between), or
 * else to the resource block it sits in.
 */
export function scanHcl(text: string): Scan {
  const lines = new Map<string, number>();
  const suppressions = new Map<string, Suppression[]>();
  const pending: Suppression[] = [];
  let current: string | undefined;
  const src = text.split(/\r?\n/);
  for (let i = 0; i < src.length; i++) {
    const line = src[i]!;
    const header = /^[A-Za-z_]/.test(line) ? HEADER.exec(line) : null;
    if (header) {
      const labels = [...header[2]!.matchAll(/"([^"]*)"|([A-Za-z_][\w-]*)/g)].map((m) => m[1] ?? m[2]!);
      current = header[1] === "resource" && labels.length === 2 ? `${labels[0]}.${labels[1]}` : undefined;
      if (header[1] === "module" && labels.length === 1 && !lines.has(`module ${labels[0]}`))
        lines.set(`module ${labels[0]}`, i + 1);
      if (current && !lines.has(current)) lines.set(current, i + 1);
      if (current && pending.length)
        suppressions.set(current, [...(suppressions.get(current) ?? []), ...pending]);
      pending.length = 0;
    }
    const skip = SKIP.exec(line);
    if (skip) {
      const reason = skip[2]!.trim();
      const found = skip[1]!.split(",").map((id) => ({ ruleId: id.trim(), reason, source: "HCL comment" }));
      const standalone = /^\s*(#|\/\/)/.test(line);
      if (standalone && !header && nextCodeIsHeader(src, i)) pending.push(...found);
      else if (current) suppressions.set(current, [...(suppressions.get(current) ?? []), ...found]);
    }
  }
  return { lines, suppressions };
}

function nextCodeIsHeader(src: string[], from: number): boolean {
  for (let j = from + 1; j < src.length; j++) {
    const l = src[j]!.trim();
    if (l === "" || l.startsWith("#") || l.startsWith("//")) continue;
    return /^resource\s/.test(src[j]!);
  }
  return false;
}

/** An HCL `.tf` file, already converted to JSON by hcl2json. */
export function loadHcl(doc: unknown, text: string, file: string, unit: string): LoadedModule {
  const scan = scanHcl(text);
  return readTerraformDoc(doc, {
    file,
    unit,
    stack: unit,
    form: "hcl",
    locate: (type, name) => scan.lines.get(`${type}.${name}`) ?? 1,
    commentSuppressions: (type, name) => scan.suppressions.get(`${type}.${name}`) ?? [],
    locateModule: (name) => scan.lines.get(`module ${name}`) ?? 1,
  });
}
