import { MULTI_CLOUD, rejection, resolveEdited } from "../gcp/fixtures";

const secondPair = { aws: "us-east-1", gcp: "us-central1" };

describe("interconnect blueprint checks", () => {
  test("GIVEN explicit valid tunnel CIDRs THEN they are kept on the pair", () => {
    const cidrs = ["169.254.100.0/30", "169.254.100.4/30", "169.254.100.8/30", "169.254.100.12/30"];
    const b = resolveEdited(MULTI_CLOUD, (d) => {
      d.spec.interconnect.pairs[0].tunnelCidrs = cidrs;
    });
    expect(b.interconnect?.pairs[0]?.tunnelCidrs).toEqual(cidrs);
  });

  test("GIVEN a tunnel CIDR AWS reserves THEN rejected at its index", () => {
    const message = rejection(MULTI_CLOUD, (d) => {
      d.spec.interconnect.pairs[0].tunnelCidrs = [
        "169.254.100.0/30",
        "169.254.169.252/30",
        "169.254.100.8/30",
        "169.254.100.12/30",
      ];
    });
    expect(message).toContain(
      "spec.interconnect.pairs[0].tunnelCidrs[1]: AWS reserves 169.254.169.252/30 and rejects it as a tunnel inside CIDR",
    );
  });

  test("GIVEN a tunnel CIDR outside 169.254.0.0/16 THEN rejected as not link-local", () => {
    const message = rejection(MULTI_CLOUD, (d) => {
      d.spec.interconnect.pairs[0].tunnelCidrs = [
        "10.9.0.0/30",
        "169.254.100.4/30",
        "169.254.100.8/30",
        "169.254.100.12/30",
      ];
    });
    expect(message).toContain(
      "spec.interconnect.pairs[0].tunnelCidrs[0]: tunnel inside CIDRs are link-local",
    );
    expect(message).toContain("expected a /30 inside 169.254.0.0/16");
  });

  test("GIVEN a second pair whose CIDRs meet the first pair's defaults THEN rejected on the second pair", () => {
    const message = rejection(MULTI_CLOUD, (d) => {
      d.spec.interconnect.pairs.push({
        ...secondPair,
        tunnelCidrs: ["169.254.11.0/30", "169.254.11.4/30", "169.254.10.8/30", "169.254.11.12/30"],
      });
    });
    expect(message).toContain(
      "spec.interconnect.pairs[1].tunnelCidrs[2]: tunnel inside CIDR used twice (also 169.254.10.8/30)",
    );
  });

  test("GIVEN three tunnel CIDRs THEN the schema asks for four", () => {
    const message = rejection(MULTI_CLOUD, (d) => {
      d.spec.interconnect.pairs[0].tunnelCidrs = ["169.254.100.0/30", "169.254.100.4/30", "169.254.100.8/30"];
    });
    expect(message).toContain(
      "spec.interconnect.pairs[0].tunnelCidrs: too few items (found 3 items, expected at least 4)",
    );
  });

  test("GIVEN an AWS region in two pairs THEN rejected: one link per region", () => {
    const message = rejection(MULTI_CLOUD, (d) => {
      d.spec.interconnect.pairs.push({ aws: "eu-west-1", gcp: "us-central1" });
    });
    expect(message).toContain(
      "spec.interconnect.pairs[1].aws: region already linked by spec.interconnect.pairs[0]; one link per region",
    );
  });

  test("GIVEN two pairs with default CIDRs THEN accepted (each link gets its own /28)", () => {
    const b = resolveEdited(MULTI_CLOUD, (d) => {
      d.spec.interconnect.pairs.push(secondPair);
    });
    expect(b.interconnect?.pairs).toHaveLength(2);
  });
});
