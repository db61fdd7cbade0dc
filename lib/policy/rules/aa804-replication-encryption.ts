import type { Rule, RuleResult } from "../types";
import { dynamicUnknown, undetermined, whyUnknown } from "../unknown";
import { blocksOf, firstOf, str } from "../values";

export const rule: Rule = {
  id: "AA804",
  title: "Cross-region bucket replication that does not keep objects under a customer key",
  severity: "error",
  failureMode: "F6",
  inputs: ["terraform"],
  covers: ["aws_s3_bucket_replication_configuration", "aws_s3_bucket"],
  rationale:
    "The guide's production-readiness checklist asks for encryption of replication channels. S3 replication copies objects over TLS, but a rule without a destination KMS key writes the replicas under the destination's default (or the source's key, from another region), and a rule without sse_kms_encrypted_objects skips every object encrypted with SSE-KMS: the replica region silently lacks them, which is found at failover. AA201 covers datastore members and AA301 VPN and listener links; buckets are this rule's.",
  fix: 'In every enabled replication rule set destination.encryption_configuration.replica_kms_key_id to a customer key in the destination region, and source_selection_criteria.sse_kms_encrypted_objects.status = "Enabled" so KMS-encrypted objects are replicated.',
  unknowns:
    "A rule status, key or criteria set by an expression, and rules made by a dynamic block over an expression, are not judged (info with --unknown info); a key set by any expression counts. Replication to a bucket known to be in the same region is not judged (not cross-region). The inline replication_configuration of aws_s3_bucket (deprecated) is read the same way.",
  *check(inv) {
    const out: RuleResult[] = [];
    const configs = inv
      .ofType("aws_s3_bucket_replication_configuration")
      .map((r) => ({ r, v: r.values, source: inv.target(r, r.values["bucket"]) }));
    // The deprecated inline form; a state shows the separate resource's rules there too: read them once.
    const separate = new Set(configs.map((c) => c.source));
    for (const r of inv.ofType("aws_s3_bucket"))
      if (!separate.has(r))
        for (const v of blocksOf(r.values, "replication_configuration")) configs.push({ r, v, source: r });
    for (const { r, v, source } of configs) {
      const hidden = dynamicUnknown(inv, r, v, "rule");
      if (hidden) out.push(undetermined(r, "which replication rules it has", hidden));
      const rules = blocksOf(v, "rules").length ? blocksOf(v, "rules") : blocksOf(v, "rule");
      for (const [i, rule] of rules.entries()) {
        const status = rule["status"];
        const why = whyUnknown(inv, r, status);
        if (why) {
          out.push(undetermined(r, "whether a replication rule is enabled", why));
          continue;
        }
        if (str(status) !== "Enabled") continue;
        const destination = firstOf(rule, "destination") ?? {};
        const target = inv.target(r, destination["bucket"]);
        if (source?.region && target?.region && source.region === target.region) continue;
        const missing: string[] = [];
        const key =
          firstOf(destination, "encryption_configuration")?.["replica_kms_key_id"] ??
          destination["replica_kms_key_id"];
        if (key === undefined || key === null || key === "")
          missing.push("no destination KMS key (encryption_configuration.replica_kms_key_id)");
        const kms = firstOf(firstOf(rule, "source_selection_criteria"), "sse_kms_encrypted_objects");
        const kmsStatus = kms?.["status"] ?? (kms?.["enabled"] === true ? "Enabled" : undefined);
        const kmsWhy = whyUnknown(inv, r, kmsStatus);
        if (kmsWhy) out.push(undetermined(r, "whether SSE-KMS objects are replicated", kmsWhy));
        else if (str(kmsStatus) !== "Enabled")
          missing.push(
            "SSE-KMS encrypted objects are not replicated (source_selection_criteria.sse_kms_encrypted_objects)",
          );
        if (!missing.length) continue;
        const name = str(rule["id"]) ?? `#${i + 1}`;
        const to = target
          ? `${target.address}${target.region ? ` (${target.region})` : ""}`
          : (str(destination["bucket"]) ?? "its destination");
        out.push({
          subject: r,
          message: `${r.address} replication rule ${name} to ${to}: ${missing.join("; ")}`,
        });
      }
    }
    yield* out;
  },
};
