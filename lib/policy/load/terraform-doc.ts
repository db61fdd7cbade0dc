import type { InputForm, Suppression, VariableDefault } from "../types";
import { block, blocks, isObj, type Obj, str } from "../values";
import { type LoadedModule, makeResource, metadataSuppressions } from "./raw";

export interface DocContext {
  readonly file: string;
  readonly form: InputForm;
  readonly unit: string;
  readonly stack: string;
  /** The line of a resource, found cheaply in the source text; JSON inputs give the column too. */
  locate(type: string, name: string): number | { readonly line: number; readonly column: number };
  /** Suppressions written next to a resource in the source (HCL comments). */
  commentSuppressions?(type: string, name: string): Suppression[];
  /** The line of a `module "name"` block. @default 1 */
  locateModule?(name: string): number;
}

const CALL_META = new Set(["source", "version", "providers", "count", "for_each", "depends_on"]);

/**
 * Reads a Terraform configuration document: JSON syntax (cdktf output, hand
 * written `.tf.json`) or HCL converted by hcl2json. Both allow a block to be
 * an object or a list of objects at every level.
 */
export function readTerraformDoc(doc: unknown, ctx: DocContext): LoadedModule {
  const out: Required<Omit<LoadedModule, "tfvars">> = {
    resources: [],
    providers: [],
    variables: [],
    locals: [],
    calls: [],
  };
  if (!isObj(doc)) return out;
  const fileSuppressions = metadataSuppressions(doc["//"], "file metadata");
  const none: Suppression[] = [];
  for (const resourceBlock of blocks(doc["resource"])) {
    for (const [type, byName] of Object.entries(resourceBlock)) {
      if (type === "//") continue;
      for (const named of blocks(byName)) {
        // for-in, not Object.entries: no pair array per resource on 100k-resource stacks.
        for (const name in named) {
          if (name === "//") continue;
          const bodies = named[name];
          const body = isObj(bodies) ? bodies : block(bodies);
          if (!body) continue;
          const p = body["provider"];
          const provider = typeof p === "string" ? (p.startsWith("${") ? p.slice(2, -1) : p) : undefined;
          // Kept lean: a 100k-resource stack makes this object 100k times.
          const meta = body["//"] !== undefined ? metadataSuppressions(body["//"], "cdktf metadata") : none;
          const comments = ctx.commentSuppressions ? ctx.commentSuppressions(type, name) : none;
          const suppressions =
            fileSuppressions.length || meta.length || comments.length
              ? [...fileSuppressions, ...meta, ...comments]
              : none;
          const at = ctx.locate(type, name);
          const resource = makeResource(
            type,
            name,
            `${type}.${name}`,
            ctx.file,
            typeof at === "number" ? at : at.line,
            ctx.form,
            ctx.unit,
            ctx.stack,
            provider ?? "",
            undefined,
            body,
            undefined,
            suppressions,
          );
          if (typeof at !== "number") {
            resource.column = at.column;
            resource.pointer = `/resource/${pointerToken(type)}/${pointerToken(name)}`;
          }
          out.resources.push(resource);
        }
      }
    }
  }
  for (const providerBlock of blocks(doc["provider"])) {
    for (const [name, configs] of Object.entries(providerBlock)) {
      for (const c of blocks(configs)) {
        const alias = str(c["alias"]);
        const tags = block(c["default_tags"])?.["tags"] ?? c["default_labels"];
        out.providers.push({
          unit: ctx.unit,
          key: alias ? `${name}.${alias}` : name,
          name,
          ...(alias ? { alias } : {}),
          // A `${var.x}` region is resolved against the variable's default when the module is finished.
          ...(typeof c["region"] === "string" ? { region: c["region"] } : {}),
          ...(isObj(tags)
            ? { defaultTags: tags }
            : typeof tags === "string"
              ? { defaultTags: "unknown" as const }
              : {}),
          file: ctx.file,
          line: 1,
        });
      }
    }
  }
  for (const variableBlock of blocks(doc["variable"])) {
    for (const [name, bodies] of Object.entries(variableBlock)) {
      const body: Obj = block(bodies) ?? {};
      out.variables.push({
        unit: ctx.unit,
        name,
        hasDefault: "default" in body,
        default: body["default"],
      } satisfies VariableDefault);
    }
  }
  for (const localsBlock of blocks(doc["locals"])) {
    for (const [name, value] of Object.entries(localsBlock)) out.locals.push({ unit: ctx.unit, name, value });
  }
  for (const moduleBlock of blocks(doc["module"])) {
    for (const [name, bodies] of Object.entries(moduleBlock)) {
      const body: Obj = block(bodies) ?? {};
      const source = str(body["source"]);
      if (!source) continue;
      const args: Obj = {};
      for (const k in body) if (!CALL_META.has(k)) args[k] = body[k];
      const providers: Record<string, string> = {};
      const p = block(body["providers"]);
      if (p)
        for (const [k, v] of Object.entries(p))
          if (typeof v === "string") providers[k] = v.replace(/^\$\{|\}$/g, "");
      out.calls.push({
        unit: ctx.unit,
        name,
        source,
        args,
        providers,
        file: ctx.file,
        line: ctx.locateModule?.(name) ?? 1,
      });
    }
  }
  return out;
}

/** RFC 6901 escaping of one JSON pointer token. */
function pointerToken(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}
