import type { Resource, Rule, RuleResult } from "../types";
import { undetermined, whyUnknown } from "../unknown";
import { str } from "../values";

/** "1.31", "1.31.2-gke.1200" -> "1.31". */
function minor(v: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return m ? `${m[1]}.${m[2]}` : v;
}

export const rule: Rule = {
  id: "AA501",
  title: "Kubernetes control-plane version differs between regions, or is not pinned",
  severity: "error",
  failureMode: "F4",
  inputs: ["terraform"],
  covers: ["aws_eks_cluster", "google_container_cluster"],
  rationale:
    "Regions running different Kubernetes versions run the same manifests with different API behaviour and deprecations; an unpinned version upgrades one region under you. Either way the regions drift apart and a failover lands on a cluster that behaves differently.",
  fix: "Pin the version on every cluster (EKS version, GKE min_master_version) to the same minor version, and upgrade all regions together.",
  unknowns:
    "A version set by an expression is not judged and not compared (info with --unknown info); a version from a variable default or tfvars is compared like a literal.",
  *check(inv) {
    const out: RuleResult[] = [];
    const pinned: [Resource, string][] = [];
    for (const r of inv.ofType("aws_eks_cluster", "google_container_cluster")) {
      const attr = r.type === "aws_eks_cluster" ? "version" : "min_master_version";
      const v = str(inv.resolve(r, r.values[attr]));
      if (!v) {
        const why = whyUnknown(inv, r, r.values[attr]);
        if (why) out.push(undetermined(r, "its control-plane version", why));
        else if (r.values[attr] === undefined || r.values[attr] === null) {
          out.push({
            subject: r,
            message: `${r.address} does not pin its control-plane version (${attr} is not set)`,
          });
        }
        continue;
      }
      pinned.push([r, minor(v)]);
    }
    const counts = new Map<string, number>();
    for (const [, v] of pinned) counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > 1) {
      // The most common version is the reference; ties go to the newest.
      const [reference] = [...counts].sort(
        (a, b) => b[1] - a[1] || b[0].localeCompare(a[0], undefined, { numeric: true }),
      )[0]!;
      const summary = pinned.map(([r, v]) => `${r.region ?? r.address}: ${v}`).join(", ");
      for (const [r, v] of pinned) {
        if (v !== reference) {
          out.push({
            subject: r,
            message: `${r.address} runs Kubernetes ${v} while the other regions run ${reference} (${summary})`,
          });
        }
      }
    }
    yield* out;
  },
};
