import * as fs from "node:fs";
import * as path from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { check } from "../../lib/policy";
import "../../lib/policy/jest";
import { suppress } from "../../lib/suppress";

const INPUTS = path.join(__dirname, "..", "fixtures", "policy", "_inputs");

/** A stack with one routed record whose TTL (300 s) breaks AA102. */
function routedStack(): { stack: TerraformStack; records: Construct } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "edge");
  const provider = new AwsProvider(stack, "aws", {
    region: "us-east-1",
    defaultTags: [{ tags: { service: "api", region: "us-east-1" } }],
  });
  const records = new Construct(stack, "Records");
  for (const region of ["us-east-1", "eu-west-1"]) {
    const hc = new Route53HealthCheck(records, `Check-${region}`, {
      provider,
      fqdn: `${region}.api.example.com`,
      type: "HTTPS",
      requestInterval: 10,
      failureThreshold: 2,
    });
    new Route53Record(records, `Record-${region}`, {
      provider,
      zoneId: "Z0123456789ABCDEFGHIJ",
      name: "api.example.com",
      type: "A",
      ttl: 300,
      records: [region === "us-east-1" ? "192.0.2.10" : "192.0.2.20"],
      setIdentifier: region,
      healthCheckId: hc.id,
      latencyRoutingPolicy: { region },
    });
  }
  return { stack, records };
}

describe("suppress() from cdktf", () => {
  test("GIVEN suppress(construct, id, reason) WHEN synthesized and checked THEN the findings are reported as suppressed with the reason", async () => {
    const { stack, records } = routedStack();
    suppress(records, "AA102", "the zone's resolvers ignore TTLs above 60 s anyway");
    const outdir = Testing.fullSynth(stack);
    const file = path.join(outdir, "stacks", "edge", "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    const written = Object.values(json.resource.aws_route53_record).map(
      (r) => (r as Record<string, any>)["//"].activeactive,
    );
    expect(written).toEqual([
      { suppress: { AA102: "the zone's resolvers ignore TTLs above 60 s anyway" } },
      { suppress: { AA102: "the zone's resolvers ignore TTLs above 60 s anyway" } },
    ]);
    const report = await check([outdir], { cwd: outdir, config: false, rules: ["AA102"] });
    expect(report.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([
      ["AA102", true],
      ["AA102", true],
    ]);
    expect(report.summary.suppressions.map((s) => s.reason)).toEqual([
      "the zone's resolvers ignore TTLs above 60 s anyway",
      "the zone's resolvers ignore TTLs above 60 s anyway",
    ]);
    expect(report.summary.exitCode).toBe(0);
  });

  test("GIVEN no reason or a bad id THEN suppress() refuses", () => {
    const { records } = routedStack();
    expect(() => suppress(records, "AA102", "  ")).toThrow(
      "suppress(edge/Records, AA102): a suppression needs a reason",
    );
    expect(() => suppress(records, "ttl", "why")).toThrow('rule id must look like AA101, got "ttl"');
  });
});

describe("jest matcher", () => {
  test("GIVEN a stack that breaks AA102 THEN toPassActiveActiveChecks fails and lists the findings; suppressed, it passes", () => {
    const { stack, records } = routedStack();
    expect(() => expect(stack).toPassActiveActiveChecks({ rules: ["AA102"], config: false })).toThrow(
      /AA102 aws_route53_record\..*ttl 300 s/,
    );
    suppress(records, "AA102", "agreed with the DNS team");
    // The stack itself keeps the suppression metadata (Testing.synth would strip it).
    expect(stack).toPassActiveActiveChecks({ rules: ["AA102"], config: false });
    expect(Testing.synth(stack)).not.toPassActiveActiveChecks({ rules: ["AA102"], config: false });
  });
});

describe("suppressions in other inputs", () => {
  test("GIVEN an HCL comment with a reason THEN suppressed; without a reason THEN not suppressed and reported as AA001", async () => {
    const r = await check([path.join(INPUTS, "hcl-module")], {
      cwd: INPUTS,
      config: false,
      rules: ["AA104"],
    });
    expect(r.findings.map((f) => [f.ruleId, f.resource, f.suppressed, f.severity])).toEqual([
      ["AA104", "aws_route53_health_check.canary", true, "warning"],
      ["AA001", "aws_route53_health_check.noreason", false, "warning"],
      ["AA104", "aws_route53_health_check.noreason", false, "warning"],
    ]);
    expect(r.findings[1]!.message).toMatch(
      /suppression of AA104 on aws_route53_health_check.noreason \(HCL comment\) has no reason/,
    );
  });

  test("GIVEN a Kubernetes annotation THEN the object's finding is suppressed with its reason", async () => {
    const r = await check([path.join(INPUTS, "k8s")], { cwd: INPUTS, config: false, rules: ["AA603"] });
    expect(r.findings.map((f) => [f.resource, f.suppressed])).toEqual([
      ["Deployment/app/api@us-east-1", true],
    ]);
    expect(r.summary.suppressions[0]!.reason).toBe(
      "a singleton leader; the standby runs in the other region",
    );
  });

  test("GIVEN cdktf metadata in Terraform JSON THEN only the rule it names is suppressed", async () => {
    const r = await check([path.join(INPUTS, "cdktf.out")], {
      cwd: INPUTS,
      config: false,
      rules: ["AA102", "AA103"],
    });
    // ttl 90: AA102 fires (suppressed); 10 s x 3 + 90 s = 120 s > 60 s: AA103 fires (not suppressed).
    expect(r.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([
      ["AA102", true],
      ["AA103", false],
      ["AA102", true],
      ["AA103", false],
    ]);
  });

  test("GIVEN a config suppression without a reason THEN it suppresses nothing and is reported", async () => {
    const r = await check([path.join(INPUTS, "hcl-module")], {
      cwd: INPUTS,
      config: false,
      rules: ["AA104"],
      suppress: [{ rule: "AA104", reason: "" }],
    });
    expect(r.findings.filter((f) => f.suppressed).map((f) => f.resource)).toEqual([
      "aws_route53_health_check.canary",
    ]);
    expect(r.findings.filter((f) => f.ruleId === "AA001").map((f) => f.message)).toContain(
      "config suppression of AA104 has no reason, so it does not suppress anything: add why",
    );
  });
});
