import { loadBlueprintFile } from "../../lib/blueprint/load";
import { CRDT_ITEM } from "../../lib/core/app-contract";
import { renderManifests } from "../../lib/k8s/synth";
import { synthBlueprint } from "../stacks/helpers";

type Body = Record<string, any>;

describe("GIVEN cart-crdt.yaml (multi-master-crdt on a DynamoDB global table)", () => {
  const b = loadBlueprintFile("blueprints/cart-crdt.yaml");
  const { stacks } = synthBlueprint(b);
  const table = Object.values(
    stacks["cart-global"]!.resource!.aws_dynamodb_table as Record<string, Body>,
  )[0]!;
  const config = (region: string): Record<string, string> =>
    (
      renderManifests(b)
        .get(`k8s/cart-aws-${region}/workload-api.yaml`)!
        .find((d) => d.kind === "ConfigMap") as { data: Record<string, string> }
    ).data;

  test("THEN the table is keyed the way the item layout says: partition pk, sort key sk, both strings", () => {
    expect(table.hash_key).toBe(CRDT_ITEM.dynamodbPartitionKey);
    expect(table.range_key).toBe(CRDT_ITEM.dynamodbSortKey);
    expect(table.attribute).toEqual(
      expect.arrayContaining([
        { name: CRDT_ITEM.dynamodbPartitionKey, type: "S" },
        { name: CRDT_ITEM.dynamodbSortKey, type: "S" },
      ]),
    );
  });

  test.each(["us-east-1", "eu-west-1"])(
    "THEN %s writes only its own copy: its layout's sort key ends in its own region",
    (region) => {
      const env = config(region);
      expect(env.ACTIVEACTIVE_ITEM_LAYOUT).toBe(
        `${table.hash_key}=<key>,${table.range_key}=<key>${env.ACTIVEACTIVE_ITEM_REGION_SUFFIX}`,
      );
      expect(env.ACTIVEACTIVE_ITEM_REGION_SUFFIX).toBe(`#${region}`);
      // A reader merges the copies of every region the table replicates to.
      const replicas = [b.regions[0]!.region, ...(table.replica as Body[]).map((r) => r.region_name)];
      expect(env.ACTIVEACTIVE_ITEM_REGIONS!.split(",").sort()).toEqual(replicas.sort());
    },
  );
});
