import { parseBlueprint, resolveBlueprint } from "../../lib/blueprint/load";
import { minimalBlueprint } from "../helpers/blueprints";

const base = () => minimalBlueprint("dynamodb");

describe("defaults", () => {
  test("everything left out gets its documented default", () => {
    const b = resolveBlueprint(base());
    expect(b.pattern).toBe("read-local-write-local");
    expect(b.dns.ttlSeconds).toBe(30);
    expect(b.dns.healthCheck).toEqual({
      path: "/healthz",
      port: 443,
      intervalSeconds: 10,
      failureThreshold: 3,
    });
    expect(b.cluster.nodes).toEqual({
      min: 2,
      max: 10,
      instanceType: "m6i.large",
      machineType: "e2-standard-4",
    });
    expect(b.cluster.authorizedNetworks).toEqual(["10.10.0.0/16", "10.20.0.0/16"]);
    expect(b.slo.failoverSeconds).toBe(60);
    expect(b.budget.thresholdsPercent).toEqual([80, 100]);
    expect(b.regions.map((r) => [r.key, r.primary, r.weight])).toEqual([
      ["aws-us-east-1", true, 100],
      ["aws-eu-west-1", false, 100],
    ]);
    expect(b.tags).toEqual({ service: "shop" });
    expect(b.database.name).toBe("shop");
  });

  test("0 is a value, not a missing one", () => {
    const input = base();
    input.spec.regions[1].weight = 0;
    input.spec.cluster = { nodes: { min: 0 } };
    const b = resolveBlueprint(input);
    expect(b.regions[1]!.weight).toBe(0);
    expect(b.cluster.nodes.min).toBe(0);
  });

  test("a JSON blueprint loads like YAML", () => {
    const b = parseBlueprint(JSON.stringify(base()), "shop.json");
    expect(b.name).toBe("shop");
  });

  test("errors in a YAML file carry line and column of the offending key", () => {
    const text = [
      "apiVersion: activeactive/v1",
      "kind: Blueprint",
      "metadata: { name: shop }",
      "spec:",
      "  dns: { domain: api.example.com, zoneId: Z0123456789ABCDEFGHIJ }",
      "  regions:",
      "    - { cloud: aws, region: us-east-1, cidr: 10.10.0.0/16 }",
      "    - { cloud: aws, region: mars-1, cidr: 10.20.0.0/16 }",
      "  database: { engine: dynamodb }",
      "  budget: { monthlyUsd: 1, alertEmails: [a@example.com] }",
    ].join("\n");
    expect(() => parseBlueprint(text, "shop.yaml")).toThrow(
      /^shop\.yaml:8:21: spec\.regions\[1\]\.region: unknown aws region/,
    );
  });

  test("every problem is reported at once", () => {
    const input = base();
    input.spec.regions[0].region = "us-east1";
    input.spec.regions[1].cidr = "10.10.0.0/24";
    let message = "";
    try {
      resolveBlueprint(input, "x.yaml");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/unknown aws region.*did you mean "us-east-1"/);
    expect(message).toMatch(/spec\.regions\[1\]\.cidr: CIDR overlaps/);
  });

  test("a union field reports the branch the user meant", () => {
    const input = base();
    input.spec.database = { engine: { aws: "dynamodb", azure: "cosmos" } };
    expect(() => resolveBlueprint(input, "x.yaml")).toThrow(/spec\.database\.engine\.azure: unknown key/);
  });

  test("region CIDR sizes follow the cloud: an AWS VPC is /16 at the widest", () => {
    const input = base();
    input.spec.regions[0].cidr = "10.0.0.0/8";
    input.spec.regions[1].cidr = "172.16.0.0/25";
    let message = "";
    try {
      resolveBlueprint(input, "x.yaml");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /spec\.regions\[0\]\.cidr: the aws region network needs a block .*found 10\.0\.0\.0\/8, expected a prefix between \/16 and \/24/,
    );
    expect(message).toMatch(/spec\.regions\[1\]\.cidr: .*expected a prefix between \/16 and \/24/);
  });

  test("a health check that fails a region on one probe is refused", () => {
    const input = base();
    input.spec.dns.healthCheck = { failureThreshold: 1 };
    expect(() => resolveBlueprint(input, "x.yaml")).toThrow(
      /spec\.dns\.healthCheck\.failureThreshold: a single failed probe must not take a region out of DNS \(routing flaps\) \(found 1, expected 2 to 10\)/,
    );
  });
});
