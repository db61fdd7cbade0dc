import {
  availableAfterLosing,
  type CapacityRegion,
  nodesNeeded,
  shortfallsAfterLosing,
} from "../../lib/core/capacity";
import { estimateFailover } from "../../lib/core/failover-time";

describe("failover estimate (AA103 and simulate)", () => {
  test("GIVEN DNS routing THEN interval x threshold + TTL", () => {
    expect(estimateFailover("dns", { intervalSeconds: 10, failureThreshold: 3 }, 15)).toEqual({
      detectionSeconds: 30,
      dnsCacheSeconds: 15,
      totalSeconds: 45,
    });
  });

  test("GIVEN anycast routing THEN the TTL does not count", () => {
    expect(estimateFailover("anycast", { intervalSeconds: 30, failureThreshold: 3 }, 300).totalSeconds).toBe(
      90,
    );
  });
});

describe("capacity after losing any set of regions", () => {
  // 2 nodes of 1000m / 1000Mi / 10 pods each per region
  const region = (name: string, weight: number): CapacityRegion => ({
    name,
    weight,
    nodes: { count: 2, cpuMilli: 2000, memoryMiB: 2000, pods: 20, label: "small" },
  });
  const regions = [region("a", 50), region("b", 30), region("c", 20)];
  const api = { name: "api", total: 10, ceiling: { a: 6, b: 6, c: 6 }, cpuMilli: 250, memoryMiB: 100 };

  test("GIVEN two of three regions lost THEN only the third's ceiling counts: 6 < 10", () => {
    expect(availableAfterLosing(regions, [api], ["a", "b"])).toEqual({ api: 6 });
    const [short] = shortfallsAfterLosing(regions, [api], ["a", "b"]);
    expect(short).toMatchObject({ workload: "api", lost: "a, b", needed: 10, available: 6 });
    expect(short!.message).toMatch(
      /^with a \(weight 50\), b \(weight 30\) lost, the other regions can run 6/,
    );
  });

  test("GIVEN one region lost THEN 6 + 6 = 12 >= 10: no shortfall", () => {
    expect(shortfallsAfterLosing(regions, [api], ["a"])).toEqual([]);
  });

  test("nodes needed: the scarcest resource decides (9 x 250m = 2250m on 1000m nodes -> 3)", () => {
    expect(nodesNeeded(regions[0]!, { cpuMilli: 2250, memoryMiB: 900, pods: 9 })).toEqual({
      nodes: 3,
      limitedBy: "cpu",
    });
    expect(nodesNeeded(regions[0]!, { cpuMilli: 100, memoryMiB: 100, pods: 15 })).toEqual({
      nodes: 2,
      limitedBy: "pods",
    });
  });
});
