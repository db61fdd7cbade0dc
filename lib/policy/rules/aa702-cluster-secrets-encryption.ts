import type { Rule } from "../types";
import { block, blocksOf, isSet, str, strList } from "../values";

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
      if (!ok)
        yield {
          subject: r,
          message: `${r.address} does not encrypt Secrets with a KMS key (encryption_config for "secrets")`,
        };
    }
    for (const r of inv.ofType("google_container_cluster")) {
      const d = block(r.values["database_encryption"]);
      if (!d || str(d["state"]) !== "ENCRYPTED" || !isSet(d["key_name"])) {
        yield {
          subject: r,
          message: `${r.address} does not encrypt Secrets with a Cloud KMS key (database_encryption state ENCRYPTED with key_name)`,
        };
      }
    }
  },
};
