import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { checkSync } from "../../lib/policy";
import { synthesize } from "../../lib/synth";
import { GCP_GLOBAL, MULTI_CLOUD } from "./fixtures";

/** Synthesizes a blueprint into a fresh folder; returns its cdktf.out. */
function synthTo(file: string): string {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "policy-"));
  synthesize(loadBlueprintFile(file), {
    outdir: path.join(dir, "cdktf.out"),
    manifestsDir: path.join(dir, "dist"),
  });
  return path.join(dir, "cdktf.out");
}

const errorsOf = (out: string) =>
  checkSync([out], { config: false, cwd: out })
    .findings.filter((f) => f.severity === "error" && !f.suppressed)
    .map((f) => `${f.ruleId} ${f.resource}: ${f.message}`);

describe("the policy pack on the new blueprints", () => {
  test.each([MULTI_CLOUD, GCP_GLOBAL])("GIVEN %s synthesized THEN the pack finds no error", (file) => {
    const out = synthTo(file);
    const report = checkSync([out], { config: false, cwd: out });
    expect(report.summary.rulesRun).toEqual(
      expect.arrayContaining([
        "AA201",
        "AA203",
        "AA301",
        "AA302",
        "AA303",
        "AA401",
        "AA501",
        "AA701",
        "AA702",
        "AA703",
      ]),
    );
    expect(report.summary.inputs.resources).toBeGreaterThan(100);
    expect(errorsOf(out)).toEqual([]);
  });

  test("GIVEN a GKE cluster made public and a Cloud SQL instance without its key THEN the pack reports both", () => {
    const out = synthTo(MULTI_CLOUD);
    const file = path.join(out, "stacks", "multi-cloud-gcp-us-central1", "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    const cluster = Object.values(json.resource.google_container_cluster)[0] as Record<string, any>;
    cluster.private_cluster_config.enable_private_endpoint = false;
    delete cluster.master_authorized_networks_config;
    const sql = Object.values(json.resource.google_sql_database_instance)[0] as Record<string, any>;
    delete sql.encryption_key_name;
    fs.writeFileSync(file, JSON.stringify(json));
    const rules = new Set(errorsOf(out).map((e) => e.split(" ")[0]));
    expect(rules).toEqual(new Set(["AA701", "AA201"]));
  });
});
