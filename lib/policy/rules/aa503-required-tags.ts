import taggable from "../data/taggable.json";
import type { Resource, Rule, RuleResult } from "../types";
import { firstOf, isObj } from "../values";

const AWS = new Set<string>(taggable.aws);
const GOOGLE = new Set<string>(taggable.google);
/** Google resources whose labels have another name. */
const GOOGLE_LABEL_ATTRIBUTE: Record<string, string> = { google_container_cluster: "resource_labels" };

/** The resource's effective tags; undefined when they are an expression that cannot be known. */
function effectiveTags(r: Resource): Record<string, unknown> | undefined | null {
  const v = r.values;
  const defaults = r.defaultTags === "unknown" ? undefined : r.defaultTags;
  if (r.cloud === "aws") {
    if (!AWS.has(r.type)) return null;
    const all = v["tags_all"];
    if (isObj(all)) return all;
    // A plan leaves out what is unknown until apply: tags_all computed from unknown values.
    if (r.form === "plan" && !("tags_all" in v)) return undefined;
    const tags = v["tags"];
    if (tags === undefined || tags === null) return defaults ?? {};
    return isObj(tags) ? (defaults ? { ...defaults, ...tags } : tags) : undefined;
  }
  if (r.cloud === "google") {
    if (r.type === "google_sql_database_instance") {
      const labels = firstOf(v, "settings")?.["user_labels"];
      return labels === undefined || labels === null ? {} : isObj(labels) ? labels : undefined;
    }
    const attr = GOOGLE_LABEL_ATTRIBUTE[r.type] ?? (GOOGLE.has(r.type) ? "labels" : undefined);
    if (!attr) return null;
    const eff = v["effective_labels"] ?? v["terraform_labels"];
    if (isObj(eff)) return eff;
    const labels = v[attr];
    if (labels === undefined || labels === null) return defaults ?? {};
    return isObj(labels) ? (defaults ? { ...defaults, ...labels } : labels) : undefined;
  }
  return null;
}

export const rule: Rule = {
  id: "AA503",
  title: "Taggable resource without the required tags",
  severity: "warning",
  failureMode: "F7",
  inputs: ["terraform"],
  covers: ["every AWS resource with tags", "every Google resource with labels"],
  rationale:
    "Cost and incidents are read per region and per service. A resource without service and region tags falls out of per-region cost reports and budgets' filters, so a runaway region goes unseen.",
  fix: "Tag every resource with the required tags; on AWS, provider default_tags count, on Google Cloud, default_labels. The rule is off until you name the tags: `parameters: {requiredTags: [service, region]}` in .activeactive.yaml, or a blueprint with spec.tags among the inputs (then service, region and those keys).",
  unknowns:
    "Tags or labels built by an expression (merge(var.tags, ...), a module input) and provider default tags built by an expression may hold what is missing: not reported, and not reported as info either (there would be one per resource).",
  *check(inv, params) {
    const out: RuleResult[] = [];
    if (!params.requiredTags.length) return;
    for (const type of inv.types()) {
      const cloud = type.startsWith("aws_") ? "aws" : type.startsWith("google_") ? "google" : undefined;
      if (cloud === "aws" && !AWS.has(type)) continue;
      if (
        cloud === "google" &&
        !GOOGLE.has(type) &&
        !GOOGLE_LABEL_ATTRIBUTE[type] &&
        type !== "google_sql_database_instance"
      )
        continue;
      for (const r of inv.ofType(type)) {
        const tags = effectiveTags(r);
        if (!tags) continue; // not taggable, or tags computed by an expression
        const missing = params.requiredTags.filter(
          (t) => tags[t] === undefined || tags[t] === null || tags[t] === "",
        );
        // Provider default tags built by an expression may hold what is missing here: not guessed.
        if (missing.length && r.defaultTags !== "unknown") {
          out.push({
            subject: r,
            message: `${r.address} is missing required ${r.cloud === "google" ? "label" : "tag"}(s) ${missing.join(", ")}`,
          });
        }
      }
    }
    yield* out;
  },
};
