import { datastoreGroups } from "../facts/datastores";
import type { Rule } from "../types";
import { bool } from "../values";

export const rule: Rule = {
  id: "AA205",
  title: "Single-writer member that cannot take writes after a promotion",
  severity: "error",
  failureMode: "F1",
  inputs: ["terraform"],
  covers: ["aws_rds_cluster", "aws_rds_global_cluster"],
  rationale:
    "An Aurora global database has one writer; a switchover or failover moves it. A member cluster without global write forwarding rejects writes from its region whenever it is not the writer, so after the documented switchover the old writer region cannot write at all. Write forwarding on every member, the current writer included (AWS keeps it unused until the cluster is demoted), keeps a write path in every region whatever the roles.",
  fix: "Set enable_global_write_forwarding = true on every aws_rds_cluster of the global database, the primary too.",
  unknowns:
    "A write forwarding value that is an expression (a variable without default, a conditional) is not judged; a member whose global_cluster_identifier is unknown is not grouped with the global database and not checked.",
  *check(inv) {
    for (const g of datastoreGroups(inv)) {
      if (g.kind !== "aurora-global" || g.members.length < 2) continue;
      for (const m of g.members) {
        const forwarding = m.resource.values["enable_global_write_forwarding"];
        // Unknown until apply (an expression) is not a finding; absent or false is.
        if (bool(forwarding) === true) continue;
        if (forwarding !== undefined && forwarding !== null && bool(forwarding) === undefined) continue;
        yield {
          subject: m.resource,
          message: `Aurora cluster ${m.resource.address} of global database ${g.name} (${m.region ?? "region unknown"}) has no global write forwarding: after a promotion moves the writer away, its region cannot write`,
        };
      }
    }
  },
};
