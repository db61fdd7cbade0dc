import * as fs from "node:fs";
import * as path from "node:path";
import { blocks, isObj, str } from "../values";
import { isLocalSource } from "./bind";

/** Folders of the modules a parsed HCL file calls with a `./` or `../` source. */
export function localModuleDirs(doc: unknown, dir: string): string[] {
  const out: string[] = [];
  if (!isObj(doc)) return out;
  for (const m of blocks(doc["module"])) {
    for (const bodies of Object.values(m)) {
      for (const body of blocks(bodies)) {
        const source = str(body["source"]);
        if (source && isLocalSource(source)) out.push(path.resolve(dir, source));
      }
    }
  }
  return out;
}

/** The files Terraform reads variable values from by itself: terraform.tfvars(.json), then *.auto.tfvars(.json) in name order. */
function tfvarsFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const auto = names.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort();
  return [...["terraform.tfvars", "terraform.tfvars.json"].filter((n) => names.includes(n)), ...auto].map(
    (n) => path.join(dir, n),
  );
}

/**
 * Variable values from the tfvars files of each folder, per unit; later files
 * win, as in Terraform. A file that cannot be parsed is skipped: its variables
 * keep their defaults (or stay unknown).
 */
export async function readTfvars(
  dirs: readonly string[],
  parse: (name: string, text: string) => Promise<Record<string, unknown>>,
  unitOf: (dir: string) => string,
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const dir of dirs) {
    const values: Record<string, unknown> = {};
    for (const f of tfvarsFiles(dir)) {
      try {
        const text = fs.readFileSync(f, "utf8");
        const doc: unknown = f.endsWith(".json")
          ? JSON.parse(text)
          : await parse(path.basename(f).replace(/\.tfvars$/, ".tf"), text);
        if (isObj(doc)) Object.assign(values, doc);
      } catch {
        // unreadable or malformed: ignored, the variables stay as they were
      }
    }
    if (Object.keys(values).length) out.set(unitOf(dir), values);
  }
  return out;
}
