import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/** A public entry point: the `exports` key, its TypeScript source and the names it exports. */
export interface EntryPoint {
  readonly specifier: string;
  readonly source: string;
  /** Sorted; a type-only export is written `type Name`. */
  readonly names: string[];
  /** `export *` / `export * as x` statements, as written. */
  readonly starExports: string[];
}

/** The package's entry points, read from `exports` in package.json (JSON files left out). */
export function entryPoints(root = process.cwd()): EntryPoint[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, string | { types: string; default: string }>;
  };
  const out: EntryPoint[] = [];
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (typeof target === "string") continue; // package.json, the JSON schema
    const source = target.default.replace(/^\.\/build\//, "").replace(/\.js$/, ".ts");
    out.push({
      specifier: path.posix.join(pkg.name, key),
      source,
      ...exportedNames(path.join(root, source)),
    });
  }
  return out;
}

/** The names a module exports, read from its syntax (re-export lists and exported declarations). */
export function exportedNames(file: string): { names: string[]; starExports: string[] } {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  const starExports: string[] = [];
  const exported = (n: ts.Node) =>
    ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      if (st.exportClause === undefined || ts.isNamespaceExport(st.exportClause)) {
        starExports.push(st.getText(sf));
        continue;
      }
      for (const el of st.exportClause.elements) {
        names.push(st.isTypeOnly || el.isTypeOnly ? `type ${el.name.text}` : el.name.text);
      }
    } else if (exported(st)) {
      if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) names.push(`type ${st.name.text}`);
      else if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations) names.push((d.name as ts.Identifier).text);
      else if (
        (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) &&
        st.name
      )
        names.push(st.name.text);
    }
  }
  const key = (n: string) => n.replace(/^type /, "");
  return { names: names.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)), starExports };
}
