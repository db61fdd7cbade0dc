import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { synthesize } from "../../lib/synth";
import { findTerraform, runStackOffline } from "../../lib/terraform/offline";

const withTerraform = findTerraform() === undefined ? test.skip : test;
const STANDBY = "test/fixtures/blueprints/aws-standby-accelerator.yaml";

function synthTo(b: Blueprint): string {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "tf-front-"));
  synthesize(b, { outdir: path.join(dir, "cdktf.out"), manifestsDir: path.join(dir, "dist") });
  return path.join(dir, "cdktf.out", "stacks");
}

interface Plan {
  planned_values: { root_module: { resources: { type: string; values: Record<string, any> }[] } };
}
const planned = (plan: unknown, type: string) =>
  (plan as Plan).planned_values.root_module.resources.filter((r) => r.type === type).map((r) => r.values);

describe("GIVEN a blueprint with a standby region (weight 0)", () => {
  const accelerated = loadBlueprintFile(STANDBY);
  // The same regions answered by Route 53 (dns mode): the standby's record plans with weight 0.
  const dnsMode: Blueprint = { ...accelerated, dns: { ...accelerated.dns, mode: "dns" } };

  withTerraform(
    "WHEN routed by DNS THEN the plan gives the standby weight 0 behind its own health check: no answers while the others are healthy",
    async () => {
      const stacks = synthTo(dnsMode);
      const result = await runStackOffline(path.join(stacks, "edge-global"), { planJson: true });
      expect([result.status, result.reason]).toEqual(["passed", undefined]);
      const records = planned(result.plan, "aws_route53_record");
      const byRegion = Object.fromEntries(
        records.map((r) => [r.set_identifier, r.weighted_routing_policy?.[0]?.weight]),
      );
      expect(byRegion).toEqual({ "aws-us-east-1": 100, "aws-eu-west-1": 50, "aws-ap-southeast-2": 0 });
      for (const r of records) {
        expect(r).toMatchObject({ name: "edge.example.com", type: "CNAME" });
        expect(r.latency_routing_policy).toEqual([]);
      }
      const checks = planned(result.plan, "aws_route53_health_check")
        .map((c) => c.fqdn)
        .sort();
      expect(checks).toEqual([
        "ap-southeast-2.edge.example.com",
        "eu-west-1.edge.example.com",
        "us-east-1.edge.example.com",
      ]);
    },
    180_000,
  );

  withTerraform(
    "WHEN fronted by Global Accelerator THEN the accelerator stack plans offline, the standby's dial at 0",
    async () => {
      const stacks = synthTo(accelerated);
      const result = await runStackOffline(path.join(stacks, "edge-accelerator"), { planJson: true });
      expect([result.status, result.reason]).toEqual(["passed", undefined]);
      const groups = planned(result.plan, "aws_globalaccelerator_endpoint_group");
      expect(
        Object.fromEntries(groups.map((g) => [g.endpoint_group_region, g.traffic_dial_percentage])),
      ).toEqual({
        "us-east-1": 100,
        "eu-west-1": 50,
        "ap-southeast-2": 0,
      });
    },
    180_000,
  );

  withTerraform(
    "THEN a region stack with its front door plans offline",
    async () => {
      const stacks = synthTo(accelerated);
      const result = await runStackOffline(path.join(stacks, "edge-aws-ap-southeast-2"));
      expect([result.status, result.reason]).toEqual(["passed", undefined]);
    },
    180_000,
  );
});
