import { datastoreGroups, spannerKeyRegions } from "../facts/datastores";
import type { InventoryView as Inventory, Resource, Rule, RuleResult } from "../types";
import { dynamicUnknown, triBool, undetermined, whyUnknown } from "../unknown";
import { bool, firstOf, isSet, str } from "../values";

/** A literal Cloud KMS key name's location: projects/p/locations/<here>/keyRings/... */
function keyLocation(v: unknown): string | undefined {
  return /\/locations\/([^/]+)\//.exec(str(v) ?? "")?.[1];
}

/** Where a Cloud KMS key is: from its literal name, or its key ring's location through references. */
function keyRingLocation(inv: Inventory, from: Resource, key: unknown): string | undefined {
  const literal = keyLocation(key);
  if (literal) return literal;
  const k = inv.target(from, key);
  if (k?.type !== "google_kms_crypto_key") return undefined;
  const ring = inv.target(k, k.values["key_ring"]);
  return str(ring?.values["location"]) ?? keyLocation(k.values["key_ring"]);
}

/** When the key is a resource in the same module, it must live in the datastore's region. */
function keyInOtherRegion(inv: Inventory, r: Resource, key: unknown): string | undefined {
  const k = inv.target(r, key);
  if (k?.region && r.region && k.region !== r.region && k.type.startsWith("aws_kms")) return k.region;
  if (k?.type === "google_kms_crypto_key" && r.region) {
    // A Cloud KMS key lives where its key ring is.
    const ring = inv.target(k, k.values["key_ring"]);
    const location = str(ring?.values["location"]) ?? keyLocation(k.values["key_ring"]);
    if (location && location !== "global" && location !== r.region) return location;
  }
  const loc = keyLocation(key);
  if (loc && r.region && loc !== "global" && loc !== r.region && r.cloud === "google") return loc;
  return undefined;
}

export const rule: Rule = {
  id: "AA201",
  title: "Replicated datastore not encrypted at rest under a customer key in every region",
  severity: "error",
  failureMode: "F6",
  inputs: ["terraform"],
  covers: [
    "aws_rds_global_cluster",
    "aws_rds_cluster",
    "aws_dynamodb_table",
    "aws_dynamodb_table_replica",
    "aws_elasticache_replication_group",
    "google_spanner_database",
    "google_sql_database_instance",
  ],
  rationale:
    "Every replica is a full copy of the data. A replica under the provider's default key (or none) cannot be revoked, audited or rotated with the others, and a key in another region couples the replica to that region's failure.",
  fix: "Encrypt every member with a customer-managed key in its own region: kms_key_id on each Aurora member, server_side_encryption.kms_key_arn and replica.kms_key_arn on DynamoDB, encryption_config.kms_key_names on multi-region Spanner, encryption_key_name on Cloud SQL.",
  unknowns:
    "A datastore that may or may not be replicated (a dynamic replica block over a variable, a global cluster id from a variable) and an encryption flag set by an expression are not judged (info with --unknown info). A key set by any expression counts as a customer key; its region is only compared when the key is a resource or a literal name.",
  *check(inv) {
    const out: RuleResult[] = [];
    /** An encryption flag: known true, known not true, or unknown (then an undetermined result is pushed). */
    const flag = (r: Resource, v: unknown, what: string): boolean | undefined => {
      const t = triBool(inv, r, v);
      if (!t.known) {
        out.push(undetermined(r, what, t.why));
        return undefined;
      }
      return t.value === true;
    };
    for (const g of datastoreGroups(inv)) {
      if (g.uncertain) {
        out.push(
          undetermined(
            g.anchor,
            "whether it is replicated across regions (and so needs a customer key per region)",
            g.uncertain,
          ),
        );
        continue;
      }
      if (g.kind === "aurora-global") {
        const gr = g.anchor.type === "aws_rds_global_cluster" ? g.anchor : undefined;
        if (
          gr &&
          !isSet(gr.values["source_db_cluster_identifier"]) &&
          flag(gr, gr.values["storage_encrypted"], "whether storage is encrypted") === false
        ) {
          out.push({
            subject: gr,
            message: `Aurora global cluster ${gr.address} does not set storage_encrypted = true`,
          });
        }
        for (const m of g.members) {
          const c = m.resource;
          const encrypted = isSet(c.values["kms_key_id"])
            ? true
            : flag(c, c.values["storage_encrypted"], "whether storage is encrypted");
          if (encrypted === undefined) continue;
          if (!encrypted) {
            out.push({
              subject: c,
              message: `Aurora member ${c.address} in ${m.region ?? "an unknown region"} is not encrypted at rest (storage_encrypted is not true)`,
            });
          } else if (!isSet(c.values["kms_key_id"])) {
            out.push({
              subject: c,
              message: `Aurora member ${c.address} in ${m.region ?? "an unknown region"} is encrypted with the AWS managed key, not a customer key (kms_key_id is not set)`,
            });
          } else {
            const other = keyInOtherRegion(inv, c, c.values["kms_key_id"]);
            if (other)
              out.push({
                subject: c,
                message: `Aurora member ${c.address} in ${m.region} uses a KMS key in ${other}`,
              });
          }
        }
      } else if (g.kind === "dynamodb-global") {
        for (const m of g.members) {
          const r = m.resource;
          if (m.replicaBlock) {
            const sse = firstOf(r.values, "server_side_encryption");
            const enabled = sse ? triBool(inv, r, sse["enabled"]) : undefined;
            if (enabled?.known && enabled.value === true && !isSet(m.replicaBlock["kms_key_arn"])) {
              out.push({
                subject: r,
                message: `DynamoDB table ${r.address}: replica in ${m.region ?? "an unknown region"} has no kms_key_arn (a customer key of its own region)`,
              });
            }
          } else if (r.type === "aws_dynamodb_table") {
            const sse = firstOf(r.values, "server_side_encryption");
            const why =
              whyUnknown(inv, r, r.values["server_side_encryption"]) ?? whyUnknown(inv, r, sse?.["enabled"]);
            if (why || (r.values["dynamic"] !== undefined && !sse)) {
              out.push(
                undetermined(
                  r,
                  "whether server-side encryption uses a customer key",
                  why ?? "server_side_encryption made by a dynamic block",
                ),
              );
            } else if (
              !sse ||
              triBool(inv, r, sse["enabled"]).known !== true ||
              bool(sse["enabled"]) !== true
            ) {
              out.push({
                subject: r,
                message: `DynamoDB global table ${r.address} uses the AWS owned key: server_side_encryption is not enabled with a customer key`,
              });
            } else if (!isSet(sse["kms_key_arn"])) {
              out.push({
                subject: r,
                message: `DynamoDB global table ${r.address} uses the AWS managed key: server_side_encryption.kms_key_arn is not set`,
              });
            }
          } else if (!isSet(r.values["kms_key_arn"])) {
            out.push({
              subject: r,
              message: `DynamoDB replica ${r.address} in ${m.region ?? "an unknown region"} has no kms_key_arn`,
            });
          }
        }
      } else if (g.kind === "cloudsql") {
        for (const m of g.members) {
          const r = m.resource;
          if (!isSet(r.values["encryption_key_name"])) {
            out.push({
              subject: r,
              message: `Cloud SQL instance ${r.address} in ${m.region ?? "an unknown region"} is replicated but has no encryption_key_name (customer-managed key)`,
            });
          } else {
            const other = keyInOtherRegion(inv, r, r.values["encryption_key_name"]);
            if (other)
              out.push({
                subject: r,
                message: `Cloud SQL instance ${r.address} in ${m.region} uses a key in ${other}`,
              });
          }
        }
      } else if (g.kind === "elasticache-global") {
        for (const m of g.members) {
          const r = m.resource;
          const atRest = isSet(r.values["kms_key_id"])
            ? flag(r, r.values["at_rest_encryption_enabled"], "whether it is encrypted at rest")
            : false;
          if (atRest === false) {
            out.push({
              subject: r,
              message: `ElastiCache global datastore member ${r.address} in ${m.region ?? "an unknown region"} is not encrypted at rest with a customer key (at_rest_encryption_enabled and kms_key_id)`,
            });
          }
        }
      }
    }
    // Spanner: every database, checked against its instance's configuration.
    for (const d of inv.ofType("google_spanner_database")) {
      const enc = firstOf(d.values, "encryption_config");
      const hidden = enc ? undefined : dynamicUnknown(inv, d, d.values, "encryption_config");
      if (hidden) {
        out.push(undetermined(d, "whether it is encrypted with a customer key", hidden));
        continue;
      }
      const one = enc ? enc["kms_key_name"] : undefined;
      const many = enc ? enc["kms_key_names"] : undefined;
      if (!isSet(one) && !isSet(many)) {
        out.push({
          subject: d,
          message: `Spanner database ${d.address} has no encryption_config with a customer-managed key`,
        });
        continue;
      }
      const instance = inv.target(d, d.values["instance"]);
      const config = instance ? str(instance.values["config"]) : undefined;
      const regions = spannerKeyRegions(config);
      const multi = instance && !config?.includes("regional-");
      if (multi && !isSet(many)) {
        out.push({
          subject: d,
          message: `Spanner database ${d.address} is on multi-region instance ${instance.address}${regions ? ` (${regions.join(", ")})` : ""} but has one key (kms_key_name): give one key per region with kms_key_names`,
        });
        continue;
      }
      // Spanner needs a key in every replica region, witness included; a key whose location is unknown is not guessed.
      const names = Array.isArray(many) ? many : [];
      const locations = names.map((k) => keyRingLocation(inv, d, k));
      if (multi && regions && names.length && locations.every((l) => l !== undefined)) {
        const missing = regions.filter((r) => !locations.includes(r));
        if (missing.length) {
          out.push({
            subject: d,
            message: `Spanner database ${d.address} has no customer key in ${missing.join(", ")} (instance configuration ${config} keeps replicas in ${regions.join(", ")})`,
          });
        }
      }
    }
    yield* out;
  },
};
