import * as fs from "node:fs";
import * as path from "node:path";
import { runCli } from "../helpers/run-cli";
import { MULTI_CLOUD } from "./fixtures";

test("GIVEN `activeactive synth blueprints/multi-cloud.yaml` THEN AWS, GCP and interconnect stacks are written and listed", async () => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "cli-mc-"));
  const out = path.join(dir, "cdktf.out");
  const run = await runCli("synth", MULTI_CLOUD, "--out", out, "--manifests", path.join(dir, "dist"));
  expect([run.code, run.stderr.includes("\n    at ")]).toEqual([0, false]);
  const stacks = fs.readdirSync(path.join(out, "stacks")).sort();
  expect(stacks).toEqual([
    "multi-cloud-aws-eu-west-1",
    "multi-cloud-aws-us-east-1",
    "multi-cloud-gcp-europe-west1",
    "multi-cloud-gcp-global",
    "multi-cloud-gcp-us-central1",
    "multi-cloud-global",
    "multi-cloud-interconnect",
  ]);
  for (const s of stacks) expect(run.stderr).toMatch(new RegExp(`${s}\\s+\\d+ resources`));
  const types = (s: string) =>
    Object.keys(
      JSON.parse(fs.readFileSync(path.join(out, "stacks", s, "cdk.tf.json"), "utf8")).resource ?? {},
    );
  expect(types("multi-cloud-gcp-europe-west1")).toEqual(
    expect.arrayContaining([
      "google_container_cluster",
      "google_sql_database_instance",
      "google_kms_crypto_key",
      "google_billing_budget",
    ]),
  );
  expect(types("multi-cloud-interconnect")).toEqual(
    expect.arrayContaining(["google_compute_vpn_tunnel", "google_compute_router_peer", "aws_vpn_connection"]),
  );
});
