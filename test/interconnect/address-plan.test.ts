import * as fc from "fast-check";
import {
  AWS_RESERVED_INSIDE_CIDRS,
  checkAddressPlan,
  defaultTunnelCidrs,
  isPrivateAsn,
  tunnelAddressPlan,
} from "../../lib/core/address-plan";

describe("tunnel address plan", () => {
  test("GIVEN the default CIDRs of link 0 THEN four /30s with AWS on .1 and the Cloud Router on .2", () => {
    const plan = tunnelAddressPlan(defaultTunnelCidrs(0), 64512, 65010);
    expect(plan.tunnels).toEqual([
      { cidr: "169.254.10.0/30", awsIp: "169.254.10.1", gcpIp: "169.254.10.2" },
      { cidr: "169.254.10.4/30", awsIp: "169.254.10.5", gcpIp: "169.254.10.6" },
      { cidr: "169.254.10.8/30", awsIp: "169.254.10.9", gcpIp: "169.254.10.10" },
      { cidr: "169.254.10.12/30", awsIp: "169.254.10.13", gcpIp: "169.254.10.14" },
    ]);
    expect([plan.awsAsn, plan.gcpAsn]).toEqual([64512, 65010]);
  });

  test("GIVEN any link index THEN its default CIDRs pass the checks and never meet another link's", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 }), (a, b) => {
        fc.pre(a !== b);
        expect(checkAddressPlan(defaultTunnelCidrs(a), 64512, 65010, defaultTunnelCidrs(b))).toEqual([]);
      }),
    );
  });

  test.each(AWS_RESERVED_INSIDE_CIDRS)(
    "GIVEN the AWS-reserved %s THEN it is rejected, naming the reservation",
    (reserved) => {
      const cidrs = [reserved, "169.254.20.4/30", "169.254.20.8/30", "169.254.20.12/30"];
      expect(checkAddressPlan(cidrs, 64512, 65010)).toEqual([
        expect.objectContaining({
          path: "tunnelCidrs[0]",
          message: `AWS reserves ${reserved} and rejects it as a tunnel inside CIDR`,
          found: reserved,
        }),
      ]);
    },
  );

  test("GIVEN a /30 outside 169.254.0.0/16 THEN it is rejected as not link-local", () => {
    const problems = checkAddressPlan(
      ["10.0.0.0/30", "169.254.20.4/30", "169.254.20.8/30", "169.254.20.12/30"],
      64512,
      65010,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: "tunnelCidrs[0]",
        message: "tunnel inside CIDRs are link-local",
        found: "10.0.0.0/30",
      }),
    ]);
  });

  test("GIVEN a CIDR that is not a /30 network address THEN it is rejected", () => {
    for (const bad of ["169.254.20.0/29", "169.254.20.1/30", "not-a-cidr"]) {
      const problems = checkAddressPlan(
        [bad, "169.254.21.4/30", "169.254.21.8/30", "169.254.21.12/30"],
        64512,
        65010,
      );
      expect(problems.map((p) => [p.path, p.message])).toEqual([
        ["tunnelCidrs[0]", "a tunnel inside CIDR is a /30 network address"],
      ]);
    }
  });

  test("GIVEN the same /30 twice, or one another link uses THEN the second use is rejected", () => {
    const twice = checkAddressPlan(
      ["169.254.20.0/30", "169.254.20.0/30", "169.254.20.8/30", "169.254.20.12/30"],
      64512,
      65010,
    );
    expect(twice.map((p) => [p.path, p.message])).toEqual([
      [
        "tunnelCidrs[1]",
        "tunnel inside CIDR used twice (also 169.254.20.0/30); every BGP session needs its own /30",
      ],
    ]);
    const across = checkAddressPlan(defaultTunnelCidrs(0), 64512, 65010, ["169.254.10.8/30"]);
    expect(across.map((p) => p.path)).toEqual(["tunnelCidrs[2]"]);
  });

  test("GIVEN three CIDRs THEN the plan is rejected: an HA VPN has four tunnels", () => {
    const problems = checkAddressPlan(defaultTunnelCidrs(0).slice(0, 3), 64512, 65010);
    expect(problems).toEqual([
      expect.objectContaining({ path: "tunnelCidrs", found: "3 CIDRs", expected: "4 /30 CIDRs" }),
    ]);
  });

  test("GIVEN equal or public ASNs THEN each is rejected", () => {
    expect(checkAddressPlan(defaultTunnelCidrs(0), 65010, 65010)).toEqual([
      expect.objectContaining({
        path: "gcpAsn",
        message: "the two sides of a BGP session need distinct ASNs",
      }),
    ]);
    expect(checkAddressPlan(defaultTunnelCidrs(0), 16509, 15169).map((p) => [p.path, p.found])).toEqual([
      ["awsAsn", "16509"],
      ["gcpAsn", "15169"],
    ]);
    expect([64511, 64512, 65534, 65535, 64600.5].map(isPrivateAsn)).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  test("GIVEN an invalid plan THEN tunnelAddressPlan throws with every problem", () => {
    expect(() =>
      tunnelAddressPlan(["169.254.1.0/30", ...defaultTunnelCidrs(3).slice(1)], 64512, 64512),
    ).toThrow(
      /AWS reserves 169\.254\.1\.0\/30.*distinct ASNs|distinct ASNs.*AWS reserves 169\.254\.1\.0\/30/,
    );
    expect(() => defaultTunnelCidrs(151)).toThrow(RangeError);
  });
});
