/** A small valid two-region AWS blueprint, a fresh copy each call, for tests that break one thing. */
export function minimalBlueprint(engine = "aurora-postgresql"): Record<string, any> {
  return {
    apiVersion: "activeactive/v1",
    kind: "Blueprint",
    metadata: { name: "shop" },
    spec: {
      dns: { domain: "api.example.com", zoneId: "Z0123456789ABCDEFGHIJ" },
      regions: [
        { cloud: "aws", region: "us-east-1", cidr: "10.10.0.0/16" },
        { cloud: "aws", region: "eu-west-1", cidr: "10.20.0.0/16" },
      ],
      database: { engine },
      budget: { monthlyUsd: 1000, alertEmails: ["oncall@example.com"] },
    },
  };
}
