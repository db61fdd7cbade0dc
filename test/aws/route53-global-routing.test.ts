import { Route53GlobalRouting, type Route53GlobalRoutingProps } from "../../lib/aws/route53-global-routing";
import { resources, synthWithProvider } from "./synth";

const base: Omit<Route53GlobalRoutingProps, "provider"> = {
  zoneId: "Z0123456789ABCDEFGHIJ",
  domain: "api.example.com",
  ttlSeconds: 30,
  healthCheck: { path: "/healthz", port: 443, intervalSeconds: 10, failureThreshold: 3 },
  endpoints: [
    {
      key: "aws-us-east-1",
      hostname: "us-east-1.api.example.com",
      latencyRegion: "us-east-1",
      cloud: "aws",
      weight: 60,
    },
    {
      key: "aws-eu-west-1",
      hostname: "eu-west-1.api.example.com",
      latencyRegion: "eu-west-1",
      cloud: "aws",
      weight: 0,
    },
  ],
};

describe("Route53GlobalRouting", () => {
  test("GIVEN endpoints THEN one weighted CNAME each, with its weight, the blueprint TTL and its own health check", () => {
    const json = synthWithProvider(
      (s, provider) => new Route53GlobalRouting(s, "Routing", { provider, ...base }),
    );
    const records = resources(json, "aws_route53_record");
    const checks = json.resource?.aws_route53_health_check ?? {};
    expect(Object.keys(checks)).toHaveLength(2);
    for (const e of base.endpoints) {
      const record = records.find((r) => r.set_identifier === e.key)!;
      expect(record).toMatchObject({
        name: "api.example.com",
        type: "CNAME",
        ttl: 30,
        records: [e.hostname],
        weighted_routing_policy: { weight: e.weight },
      });
      expect(record.latency_routing_policy).toBeUndefined();
      const checkName = /^\$\{aws_route53_health_check\.([\w-]+)\.id\}$/.exec(
        record.health_check_id as string,
      )![1]!;
      expect(checks[checkName]).toMatchObject({
        type: "HTTPS",
        fqdn: e.hostname,
        port: 443,
        resource_path: "/healthz",
        request_interval: 10,
        failure_threshold: 3,
      });
    }
  });

  test("GIVEN records: false THEN health checks only (another stack answers for the name)", () => {
    const json = synthWithProvider(
      (s, provider) => new Route53GlobalRouting(s, "Routing", { provider, ...base, records: false }),
    );
    expect(resources(json, "aws_route53_record")).toEqual([]);
    expect(resources(json, "aws_route53_health_check")).toHaveLength(2);
  });

  test("GIVEN every weight 0 THEN construction fails: Route 53 would ignore the standby intent", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new Route53GlobalRouting(s, "Routing", {
            provider,
            ...base,
            endpoints: base.endpoints.map((e) => ({ ...e, weight: 0 })),
          }),
      ),
    ).toThrow("(found 0, 0, expected at least one endpoint with a weight above 0)");
  });

  test("GIVEN a failure threshold of 1 THEN construction fails: one lost probe must not fail a region over", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new Route53GlobalRouting(s, "Routing", {
            provider,
            ...base,
            healthCheck: { ...base.healthCheck, failureThreshold: 1 },
          }),
      ),
    ).toThrow(
      "stack/Routing: healthCheck.failureThreshold: a single failed probe must not take a region out of DNS (routing flaps) (found 1, expected 2 to 10)",
    );
  });
});
