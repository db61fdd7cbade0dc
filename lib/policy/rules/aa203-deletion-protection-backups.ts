import type { Resource, Rule, RuleResult } from "../types";
import { dynamicUnknown, triBool, triNum, undetermined, whyUnknown } from "../unknown";
import { bool, firstOf, isSet, num, str } from "../values";

function days(duration: unknown): number | undefined {
  const s = str(duration);
  if (!s) return undefined;
  const m = /^(\d+)([smhd])$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return { s: n / 86400, m: n / 1440, h: n / 24, d: n }[m[2] as "s" | "m" | "h" | "d"];
}

export const rule: Rule = {
  id: "AA203",
  title: "Stateful resource without deletion protection or backups",
  severity: "error",
  failureMode: "F1",
  inputs: ["terraform"],
  covers: [
    "aws_rds_global_cluster",
    "aws_rds_cluster",
    "aws_db_instance",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_dynamodb_table",
    "google_sql_database_instance",
    "google_spanner_database",
  ],
  rationale:
    "After a split brain or a bad write replicated to every region, the only way back is a backup or point-in-time restore; replication copies deletes and corruption everywhere at once. A datastore without deletion protection is one mistaken apply from losing every replica.",
  fix: "Turn on deletion protection and keep backups or point-in-time recovery for at least 7 days (backup_retention_period >= 7, point_in_time_recovery.enabled, backup_configuration with retained_backups >= 7, a Spanner backup schedule).",
  unknowns:
    'A protection flag, retention or backup setting set by an expression (for example `deletion_protection = var.env != "development"` without a default for env), or a backup block made by a dynamic block over a variable, is not judged (info with --unknown info). A value from a variable default or tfvars is judged like a literal.',
  *check(inv, params) {
    const min = params.minBackupRetentionDays;
    const out: RuleResult[] = [];
    const protect = (r: Resource, attr: string) => {
      const t = triBool(inv, r, r.values[attr]);
      if (!t.known) out.push(undetermined(r, `whether it has deletion protection (${attr})`, t.why));
      else if (t.value !== true) {
        out.push({
          subject: r,
          message: `${r.address} has no deletion protection (${attr} is ${t.value === false ? "false" : "not set"})`,
        });
      }
    };
    const retention = (r: Resource, attr: string, fallback: number) => {
      const t = triNum(inv, r, r.values[attr]);
      if (!t.known) {
        out.push(undetermined(r, `how long backups are kept (${attr})`, t.why));
        return;
      }
      const d = t.value ?? (isSet(r.values[attr]) ? undefined : fallback);
      if (d !== undefined && d < min) {
        out.push({
          subject: r,
          message: `${r.address} keeps backups for ${d} day(s) (${attr}); under ${min} days counts as none`,
        });
      }
    };
    for (const r of inv.ofType("aws_rds_global_cluster")) protect(r, "deletion_protection");
    for (const r of inv.ofType("aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster")) {
      protect(r, "deletion_protection");
      retention(r, "backup_retention_period", 1);
    }
    for (const r of inv.ofType("aws_db_instance")) {
      protect(r, "deletion_protection");
      // A read replica takes its backups from the source.
      if (!isSet(r.values["replicate_source_db"])) retention(r, "backup_retention_period", 1); // the RDS API default
    }
    for (const r of inv.ofType("aws_dynamodb_table")) {
      protect(r, "deletion_protection_enabled");
      const pitr = firstOf(r.values, "point_in_time_recovery");
      const hidden =
        whyUnknown(inv, r, pitr?.["enabled"]) ??
        (pitr ? undefined : dynamicUnknown(inv, r, r.values, "point_in_time_recovery"));
      if (hidden) {
        out.push(undetermined(r, "whether point-in-time recovery is on", hidden));
      } else if (!pitr || bool(pitr["enabled"]) !== true) {
        out.push({
          subject: r,
          message: `${r.address} has no point-in-time recovery (point_in_time_recovery.enabled is not true)`,
        });
      } else {
        const period = num(pitr["recovery_period_in_days"]);
        if (period !== undefined && period < min) {
          out.push({
            subject: r,
            message: `${r.address} keeps point-in-time recovery for ${period} day(s); under ${min} days counts as none`,
          });
        }
      }
    }
    for (const r of inv.ofType("google_sql_database_instance")) {
      const settings = firstOf(r.values, "settings") ?? {};
      const settingsHidden = firstOf(r.values, "settings")
        ? undefined
        : dynamicUnknown(inv, r, r.values, "settings");
      if (settingsHidden) {
        out.push(undetermined(r, "its deletion protection and backups", settingsHidden));
        continue;
      }
      const dpWhy =
        whyUnknown(inv, r, r.values["deletion_protection"]) ??
        whyUnknown(inv, r, settings["deletion_protection_enabled"]);
      // deletion_protection is Terraform's guard (default true); deletion_protection_enabled is the API's.
      if (dpWhy) out.push(undetermined(r, "whether it has deletion protection", dpWhy));
      else if (
        bool(r.values["deletion_protection"]) === false &&
        bool(settings["deletion_protection_enabled"]) !== true
      ) {
        out.push({
          subject: r,
          message: `${r.address} has no deletion protection (deletion_protection = false and settings.deletion_protection_enabled is not true)`,
        });
      }
      if (isSet(r.values["master_instance_name"])) continue; // replicas are backed up through the primary
      const backup = firstOf(settings, "backup_configuration");
      const backupWhy =
        whyUnknown(inv, r, backup?.["enabled"]) ??
        whyUnknown(inv, r, firstOf(backup, "backup_retention_settings")?.["retained_backups"]) ??
        (backup ? undefined : dynamicUnknown(inv, r, settings, "backup_configuration"));
      if (backupWhy) {
        out.push(undetermined(r, "whether automated backups are on and kept long enough", backupWhy));
        continue;
      }
      if (!backup || bool(backup["enabled"]) !== true) {
        out.push({
          subject: r,
          message: `${r.address} has no automated backups (settings.backup_configuration.enabled is not true)`,
        });
        continue;
      }
      const kept = num(firstOf(backup, "backup_retention_settings")?.["retained_backups"]) ?? 7;
      if (kept < min) {
        out.push({
          subject: r,
          message: `${r.address} keeps ${kept} backup(s) (retained_backups); under ${min} counts as none`,
        });
      }
    }
    const schedules = inv.ofType("google_spanner_backup_schedule");
    for (const r of inv.ofType("google_spanner_database")) {
      const spWhy =
        whyUnknown(inv, r, r.values["deletion_protection"]) ??
        whyUnknown(inv, r, r.values["enable_drop_protection"]);
      if (spWhy) out.push(undetermined(r, "whether it has deletion protection", spWhy));
      else if (
        bool(r.values["deletion_protection"]) === false &&
        bool(r.values["enable_drop_protection"]) !== true
      ) {
        out.push({
          subject: r,
          message: `${r.address} has no deletion protection (deletion_protection = false and enable_drop_protection is not true)`,
        });
      }
      const vrpWhy = whyUnknown(inv, r, r.values["version_retention_period"]);
      const pitr = vrpWhy ? Number.POSITIVE_INFINITY : (days(r.values["version_retention_period"]) ?? 1 / 24);
      if (vrpWhy) out.push(undetermined(r, "how long versions are kept", vrpWhy));
      const scheduled = schedules.some((s) => {
        const t = inv.target(s, s.values["database"]);
        return t === r || (t === undefined && str(s.values["database"]) === str(r.values["name"]));
      });
      if (!scheduled && pitr < min) {
        out.push({
          subject: r,
          message: `${r.address} has no backup schedule (google_spanner_backup_schedule) and keeps versions for under ${min} days`,
        });
      }
    }
    yield* out;
  },
};
