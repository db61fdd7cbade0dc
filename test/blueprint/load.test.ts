import { loadBlueprintFile } from "../../lib/blueprint/load";

describe("loadBlueprintFile", () => {
  test("the default blueprint resolves with defaults applied", () => {
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    expect(b.regions.map((r) => r.key)).toEqual(["aws-us-east-1", "aws-eu-west-1", "aws-ap-southeast-1"]);
    expect(b.dns.healthCheck.failureThreshold).toBe(3);
    expect(b.database.engines).toEqual({ aws: "aurora-postgresql" });
  });
});
