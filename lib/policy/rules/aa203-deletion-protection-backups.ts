import type { Resource, Rule, RuleResult } from "../types";
import { block, bool, isSet, num, str } from "../values";

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
  *check(inv, params) {
    const min = params.minBackupRetentionDays;
    const out: RuleResult[] = [];
    const protect = (r: Resource, attr: string) => {
      if (bool(inv.resolve(r, r.values[attr])) !== true) {
        out.push({ subject: r, message: `${r.address} has no deletion protection (${attr} is not true)` });
      }
    };
    const retention = (r: Resource, attr: string, fallback: number) => {
      const d = num(inv.resolve(r, r.values[attr])) ?? (isSet(r.values[attr]) ? undefined : fallback);
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
      const pitr = block(r.values["point_in_time_recovery"]);
      if (!pitr || bool(pitr["enabled"]) !== true) {
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
      const settings = block(r.values["settings"]) ?? {};
      // deletion_protection is Terraform's guard (default true); deletion_protection_enabled is the API's.
      if (
        bool(r.values["deletion_protection"]) === false &&
        bool(settings["deletion_protection_enabled"]) !== true
      ) {
        out.push({
          subject: r,
          message: `${r.address} has no deletion protection (deletion_protection = false and settings.deletion_protection_enabled is not true)`,
        });
      }
      if (isSet(r.values["master_instance_name"])) continue; // replicas are backed up through the primary
      const backup = block(settings["backup_configuration"]);
      if (!backup || bool(backup["enabled"]) !== true) {
        out.push({
          subject: r,
          message: `${r.address} has no automated backups (settings.backup_configuration.enabled is not true)`,
        });
        continue;
      }
      const kept = num(block(backup["backup_retention_settings"])?.["retained_backups"]) ?? 7;
      if (kept < min) {
        out.push({
          subject: r,
          message: `${r.address} keeps ${kept} backup(s) (retained_backups); under ${min} counts as none`,
        });
      }
    }
    const schedules = inv.ofType("google_spanner_backup_schedule");
    for (const r of inv.ofType("google_spanner_database")) {
      if (
        bool(r.values["deletion_protection"]) === false &&
        bool(r.values["enable_drop_protection"]) !== true
      ) {
        out.push({
          subject: r,
          message: `${r.address} has no deletion protection (deletion_protection = false and enable_drop_protection is not true)`,
        });
      }
      const pitr = days(r.values["version_retention_period"]) ?? 1 / 24;
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
