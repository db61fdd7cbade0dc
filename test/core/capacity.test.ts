import { nMinusOneShortfalls } from "../../lib/core/capacity";
import { allocatable, cpuMilli, instanceType, memoryMiB } from "../../lib/core/instance-types";
import {
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSIONS,
  supportStatus,
} from "../../lib/core/kubernetes-versions";

describe("node sizes", () => {
  test("GIVEN m6i.large (2 vCPU, 8 GiB, 29 pods) THEN allocatable is 1930m, 7518Mi: EKS reservations off", () => {
    expect(allocatable(instanceType("m6i.large")!)).toEqual({ cpuMilli: 1930, memoryMiB: 7518, pods: 29 });
  });

  test("GIVEN e2-standard-4 (4 vCPU, 16 GiB) THEN GKE's tiered memory reservation: 16384 - 2663 - 100 MiB", () => {
    expect(allocatable(instanceType("e2-standard-4")!)).toEqual({
      cpuMilli: 3920,
      memoryMiB: 13621,
      pods: 64,
    });
  });

  test("quantities: 250m, 1, 0.5 CPU; 256Mi, 1Gi, 1G memory", () => {
    expect([cpuMilli("250m"), cpuMilli("1"), cpuMilli(0.5), cpuMilli("x")]).toEqual([
      250,
      1000,
      500,
      undefined,
    ]);
    expect([memoryMiB("256Mi"), memoryMiB("1Gi"), Math.round(memoryMiB("1G")!)]).toEqual([256, 1024, 954]);
  });
});

describe("N-1 arithmetic", () => {
  const region = (name: string, weight: number, nodes = 10) => ({
    name,
    weight,
    nodes: {
      count: nodes,
      cpuMilli: 1930 * nodes,
      memoryMiB: 7518 * nodes,
      pods: 29 * nodes,
      label: "m6i.large",
    },
  });
  const api = { name: "api", total: 9, ceiling: { a: 20, b: 20, c: 20 }, cpuMilli: 250, memoryMiB: 256 };

  test("GIVEN HPA max 20 in each of three regions and a total of 9 THEN losing the largest leaves 40: it holds", () => {
    expect(nMinusOneShortfalls([region("a", 40), region("b", 40), region("c", 20)], [api])).toEqual([]);
  });

  test("GIVEN one node per region THEN the nodes, not the HPA, are the ceiling: 7 pods of 250m each, 7 < 9", () => {
    const [f] = nMinusOneShortfalls([region("a", 60, 1), region("b", 40, 1)], [api]);
    expect(f).toMatchObject({ workload: "api", lost: "a", needed: 9, available: 7 });
    expect(f!.message).toMatch(
      /b: 7 \(ceiling 20 × 250m\/256Mi; nodes 1 × m6i\.large = 1930m CPU, 7518Mi, 29 pods, short of cpu\)/,
    );
  });

  test("GIVEN regions tied for the largest weight THEN losing each is tried", () => {
    const small = { ...api, ceiling: { a: 5, b: 4 } };
    expect(nMinusOneShortfalls([region("a", 50), region("b", 50)], [small]).map((f) => f.lost)).toEqual([
      "a",
      "b",
    ]);
  });
});

describe("Kubernetes version table", () => {
  test("THEN the default is in standard support on EKS and GKE on 2026-12-01 (the release day)", () => {
    expect(supportStatus(DEFAULT_KUBERNETES_VERSION, "eks", "2026-12-01")).toBe("standard");
    expect(supportStatus(DEFAULT_KUBERNETES_VERSION, "gke", "2026-12-01")).toBe("standard");
  });

  test("THEN every row ends standard before extended support, and the versions are in order", () => {
    for (const k of KUBERNETES_VERSIONS) {
      for (const cloud of ["eks", "gke"] as const)
        expect(k[cloud].endOfStandard < k[cloud].endOfExtended).toBe(true);
    }
    const minors = KUBERNETES_VERSIONS.map((k) => Number(k.version.split(".")[1]));
    expect(minors).toEqual([...minors].sort((a, b) => a - b));
  });

  test("GIVEN EKS 1.31 THEN standard until 2025-11-26, extended until 2026-11-26, then unsupported", () => {
    expect(supportStatus("1.31", "eks", "2025-11-26")).toBe("standard");
    expect(supportStatus("1.31.4", "eks", "2026-11-26")).toBe("extended");
    expect(supportStatus("1.31", "eks", "2026-11-27")).toBe("unsupported");
    expect(supportStatus("1.20", "eks", "2026-11-27")).toBeUndefined();
  });
});
