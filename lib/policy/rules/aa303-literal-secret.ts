import type { Rule, RuleResult } from "../types";
import { isObj } from "../values";

/** Attributes that hold secrets, per resource type. */
export const SECRET_ATTRIBUTES: Record<string, string[]> = {
  aws_vpn_connection: ["tunnel1_preshared_key", "tunnel2_preshared_key"],
  google_compute_vpn_tunnel: ["shared_secret"],
  // Write-only arguments (`*_wo`) keep the value out of state, not out of the code.
  aws_rds_cluster: ["master_password", "master_password_wo"],
  aws_db_instance: ["password", "password_wo"],
  aws_docdb_cluster: ["master_password", "master_password_wo"],
  aws_redshift_cluster: ["master_password", "master_password_wo"],
  aws_elasticache_replication_group: ["auth_token"],
  aws_elasticache_user: ["passwords"],
  aws_secretsmanager_secret_version: ["secret_string"],
  aws_ssm_parameter: ["value"],
  google_sql_user: ["password"],
  google_sql_database_instance: ["root_password"],
  google_secret_manager_secret_version: ["secret_data"],
};

/**
 * Argo CD reads clusters and repositories from labelled Secrets; most of their
 * keys (name, server, url, an IAM-based `config`) are not secret. Only the
 * credential keys count.
 */
function argoSecretType(doc: Record<string, unknown>): string | undefined {
  const meta = isObj(doc["metadata"]) ? doc["metadata"] : {};
  const labels = isObj(meta["labels"]) ? meta["labels"] : {};
  const t = labels["argocd.argoproj.io/secret-type"];
  return typeof t === "string" ? t : undefined;
}

const ARGO_CREDENTIAL_KEYS = [
  "password",
  "sshPrivateKey",
  "tlsClientCertKey",
  "githubAppPrivateKey",
  "bearerToken",
];

function holdsCredential(key: string, value: unknown): boolean {
  if (ARGO_CREDENTIAL_KEYS.includes(key)) return true;
  if (key !== "config" || typeof value !== "string") return false;
  // `config` is JSON, base64-encoded under `data`.
  const text = /^[A-Za-z0-9+/=\s]+$/.test(value) ? Buffer.from(value, "base64").toString("utf8") : value;
  return /"(bearerToken|password|keyData)"\s*:\s*"[^"]+"/.test(text);
}

export const rule: Rule = {
  id: "AA303",
  title: "Secret as a literal",
  severity: "error",
  failureMode: "F6",
  inputs: ["terraform", "k8s"],
  covers: [...Object.keys(SECRET_ATTRIBUTES), "Secret"],
  rationale:
    "A pre-shared key or database password in the configuration is in every clone, plan file, state file and CI log, and cannot be rotated without a code change in every region.",
  fix: "Generate the secret (random_password, manage_master_user_password = true) or read it from a secret manager or a variable without a default; for Kubernetes use an external secret store instead of a Secret manifest.",
  unknowns:
    "Only literals count: a string in the code, or a variable whose default or tfvars value (or literal module argument) is one. A reference to anything else (a generated password, a secret manager, a variable without default, an expression) is not a literal and is never reported.",
  *check(inv) {
    const out: RuleResult[] = [];
    for (const [type, attrs] of Object.entries(SECRET_ATTRIBUTES)) {
      for (const r of inv.ofType(type)) {
        if (type === "aws_ssm_parameter" && r.values["type"] !== "SecureString") continue;
        for (const a of attrs) {
          const v = r.values[a];
          const values = Array.isArray(v) ? v : [v];
          if (values.some((x) => inv.isLiteralSecret(r, a, x))) {
            out.push({
              subject: r,
              message: `${r.address} has ${a} written as a literal: use a generated secret or a secret manager reference`,
            });
          }
        }
      }
    }
    for (const o of inv.ofKind("Secret")) {
      const type = typeof o.doc["type"] === "string" ? o.doc["type"] : "Opaque";
      if (type === "kubernetes.io/service-account-token") continue;
      const data = {
        ...(isObj(o.doc["data"]) ? o.doc["data"] : {}),
        ...(isObj(o.doc["stringData"]) ? o.doc["stringData"] : {}),
      };
      let keys = Object.keys(data).filter((k) => data[k] !== "" && data[k] !== null);
      if (argoSecretType(o.doc)) keys = keys.filter((k) => holdsCredential(k, data[k]));
      if (keys.length) {
        out.push({
          subject: o,
          message: `Secret ${o.namespace}/${o.name} carries ${keys.length} literal value(s) (${keys.slice(0, 3).join(", ")}) in the manifest`,
        });
      }
    }
    yield* out;
  },
};
