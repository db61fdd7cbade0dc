import { loadBlueprintFile } from "../../lib/blueprint/load";

describe("loadBlueprintFile", () => {
  test("the default blueprint resolves with defaults applied", () => {
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    expect(b.regions.map((r) => r.key)).toEqual(["aws-us-east-1", "aws-eu-west-1", "aws-ap-southeast-1"]);
    // The blueprint sets the threshold (failover margin, docs/operate.md); the interval is the default.
    expect(b.dns.healthCheck).toMatchObject({ failureThreshold: 2, intervalSeconds: 10 });
    expect(b.database.engines).toEqual({ aws: "aurora-postgresql" });
  });
});
