import {
  KUBERNETES_VERSIONS,
  kubernetesVersion,
  minorVersion,
  type SupportCloud,
  supportStatus,
  today,
  VERSION_SOURCES,
} from "../../core/kubernetes-versions";
import type { Rule, RuleResult } from "../types";
import { str } from "../values";

const CLOUDS: Record<string, { cloud: SupportCloud; attr: string; name: string }> = {
  aws_eks_cluster: { cloud: "eks", attr: "version", name: "EKS" },
  google_container_cluster: { cloud: "gke", attr: "min_master_version", name: "GKE" },
};

/** Numeric comparison of minor versions: "1.9" < "1.30". */
function older(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { numeric: true }) < 0;
}

export const rule: Rule = {
  id: "AA504",
  title: "Kubernetes control-plane version past the end of its support",
  severity: "error",
  failureMode: "F4",
  inputs: ["terraform"],
  covers: ["aws_eks_cluster", "google_container_cluster"],
  rationale:
    "Past the end of standard support a cluster bills extended support (EKS) or is moved to the Extended channel (GKE); past the end of extended support the cloud upgrades it on its own schedule, or refuses to create it, and one region can land on a new minor version while the others do not. The support calendar is in lib/core/kubernetes-versions.ts, with its sources.",
  fix: "Pin every cluster to a minor version in standard support (the blueprint default is one), set upgrade_policy.support_type = STANDARD on EKS, and upgrade all regions before the end of standard support. Use --as-of YYYY-MM-DD to check against a fixed day in CI.",
  unknowns:
    "A version set by an expression is not judged (AA501 reports it with --unknown info); a version from a variable default or tfvars is judged like a literal.",
  *check(inv, params) {
    const day = params.asOf ?? today();
    const out: RuleResult[] = [];
    const oldest = KUBERNETES_VERSIONS[0]!.version;
    for (const r of inv.ofType(...Object.keys(CLOUDS))) {
      const c = CLOUDS[r.type]!;
      const v = str(inv.resolve(r, r.values[c.attr]));
      const minor = v ? minorVersion(v) : undefined;
      if (!minor) continue; // unpinned: AA501's concern
      const known = kubernetesVersion(minor);
      if (!known) {
        if (older(minor, oldest)) {
          out.push({
            subject: r,
            message: `${r.address} runs Kubernetes ${minor}, older than every version ${c.name} still supports (oldest known: ${oldest})`,
          });
        }
        continue; // newer than the table: nothing known against it
      }
      const status = supportStatus(minor, c.cloud, day);
      const w = known[c.cloud];
      const estimated = w.estimated ? " (estimated)" : "";
      if (status === "unsupported") {
        out.push({
          subject: r,
          message: `${r.address} runs Kubernetes ${minor}: ${c.name} extended support ended ${w.endOfExtended}${estimated} (checked as of ${day}); ${c.name} upgrades or refuses it. Source: ${VERSION_SOURCES[c.cloud]}`,
        });
      } else if (status === "extended") {
        out.push({
          subject: r,
          severity: "warning",
          message: `${r.address} runs Kubernetes ${minor}: ${c.name} standard support ended ${w.endOfStandard}${estimated}, extended support ends ${w.endOfExtended} (checked as of ${day}). Source: ${VERSION_SOURCES[c.cloud]}`,
        });
      }
    }
    yield* out;
  },
};
