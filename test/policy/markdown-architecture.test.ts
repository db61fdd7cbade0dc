import { checkSync } from "../../lib/policy/check";
import { format } from "../../lib/policy/formats";
import { inventoryGraph } from "../../lib/policy/formats/architecture";

/** Two AWS regions serving one name by weight, with a DynamoDB global table between them. */
const TWO_REGIONS = {
  provider: {
    aws: [
      { alias: "use1", region: "us-east-1" },
      { alias: "euw1", region: "eu-west-1" },
    ],
  },
  resource: {
    aws_eks_cluster: {
      east: {
        provider: "aws.use1",
        name: "shop-use1",
        role_arn: "arn:aws:iam::1:role/x",
        vpc_config: [{ subnet_ids: ["a"] }],
      },
      west: {
        provider: "aws.euw1",
        name: "shop-euw1",
        role_arn: "arn:aws:iam::1:role/x",
        vpc_config: [{ subnet_ids: ["a"] }],
      },
    },
    aws_dynamodb_table: {
      shop: {
        provider: "aws.use1",
        name: "shop",
        hash_key: "pk",
        billing_mode: "PAY_PER_REQUEST",
        attribute: [{ name: "pk", type: "S" }],
        replica: [{ region_name: "eu-west-1" }],
      },
    },
    aws_route53_record: {
      east: {
        provider: "aws.use1",
        zone_id: "Z1",
        name: "api.example.com",
        type: "CNAME",
        ttl: 30,
        set_identifier: "aws-us-east-1",
        weighted_routing_policy: { weight: 60 },
        records: ["us-east-1.api.example.com"],
      },
      west: {
        provider: "aws.use1",
        zone_id: "Z1",
        name: "api.example.com",
        type: "CNAME",
        ttl: 30,
        set_identifier: "aws-eu-west-1",
        weighted_routing_policy: { weight: 40 },
        records: ["eu-west-1.api.example.com"],
      },
    },
  },
};

const checked = (doc: object) =>
  checkSync([], { config: false, documents: [{ name: "main.tf.json", text: JSON.stringify(doc) }] });

describe("the architecture in the Markdown summary", () => {
  test("GIVEN Terraform with regions THEN a folded Mermaid picture names the regions, the datastore and the weights", () => {
    const md = format(checked(TWO_REGIONS), "markdown");
    const picture = md.slice(md.indexOf("<details><summary>Architecture: 2 regions"));
    expect(picture).toMatch(
      /^<details><summary>Architecture: 2 regions in the checked output<\/summary>\n\n```mermaid\nflowchart LR\n/,
    );
    for (const text of [
      '["us-east-1"]',
      '["eu-west-1"]',
      "shop<br/>dynamodb-global",
      '|"weight 60"| aws_us_east_1_serving',
      '|"weight 40"| aws_eu_west_1_serving',
    ])
      expect(picture).toContain(text);
    expect(picture.trimEnd().endsWith("</details>")).toBe(true);
  });

  test("GIVEN the datastore spans both regions THEN each region's serving node uses it", () => {
    const g = inventoryGraph(checked(TWO_REGIONS).inventory)!;
    const store = g.nodes.find((n) => n.kind === "datastore")!;
    expect(
      g.edges
        .filter((e) => e.to === store.id)
        .map((e) => e.from)
        .sort(),
    ).toEqual(["aws_eu_west_1_serving", "aws_us_east_1_serving"]);
  });

  test("GIVEN inputs without a region (Kubernetes only) THEN no picture", () => {
    const r = checkSync([], {
      config: false,
      documents: [
        { name: "deploy.yaml", text: "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: {}\n" },
      ],
    });
    expect(inventoryGraph(r.inventory)).toBeUndefined();
    expect(format(r, "markdown")).not.toContain("mermaid");
  });
});
