import type { Cloud, ProviderConfig, Resource, VariableDefault } from "../types";
import { regionOfLocation, str } from "../values";
import type { RawResource } from "./raw";

function cloudOf(type: string, providerName: string): Cloud {
  const prefix = type.split("_")[0]!;
  if (prefix === "aws") return "aws";
  if (prefix === "google") return "google";
  if (providerName === "aws") return "aws";
  if (providerName === "google" || providerName === "google-beta") return "google";
  return "other";
}

/** hashicorp/aws 6 gives resources a `region` argument that overrides the provider's. */
function awsRegion(r: RawResource): string | undefined {
  const v = r.values["region"];
  return typeof v === "string" && /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(v) ? v : undefined;
}

/** A Google resource's own region (region, location, location_id or zone, a regional Spanner config). */
function ownRegion(r: RawResource): string | undefined {
  const v = r.values;
  const region = str(v["region"]);
  if (region) return region;
  const location = str(v["location"]) ?? str(v["zone"]);
  if (location) return regionOfLocation(location);
  // Firestore's location_id: a region (us-east1) or a multi-region (nam5), which is no one region.
  const locationId = str(v["location_id"]);
  if (locationId && /^[a-z]+-[a-z]+\d+$/.test(locationId)) return locationId;
  const config = str(v["config"]);
  if (r.type === "google_spanner_instance" && config?.startsWith("regional-")) return config.slice(9);
  return undefined;
}

/** Resolves provider, region and cloud for raw resources. */
export function resolveProviders(
  raws: RawResource[],
  providers: ProviderConfig[],
  variables: VariableDefault[],
): Resource[] {
  const byKey = new Map<string, ProviderConfig>();
  const defaults = new Map(variables.map((v) => [`${v.unit}\u0000${v.name}`, v]));
  for (const p of providers) {
    let region = p.region;
    const ref = /^\$\{\s*var\.([\w-]+)\s*\}$/.exec(region ?? "");
    if (ref) {
      const d = defaults.get(`${p.unit}\u0000${ref[1]}`);
      region = typeof d?.default === "string" ? d.default : undefined;
    } else if (region?.includes("${")) region = undefined;
    const { region: _, ...rest } = p;
    byKey.set(`${p.unit}\u0000${p.key}`, { ...rest, ...(region ? { region } : {}) });
  }
  const byScope = new Map<string, Map<string, ProviderConfig>>();
  for (const p of byKey.values()) {
    const m = byScope.get(p.unit) ?? new Map<string, ProviderConfig>();
    byScope.set(p.unit, m);
    m.set(p.key, p);
  }
  for (const r of raws) {
    const scope = r.form === "plan" ? r.file : r.unit;
    const underscore = r.type.indexOf("_");
    const key = r.provider !== "" ? r.provider : underscore === -1 ? r.type : r.type.slice(0, underscore);
    const p = byScope.get(scope)?.get(key);
    const dot = key.indexOf(".");
    const cloud = cloudOf(r.type, p?.name ?? (dot === -1 ? key : key.slice(0, dot)));
    r.provider = key;
    r.cloud = cloud;
    r.providerAlias = p?.alias ?? (dot === -1 ? undefined : key.slice(dot + 1));
    r.region =
      (cloud === "google" ? ownRegion(r) : cloud === "aws" ? awsRegion(r) : undefined) ??
      r.region ??
      p?.region;
    if (r.form !== "plan") r.defaultTags = p?.defaultTags;
  }
  return raws;
}
