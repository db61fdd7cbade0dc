import type { InputForm, ProviderConfig, Resource, Suppression, VariableDefault } from "../types";

/**
 * A resource as loaders make it: every field of a Resource, with `provider`
 * holding the key written on the resource ("" when none) and cloud, alias and
 * region still to be resolved by `finish`, which fills them in place. One
 * object per resource, created with every field, keeps 100k-resource inputs
 * cheap on allocation and garbage collection.
 */
export type RawResource = { -readonly [K in keyof Resource]: Resource[K] };

export function makeResource(
  type: string,
  name: string,
  address: string,
  file: string,
  line: number,
  form: InputForm,
  unit: string,
  stack: string,
  provider: string,
  region: string | undefined,
  values: Record<string, unknown>,
  literals: ReadonlySet<string> | undefined,
  suppressions: readonly Suppression[],
): RawResource {
  return {
    type,
    name,
    address,
    file,
    line,
    form,
    unit,
    stack,
    cloud: "other",
    provider,
    providerAlias: undefined,
    region,
    values,
    defaultTags: undefined,
    literals,
    suppressions,
  };
}

export interface LoadedModule {
  readonly resources: RawResource[];
  readonly providers: ProviderConfig[];
  readonly variables: VariableDefault[];
  /** `locals` entries, resolved by load/bind.ts when literal. */
  readonly locals?: { unit: string; name: string; value: unknown }[];
  /** `module` calls, followed by load/bind.ts when their source is in the same repository. */
  readonly calls?: ModuleCall[];
  /** terraform.tfvars / *.auto.tfvars next to the module, when it is a root. */
  readonly tfvars?: { unit: string; values: Record<string, unknown> };
}

export interface ModuleCall {
  readonly unit: string;
  readonly name: string;
  readonly source: string;
  /** Every argument but source/version/providers/count/for_each/depends_on. */
  readonly args: Record<string, unknown>;
  /** `providers = { aws = aws.west }`: child key -> parent key. */
  readonly providers: Record<string, string>;
  readonly file: string;
  readonly line: number;
}

/** Reads `"//": {"activeactive": {"suppress": {"AA102": "reason"}}}` (or a list of {id, reason}). */
export function metadataSuppressions(meta: unknown, source: string): Suppression[] {
  if (!meta || typeof meta !== "object") return [];
  const aa = (meta as Record<string, unknown>)["activeactive"];
  if (!aa || typeof aa !== "object") return [];
  const s = (aa as Record<string, unknown>)["suppress"];
  const out: Suppression[] = [];
  if (Array.isArray(s)) {
    for (const e of s) {
      if (e && typeof e === "object") {
        const id = (e as Record<string, unknown>)["id"] ?? (e as Record<string, unknown>)["ruleId"];
        const reason = (e as Record<string, unknown>)["reason"];
        if (typeof id === "string")
          out.push({ ruleId: id, reason: typeof reason === "string" ? reason.trim() : "", source });
      }
    }
  } else if (s && typeof s === "object") {
    for (const [id, reason] of Object.entries(s)) {
      out.push({ ruleId: id, reason: typeof reason === "string" ? reason.trim() : "", source });
    }
  }
  return out;
}
