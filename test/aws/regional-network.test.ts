import { RegionalNetwork, subnetCidr } from "../../lib/aws/regional-network";
import { allResources, resources, synthWithProvider } from "./synth";

const base = { region: "eu-west-1", name: "shop-aws-eu-west-1", cidr: "10.20.0.0/16", kmsKeyArn: "arn:key" };

describe("subnetCidr", () => {
  test("GIVEN a /16 THEN the i-th /20 block follows from the CIDR alone", () => {
    expect(subnetCidr("10.20.0.0/16", 4, 0)).toBe("10.20.0.0/20");
    expect(subnetCidr("10.20.0.0/16", 4, 2)).toBe("10.20.32.0/20");
    expect(subnetCidr("10.20.0.0/16", 4, 8)).toBe("10.20.128.0/20");
    expect(subnetCidr("172.16.4.0/22", 4, 15)).toBe("172.16.7.192/26");
  });

  test("GIVEN a block that cannot hold the subnet THEN it fails saying why", () => {
    expect(() => subnetCidr("10.0.0.0/26", 4, 0)).toThrow(
      /no \/30 block number 0 \(AWS subnets are \/16 to \/28\)/,
    );
    expect(() => subnetCidr("10.0.0.0/16", 4, 16)).toThrow(/no \/20 block number 16/);
  });
});

describe("RegionalNetwork", () => {
  test("GIVEN defaults THEN three private and three public subnets in zones a, b, c", () => {
    const json = synthWithProvider((s, provider) => new RegionalNetwork(s, "Network", { provider, ...base }));
    const subnets = resources(json, "aws_subnet");
    const priv = subnets.filter((x) => (x.tags as Record<string, string>).Name.includes("-private-"));
    const pub = subnets.filter((x) => (x.tags as Record<string, string>).Name.includes("-public-"));
    expect(priv.map((x) => [x.availability_zone, x.cidr_block])).toEqual([
      ["eu-west-1a", "10.20.0.0/20"],
      ["eu-west-1b", "10.20.16.0/20"],
      ["eu-west-1c", "10.20.32.0/20"],
    ]);
    expect(pub.map((x) => x.cidr_block)).toEqual(["10.20.128.0/20", "10.20.144.0/20", "10.20.160.0/20"]);
    expect(pub.every((x) => x.map_public_ip_on_launch === false)).toBe(true);
    expect(resources(json, "aws_vpc")[0]).toMatchObject({
      cidr_block: "10.20.0.0/16",
      enable_dns_hostnames: true,
    });
  });

  test("GIVEN defaults THEN one NAT gateway per zone and each private route table uses its own zone's", () => {
    const json = synthWithProvider((s, provider) => new RegionalNetwork(s, "Network", { provider, ...base }));
    expect(resources(json, "aws_nat_gateway")).toHaveLength(3);
    const natRoutes = resources(json, "aws_route")
      .map((r) => r.nat_gateway_id)
      .filter(Boolean);
    expect(new Set(natRoutes).size).toBe(3);
  });

  test("GIVEN natGateways single THEN every private route goes through one NAT gateway", () => {
    const json = synthWithProvider(
      (s, provider) => new RegionalNetwork(s, "Network", { provider, ...base, natGateways: "single" }),
    );
    expect(resources(json, "aws_nat_gateway")).toHaveLength(1);
    const natRoutes = resources(json, "aws_route")
      .map((r) => r.nat_gateway_id)
      .filter(Boolean);
    expect(natRoutes).toHaveLength(3);
    expect(new Set(natRoutes).size).toBe(1);
  });

  test("GIVEN defaults THEN flow logs go to a key-encrypted log group, and the default group allows nothing", () => {
    const json = synthWithProvider((s, provider) => new RegionalNetwork(s, "Network", { provider, ...base }));
    expect(resources(json, "aws_flow_log")[0]).toMatchObject({
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    expect(resources(json, "aws_cloudwatch_log_group")[0]).toMatchObject({
      kms_key_id: "arn:key",
      retention_in_days: 365,
    });
    expect(resources(json, "aws_default_security_group")[0]).toMatchObject({ ingress: [], egress: [] });
  });

  test("GIVEN flowLogs false THEN false survives (?? not ||): no flow log, no key needed", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new RegionalNetwork(s, "Network", {
          provider,
          region: "eu-west-1",
          name: "n",
          cidr: "10.0.0.0/16",
          flowLogs: false,
        }),
    );
    expect(resources(json, "aws_flow_log")).toHaveLength(0);
    expect(resources(json, "aws_cloudwatch_log_group")).toHaveLength(0);
  });

  test("GIVEN flow logs on but no key THEN construction fails saying what to pass", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new RegionalNetwork(s, "Network", {
            provider,
            region: "eu-west-1",
            name: "n",
            cidr: "10.0.0.0/16",
          }),
      ),
    ).toThrow(
      "stack/Network: flow logs need kmsKeyArn (found no kmsKeyArn, expected a KMS key ARN, or flowLogs: false)",
    );
  });

  test("GIVEN a CIDR wider than /16 or narrower than /24 THEN the construct refuses it at its path, in the loader's words", () => {
    for (const cidr of ["10.64.0.0/12", "10.0.0.0/25", "not-a-cidr"]) {
      expect(() =>
        synthWithProvider((s, provider) => new RegionalNetwork(s, "Network", { provider, ...base, cidr })),
      ).toThrow(
        `stack/Network: cidr: the aws region network needs a block that fits subnets in several zones (found ${cidr}, expected a prefix between /16 and /24)`,
      );
    }
    // AND the edges of the range build
    for (const cidr of ["10.0.0.0/16", "10.0.0.0/24"]) {
      expect(() =>
        synthWithProvider((s, provider) => new RegionalNetwork(s, "Network", { provider, ...base, cidr })),
      ).not.toThrow();
    }
  });

  test("GIVEN explicit zones THEN they are used, and every resource names its provider", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new RegionalNetwork(s, "Network", {
          provider,
          ...base,
          availabilityZones: ["us-west-1a", "us-west-1c"],
        }),
    );
    expect(resources(json, "aws_subnet").map((x) => x.availability_zone)).toEqual([
      "us-west-1a",
      "us-west-1c",
      "us-west-1a",
      "us-west-1c",
    ]);
    for (const [type, body] of allResources(json)) expect([type, body.provider]).toEqual([type, "aws.test"]);
  });
});
