import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/**
 * The layers of the house and which way imports may go. docs/architecture.md
 * states the same table; test/architecture/layers.test.ts checks the code
 * against this table and the doc against it.
 *
 * A unit is a folder (ends with `/`) or a file, relative to the repository
 * root; a file belongs to the longest unit that contains it. Imports inside
 * a unit are always allowed (cycles are checked separately).
 */
export interface Layer {
  readonly unit: string;
  /** The other units this one may import. */
  readonly may: readonly string[];
  /** Which npm packages it may import: `node:` built-ins only, any but the synthesizers, or any. */
  readonly packages: Packages;
}

export type Packages = "node: only" | "no cdktf, cdk8s, constructs" | "any";

const CONSTRUCTS = [
  "lib/core/",
  "lib/blueprint/",
  "lib/operate/",
  "lib/aws/",
  "lib/gcp/",
  "lib/interconnect/",
  "lib/k8s/",
];
/** What the constructs may import: knowledge, the blueprint, and the operations model (alarm runbook links, dashboards). */
const OPERATED = ["lib/core/", "lib/blueprint/", "lib/operate/"];
const EVERYTHING = [...CONSTRUCTS, "lib/policy/", "lib/terraform/", "lib/suppress.ts", "stacks/"];

export const LAYERS: readonly Layer[] = [
  { unit: "lib/core/", may: [], packages: "node: only" },
  { unit: "lib/blueprint/", may: ["lib/core/"], packages: "any" },
  { unit: "lib/operate/", may: ["lib/core/", "lib/blueprint/"], packages: "no cdktf, cdk8s, constructs" },
  { unit: "lib/aws/", may: OPERATED, packages: "any" },
  { unit: "lib/gcp/", may: OPERATED, packages: "any" },
  { unit: "lib/interconnect/", may: OPERATED, packages: "any" },
  { unit: "lib/k8s/", may: OPERATED, packages: "any" },
  { unit: "lib/suppress.ts", may: ["lib/core/"], packages: "any" },
  { unit: "lib/terraform/", may: ["lib/core/"], packages: "any" },
  { unit: "lib/policy/", may: ["lib/core/"], packages: "no cdktf, cdk8s, constructs" },
  { unit: "stacks/", may: CONSTRUCTS, packages: "any" },
  { unit: "lib/synth.ts", may: EVERYTHING, packages: "any" },
  { unit: "lib/entry/", may: [...CONSTRUCTS, "stacks/"], packages: "any" },
  { unit: "lib/index.ts", may: [...EVERYTHING, "lib/synth.ts"], packages: "any" },
  { unit: "lib/cli/", may: [...EVERYTHING, "lib/synth.ts", "package.json"], packages: "any" },
  { unit: "main.ts", may: EVERYTHING, packages: "any" },
];

/** One import of one file. */
export interface ImportEdge {
  /** The importing file, relative to the root. */
  readonly from: string;
  /** The import as written. */
  readonly specifier: string;
  /** The imported file relative to the root, for a relative import; undefined for a package. */
  readonly to?: string;
}

export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly message: string;
}

/** Every `.ts` file under the given folders (and the given files), relative to `root`, sorted. */
export function sourceFiles(root: string, entries: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const e of fs.readdirSync(abs)) walk(path.posix.join(rel, e));
    } else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) out.push(rel);
  };
  for (const e of entries) walk(e);
  return out.sort();
}

/**
 * The imports of a file as the TypeScript scanner sees them: `import`,
 * `import type`, `export ... from`, `require()` and `import()`, including
 * the `typeof import()` of a lazy require.
 */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName: specifier }) => {
    if (!specifier.startsWith(".")) return { from: file, specifier };
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    const to =
      [`${base}.ts`, `${base}/index.ts`, base].find((c) => fs.existsSync(path.join(root, c))) ?? base;
    return { from: file, specifier, to };
  });
}

/** The unit of a file: the longest unit of the table that contains it. */
export function unitOf(file: string, layers: readonly Layer[]): string | undefined {
  return layers
    .map((l) => l.unit)
    .filter((u) => (u.endsWith("/") ? file.startsWith(u) : file === u))
    .sort((a, b) => b.length - a.length)[0];
}

/** cdktf, cdk8s, constructs and the prebuilt providers; `@cdktf/hcl2json` is a parser and allowed. */
const SYNTHESIZERS = /^(cdktf|cdk8s|cdk8s-plus-\d+|constructs|@cdktf\/provider-[^/]+)(\/.*)?$/;

/** The imports that break the table, with the file and the import as written. */
export function layerViolations(
  root: string,
  files: readonly string[],
  layers: readonly Layer[],
): Violation[] {
  const byUnit = new Map(layers.map((l) => [l.unit, l]));
  const out: Violation[] = [];
  for (const file of files) {
    const unit = unitOf(file, layers);
    if (unit === undefined) {
      out.push({ file, specifier: "", message: "not in any layer of the table" });
      continue;
    }
    const layer = byUnit.get(unit)!;
    for (const edge of importsOf(root, file)) {
      if (edge.to === undefined) {
        const pkg = edge.specifier;
        const node = pkg.startsWith("node:");
        if (layer.packages === "node: only" && !node) {
          out.push({ file, specifier: pkg, message: `${unit} imports no package (found ${pkg})` });
        } else if (layer.packages === "no cdktf, cdk8s, constructs" && SYNTHESIZERS.test(pkg)) {
          out.push({ file, specifier: pkg, message: `${unit} must not load ${pkg}` });
        }
        continue;
      }
      const target = unitOf(edge.to, layers) ?? edge.to;
      if (target === unit || layer.may.includes(target)) continue;
      out.push({
        file,
        specifier: edge.specifier,
        message: `${unit} may not import ${target} (allowed: ${layer.may.join(", ") || "nothing of ours"})`,
      });
    }
  }
  return out;
}

/** The import cycles among the files (each as a list of files), found with Tarjan's algorithm. */
export function fileCycles(root: string, files: readonly string[]): string[][] {
  const set = new Set(files);
  const graph = new Map(
    files.map((f) => [
      f,
      [...new Set(importsOf(root, f).flatMap((e) => (e.to !== undefined && set.has(e.to) ? [e.to] : [])))],
    ]),
  );
  return cycles(graph);
}

/** The import cycles among the units (folders and files of the table). */
export function unitCycles(root: string, files: readonly string[], layers: readonly Layer[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const f of files) {
    const from = unitOf(f, layers) ?? f;
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const e of importsOf(root, f)) {
      if (e.to === undefined) continue;
      const to = unitOf(e.to, layers) ?? e.to;
      if (to !== from) targets.add(to);
    }
  }
  return cycles(new Map([...graph].map(([k, v]) => [k, [...v].sort()])));
}

/** Strongly connected components with more than one node, or a node importing itself. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** The table as markdown rows, the way docs/architecture.md writes it. */
export function tableRows(layers: readonly Layer[]): string[][] {
  return layers.map((l) => [l.unit, l.may.length ? l.may.join(", ") : "nothing", l.packages]);
}
