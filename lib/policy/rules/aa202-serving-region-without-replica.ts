import { DATASTORE_TYPES, datastoreGroups, servingRegions } from "../facts/datastores";
import type { Cloud, Rule } from "../types";
import { undetermined } from "../unknown";

export const rule: Rule = {
  id: "AA202",
  title: "Serving region without a replica of the datastore",
  severity: "error",
  failureMode: "F2",
  inputs: ["terraform"],
  covers: [
    "aws_rds_cluster",
    "aws_dynamodb_table",
    "google_spanner_instance",
    "google_sql_database_instance",
    "aws_eks_cluster",
    "google_container_cluster",
  ],
  rationale:
    "A region that serves traffic but has no replica of the data reads and writes across regions: every request pays the cross-region latency, and the region fails with the one holding the data.",
  fix: "Add a replica in every serving region: an Aurora secondary cluster, a DynamoDB replica, a Spanner configuration that covers the region, a Cloud SQL cross-region replica.",
  unknowns:
    "A datastore whose replication or replica regions are unknown (a dynamic replica block or a region from a variable without default) is not compared (info with --unknown info); resources whose region is unknown do not count as serving regions, and when any datastore's region is unknown no region is said to lack one.",
  *check(inv) {
    const groups = datastoreGroups(inv);
    for (const cloud of ["aws", "google"] as Cloud[]) {
      const serving = servingRegions(inv, cloud);
      if (serving.size === 0) continue;
      const mine = groups.filter((g) => g.cloud === cloud);
      for (const g of mine) {
        if (g.uncertain) {
          yield undetermined(g.anchor, "which regions hold a replica", g.uncertain);
          continue;
        }
        if (!g.regions) {
          yield undetermined(g.anchor, "which regions hold a replica", "a member's region is not known");
          continue;
        }
        if (g.regions.size === 0) continue;
        const missing = [...serving.keys()].filter((r) => !g.regions!.has(r)).sort();
        if (missing.length) {
          yield {
            subject: g.anchor,
            message: `${g.kind} datastore ${g.name} has replicas in ${[...g.regions].sort().join(", ")} but not in serving region(s) ${missing.join(", ")}`,
          };
        }
      }
      if (mine.length || serving.size < 2) continue;
      // No replicated datastore at all: a region serving without any datastore reads from another region.
      const all = inv.ofType(...DATASTORE_TYPES).filter((r) => r.cloud === cloud);
      const stores = all.filter((r) => r.region);
      if (!stores.length) continue;
      // A datastore in an unknown region may be in the region that looks bare.
      const lost = all.find((r) => !r.region);
      if (lost) {
        yield undetermined(lost, "which region holds this datastore", "its provider region is not known");
        continue;
      }
      const held = new Set(stores.map((s) => s.region!));
      for (const [region, at] of [...serving].sort()) {
        if (!held.has(region)) {
          yield {
            subject: at,
            message: `serving region ${region} has no replica of the datastore(s) in ${[...held].sort().join(", ")} (${stores[0]!.address}...): none of them is replicated`,
          };
        }
      }
    }
  },
};
