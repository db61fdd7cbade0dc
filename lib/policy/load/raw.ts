import type { InputForm, ProviderConfig, Suppression, VariableDefault } from "../types";

/** A resource before its provider is resolved: loaders make these, `finish` completes them. */
export interface RawResource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly file: string;
  readonly line: number;
  readonly form: InputForm;
  readonly unit: string;
  readonly stack: string;
  /** Provider key written on the resource (`aws.use1`), if any. */
  readonly providerKey?: string | undefined;
  /** Region already known from the input (plans resolve it themselves). */
  readonly region?: string;
  readonly values: Record<string, unknown>;
  readonly literals?: ReadonlySet<string>;
  readonly suppressions: readonly Suppression[];
}

export interface LoadedModule {
  readonly resources: RawResource[];
  readonly providers: ProviderConfig[];
  readonly variables: VariableDefault[];
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
