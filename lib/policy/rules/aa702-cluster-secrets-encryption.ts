import type { Rule } from "../types";
import { dynamicUnknown, undetermined, whyUnknown } from "../unknown";
import { block, blocksOf, firstOf, isSet, str, strList } from "../values";

export const rule: Rule = {
  id: "AA702",
  title: "Cluster secrets not encrypted with a KMS key",
  severity: "error",
  failureMode: "F6",
  inputs: ["terraform"],
  covers: ["aws_eks_cluster", "google_container_cluster"],
  rationale:
    "Kubernetes Secrets hold the database and replication credentials of every region. Envelope encryption with a customer key lets you audit and revoke access to them, region by region.",
  fix: 'EKS: encryption_config { resources = ["secrets"], provider { key_arn = <KMS key in the cluster\'s region> } }. GKE: database_encryption { state = "ENCRYPTED", key_name = <Cloud KMS key> }.',
  unknowns:
    "A key set by any expression counts as set; an encryption block made by a dynamic block over a variable, or a database_encryption state set by an expression, is not judged (info with --unknown info).",
  *check(inv) {
    for (const r of inv.ofType("aws_eks_cluster")) {
      // A resources list built by an expression is given the benefit of the doubt.
      const ok = blocksOf(r.values, "encryption_config").some((c) => {
        const resources = strList(c["resources"]);
        return (
          (resources === undefined || resources.includes("secrets")) &&
          isSet(block(c["provider"])?.["key_arn"])
        );
      });
      const hidden = ok ? undefined : dynamicUnknown(inv, r, r.values, "encryption_config");
      if (hidden) yield undetermined(r, "whether Secrets are encrypted with a KMS key", hidden);
      else if (!ok)
        yield {
          subject: r,
          message: `${r.address} does not encrypt Secrets with a KMS key (encryption_config for "secrets")`,
        };
    }
    for (const r of inv.ofType("google_container_cluster")) {
      const d = firstOf(r.values, "database_encryption");
      const why = d
        ? whyUnknown(inv, r, d["state"])
        : dynamicUnknown(inv, r, r.values, "database_encryption");
      if (why) yield undetermined(r, "whether Secrets are encrypted with a Cloud KMS key", why);
      else if (!d || str(d["state"]) !== "ENCRYPTED" || !isSet(d["key_name"])) {
        yield {
          subject: r,
          message: `${r.address} does not encrypt Secrets with a Cloud KMS key (database_encryption state ENCRYPTED with key_name)`,
        };
      }
    }
  },
};
