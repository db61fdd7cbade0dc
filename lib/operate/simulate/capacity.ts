import { capacityWorkload } from "../../blueprint/cluster-checks";
import type { Blueprint, Region } from "../../blueprint/model";
import { replicasByRegion } from "../../blueprint/replicas";
import type { WorkloadInput } from "../../blueprint/schema";
import {
  availableAfterLosing,
  type CapacityRegion,
  type CapacityWorkload,
  nodesNeeded,
  nodesOf,
  shortfallsAfterLosing,
} from "../../core/capacity";
import { UsageError } from "../../core/errors";
import { instanceType } from "../../core/instance-types";
import type { CapacityOutcome, RegionCapacity, Verdict, WorkloadNeed } from "./report";

/** What each region's nodes can hold: `nodes.max` of the cloud's node size, as the loader's N-1 check sees it. */
export function capacityRegions(b: Blueprint): CapacityRegion[] {
  const max = b.cluster.nodes.max;
  return b.regions.map((r) => {
    const name = r.cloud === "aws" ? b.cluster.nodes.instanceType : b.cluster.nodes.machineType;
    const t = instanceType(name);
    if (t === undefined) {
      throw new UsageError({
        path: `spec.cluster.nodes.${r.cloud === "aws" ? "instanceType" : "machineType"}`,
        message: "the simulator does not know this node size",
        found: JSON.stringify(name),
        expected: "a size in lib/core/instance-types.ts",
      });
    }
    return {
      name: r.region,
      weight: r.weight,
      nodes: nodesOf(t, max),
    };
  });
}

/** A workload that states what it needs (`replicas.total`) or can grow (autoscaling); the loader judges the same ones. */
function judged(w: WorkloadInput): boolean {
  return w.autoscaling !== undefined || (typeof w.replicas === "object" && "total" in w.replicas);
}

/**
 * The survivors' capacity: each gets ceil(total x its traffic share) replicas
 * of every workload, within its ceiling (HPA max) and its nodes; and the
 * N-1 arithmetic of the loader and AA403 (`shortfallsAfterLosing`) over the
 * survivors' ceilings.
 */
export function capacityOutcome(
  b: Blueprint,
  lost: readonly Region[],
  shares: readonly number[],
): CapacityOutcome {
  const weighted = b.regions.map((r) => ({ region: r.region, weight: r.weight }));
  const regions = capacityRegions(b);
  const workloads: { input: WorkloadInput; cap: CapacityWorkload; now: Record<string, number> }[] =
    b.workloads.map((w) => ({
      input: w,
      cap: capacityWorkload(w, weighted),
      now: replicasByRegion(w.replicas, weighted),
    }));
  const survivors = b.regions.filter((r) => !lost.includes(r));
  const perRegion: RegionCapacity[] = survivors.map((r, i) => {
    const share = shares[i]!;
    const capRegion = regions.find((c) => c.name === r.region)!;
    const needs: WorkloadNeed[] = workloads.map(({ input, cap, now }) => {
      const fixed = !judged(input);
      const current = now[r.region]!;
      return {
        workload: input.name,
        fixed,
        now: current,
        needed: fixed ? current : Math.ceil(cap.total * share),
        ceiling: cap.ceiling[r.region]!,
      };
    });
    // The HPA never goes below its minimum (the region's replicas now), so the nodes hold at least that.
    const demand = needs.reduce(
      (d, n, j) => {
        const pods = Math.max(n.now, n.needed);
        const cap = workloads[j]!.cap;
        return {
          cpuMilli: d.cpuMilli + pods * cap.cpuMilli,
          memoryMiB: d.memoryMiB + pods * cap.memoryMiB,
          pods: d.pods + pods,
        };
      },
      { cpuMilli: 0, memoryMiB: 0, pods: 0 },
    );
    const nodes = nodesNeeded(capRegion, demand);
    const fits = needs.every((n) => n.fixed || n.needed <= n.ceiling) && nodes.nodes <= capRegion.nodes.count;
    return {
      region: r.region,
      sharePercent: Math.round(10000 * share) / 100,
      workloads: needs,
      nodes: {
        needed: nodes.nodes,
        max: capRegion.nodes.count,
        type: capRegion.nodes.label,
        limitedBy: nodes.limitedBy,
      },
      verdict: fits ? "holds" : "fails",
    };
  });
  const checked = workloads.map(({ input, cap }) => (judged(input) ? cap : { ...cap, total: 0 }));
  const lostNames = lost.map((r) => r.region);
  const short = shortfallsAfterLosing(regions, checked, lostNames);
  const available = availableAfterLosing(regions, checked, lostNames);
  const totals = workloads.map(({ input, cap }) => ({
    workload: input.name,
    total: cap.total,
    available: available[input.name]!,
  }));
  const notes = short.map((s) => `N-1 arithmetic: ${s.message}`);
  const verdict: Verdict =
    perRegion.every((r) => r.verdict === "holds") && short.length === 0 ? "holds" : "fails";
  return { regions: perRegion, totals, verdict, notes };
}
