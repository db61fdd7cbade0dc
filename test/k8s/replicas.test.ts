import { replicasByRegion, splitByWeight } from "../../lib/blueprint/replicas";
import { renderManifests } from "../../lib/k8s/synth";
import { threeRegions } from "./fixtures";

const regionsOf = (weights: [number, number, number]) => threeRegions(weights, []).regions;

describe("replica counts per region", () => {
  test("a total is split by weight and the shares add up to the total", () => {
    // GIVEN weights 50/30/20 and a total of 10
    // WHEN split THEN each region gets its exact share
    expect(replicasByRegion({ total: 10, minPerRegion: 1 }, regionsOf([50, 30, 20]))).toEqual({
      "us-east-1": 5,
      "eu-west-1": 3,
      "ap-southeast-1": 2,
    });
  });

  test("remainders go to the largest fractions, ties to the region listed first", () => {
    // 9 over 40/40/20 is 3.6/3.6/1.8: floors 3/3/1, two left: 0.8 first, then the first 0.6
    expect(splitByWeight(9, [40, 40, 20])).toEqual([4, 3, 2]);
    // 7 over equal weights: one left over, to the first region
    expect(splitByWeight(7, [1, 1, 1])).toEqual([3, 2, 2]);
  });

  test("minPerRegion raises small shares, so a standby region (weight 0) can absorb a failover", () => {
    // GIVEN a region with weight 0
    const counts = replicasByRegion({ total: 6, minPerRegion: 2 }, regionsOf([1, 1, 0]));
    // THEN it still gets the floor, and the others split the total
    expect(counts).toEqual({ "us-east-1": 3, "eu-west-1": 3, "ap-southeast-1": 2 });
  });

  test("minPerRegion defaults to 2", () => {
    expect(replicasByRegion({ total: 4 }, regionsOf([90, 5, 5]))).toEqual({
      "us-east-1": 4,
      "eu-west-1": 2,
      "ap-southeast-1": 2,
    });
  });

  test("when every weight is 0 the total is split evenly", () => {
    expect(splitByWeight(6, [0, 0, 0])).toEqual([2, 2, 2]);
  });

  test("perRegion counts and a plain number are taken as given", () => {
    const regions = regionsOf([1, 1, 1]);
    expect(
      replicasByRegion({ perRegion: { "us-east-1": 5, "eu-west-1": 1, "ap-southeast-1": 3 } }, regions),
    ).toEqual({
      "us-east-1": 5,
      "eu-west-1": 1,
      "ap-southeast-1": 3,
    });
    expect(replicasByRegion(4, regions)).toEqual({ "us-east-1": 4, "eu-west-1": 4, "ap-southeast-1": 4 });
    expect(replicasByRegion(undefined, regions)).toEqual({
      "us-east-1": 2,
      "eu-west-1": 2,
      "ap-southeast-1": 2,
    });
  });

  test("the counts reach the Deployment without autoscaling, and the HPA floor with it", () => {
    // GIVEN one workload with fixed counts and no autoscaler (a total without one cannot survive
    // losing a region: the loader refuses it), one with a total and an autoscaler
    const b = threeRegions(
      [50, 30, 20],
      [
        {
          name: "fixed",
          image: "fixed:1",
          port: 80,
          replicas: { perRegion: { "us-east-1": 5, "eu-west-1": 3, "ap-southeast-1": 2 } },
        },
        {
          name: "scaled",
          image: "scaled:1",
          port: 80,
          replicas: { total: 10, minPerRegion: 1 },
          resources: { requests: { cpu: "100m" } },
          autoscaling: { max: 8 },
        },
      ],
    );
    // WHEN rendered
    const docs = [...renderManifests(b).values()].flat() as {
      kind: string;
      metadata: { name: string; labels: Record<string, string> };
      spec: { replicas?: number; minReplicas?: number; maxReplicas?: number };
    }[];
    const per = (kind: string, name: string) =>
      Object.fromEntries(
        docs
          .filter((d) => d.kind === kind && d.metadata.name === name)
          .map((d) => [d.metadata.labels["topology.kubernetes.io/region"], d.spec]),
      );
    // THEN the fixed Deployment carries the split, the scaled one leaves the count to its HPA
    expect(per("Deployment", "fixed")).toEqual({
      "us-east-1": expect.objectContaining({ replicas: 5 }),
      "eu-west-1": expect.objectContaining({ replicas: 3 }),
      "ap-southeast-1": expect.objectContaining({ replicas: 2 }),
    });
    expect(Object.values(per("Deployment", "scaled")).map((s) => s.replicas)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const hpa = per("HorizontalPodAutoscaler", "scaled");
    expect(
      Object.fromEntries(Object.entries(hpa).map(([r, s]) => [r, [s.minReplicas, s.maxReplicas]])),
    ).toEqual({
      "us-east-1": [5, 8],
      "eu-west-1": [3, 8],
      "ap-southeast-1": [2, 8],
    });
  });
});
