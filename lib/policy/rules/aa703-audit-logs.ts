import type { Rule } from "../types";
import { undetermined, whyUnknown } from "../unknown";
import { str, strList } from "../values";

export const rule: Rule = {
  id: "AA703",
  title: "Control-plane audit logs off",
  severity: "error",
  failureMode: "F6",
  inputs: ["terraform"],
  covers: ["aws_eks_cluster", "google_container_cluster"],
  rationale:
    "Without audit logs nobody can tell which identity changed what in which region's cluster, during an incident or after a breach.",
  fix: 'EKS: enabled_cluster_log_types including "audit". GKE keeps Admin Activity audit logs always; do not set logging_service = "none".',
  unknowns:
    "A log type list or logging_service set by an expression is not judged (info with --unknown info).",
  *check(inv) {
    for (const r of inv.ofType("aws_eks_cluster")) {
      const v = r.values["enabled_cluster_log_types"];
      const types = strList(v);
      const why = whyUnknown(inv, r, v);
      if (why) {
        yield undetermined(r, "whether audit logs are sent", why);
        continue;
      }
      if (types === undefined && typeof v === "string") continue;
      if (!types?.includes("audit")) {
        yield {
          subject: r,
          message: `${r.address} does not send audit logs (enabled_cluster_log_types lacks "audit")`,
        };
      }
    }
    for (const r of inv.ofType("google_container_cluster")) {
      if (str(r.values["logging_service"]) === "none") {
        yield { subject: r, message: `${r.address} turns cluster logging off (logging_service = "none")` };
      }
    }
  },
};
