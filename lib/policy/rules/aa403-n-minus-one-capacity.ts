import {
  type CapacityRegion,
  type CapacityWorkload,
  nMinusOneShortfalls,
  nodesOf,
  REPLICAS_TOTAL_ANNOTATION,
} from "../../core/capacity";
import { cpuMilli, instanceType, memoryMiB } from "../../core/instance-types";
import { containers } from "../facts/k8s";
import type { InventoryView as Inventory, K8sObject, Rule, RuleResult } from "../types";
import { firstOf, isObj, num, str, strList } from "../values";

type Nodes = CapacityRegion["nodes"];

const add = (a: Nodes | undefined, b: Nodes): Nodes =>
  a === undefined
    ? b
    : {
        count: a.count + b.count,
        cpuMilli: a.cpuMilli + b.cpuMilli,
        memoryMiB: a.memoryMiB + b.memoryMiB,
        pods: a.pods + b.pods,
        label: `${a.label} + ${b.label}`,
      };

function ofType(name: string | undefined, count: number): Nodes | undefined {
  const t = name ? instanceType(name) : undefined;
  if (!t || !(count > 0)) return undefined;
  return nodesOf(t, count);
}

/** What the nodes of each region can hold at most: NodePool limits, EKS node groups, GKE node pools. */
function nodeCeilings(inv: Inventory): Map<string, Nodes> {
  const out = new Map<string, Nodes>();
  const put = (region: string | undefined, n: Nodes | undefined) => {
    if (region && n) out.set(region, add(out.get(region), n));
  };
  for (const o of inv.ofKind("NodePool")) {
    if (!o.apiVersion.startsWith("karpenter.sh/")) continue;
    const spec = isObj(o.doc["spec"]) ? o.doc["spec"] : {};
    const limits = isObj(spec["limits"]) ? spec["limits"] : undefined;
    const cpu = cpuMilli(limits?.["cpu"] as string | number | undefined);
    const mem = memoryMiB(limits?.["memory"] as string | number | undefined);
    if (cpu === undefined || mem === undefined) continue; // unbounded: AA402's concern
    const template =
      isObj(spec["template"]) && isObj(spec["template"]["spec"]) ? spec["template"]["spec"] : {};
    const reqs = Array.isArray(template["requirements"]) ? template["requirements"].filter(isObj) : [];
    const types = reqs.find((r) => r["key"] === "node.kubernetes.io/instance-type" && r["operator"] === "In");
    const only =
      Array.isArray(types?.["values"]) && types["values"].length === 1
        ? String(types["values"][0])
        : undefined;
    const t = only ? instanceType(only) : undefined;
    if (t) {
      // The limits count node capacity: that many nodes of the one type, each with its allocatable.
      put(o.region, ofType(t.name, Math.floor(Math.min(cpu / (t.vcpu * 1000), mem / (t.memoryGiB * 1024)))));
    } else {
      put(o.region, {
        count: 0,
        cpuMilli: cpu,
        memoryMiB: mem,
        pods: Number.POSITIVE_INFINITY,
        label: "NodePool limits",
      });
    }
  }
  // A region with a node group whose size or type is not known has capacity that is not known: not under-counted.
  const vague = new Set<string>();
  for (const r of inv.ofType("aws_eks_node_group")) {
    const max = num(firstOf(r.values, "scaling_config")?.["max_size"]);
    const type = strList(r.values["instance_types"])?.[0];
    if (r.region && (max === undefined || !type || !instanceType(type))) vague.add(r.region);
    put(r.region, ofType(type, max ?? 0));
  }
  for (const r of inv.ofType("google_container_node_pool")) {
    const a = firstOf(r.values, "autoscaling");
    const zones = strList(r.values["node_locations"])?.length;
    const total =
      num(a?.["total_max_node_count"]) ??
      (num(a?.["max_node_count"]) !== undefined && zones ? num(a?.["max_node_count"])! * zones : undefined) ??
      num(r.values["node_count"]);
    const machine = str(firstOf(r.values, "node_config")?.["machine_type"]);
    if (r.region && (total === undefined || !machine || !instanceType(machine))) vague.add(r.region);
    put(r.region, ofType(machine, total ?? 0));
  }
  for (const region of vague) out.delete(region);
  return out;
}

interface Group {
  readonly deployments: Map<string, K8sObject>;
  readonly ceilings: Record<string, number>;
  readonly floors: Record<string, number>;
  total?: number;
  scaled: boolean;
  cpu: number;
  memory: number;
}

/** Every Deployment by namespace/name, one per region, with its ceiling (HPA max, else replicas) and floor. */
function workloads(inv: Inventory): Map<string, Group> {
  const hpas = new Map<string, K8sObject>();
  for (const h of inv.ofKind("HorizontalPodAutoscaler")) {
    const target =
      isObj(h.doc["spec"]) && isObj(h.doc["spec"]["scaleTargetRef"]) ? h.doc["spec"]["scaleTargetRef"] : {};
    if (target["kind"] === "Deployment") hpas.set(`${h.cluster}|${h.namespace}/${String(target["name"])}`, h);
  }
  const groups = new Map<string, Group>();
  for (const d of inv.ofKind("Deployment")) {
    if (!d.region) continue;
    const id = `${d.namespace}/${d.name}`;
    let g = groups.get(id);
    if (!g) {
      g = { deployments: new Map(), ceilings: {}, floors: {}, scaled: false, cpu: 0, memory: 0 };
      groups.set(id, g);
    }
    g.deployments.set(d.region, d);
    const spec = isObj(d.doc["spec"]) ? d.doc["spec"] : {};
    const replicas = num(spec["replicas"]) ?? 1;
    const hpa = hpas.get(`${d.cluster}|${id}`);
    const hspec = hpa && isObj(hpa.doc["spec"]) ? hpa.doc["spec"] : undefined;
    const max = num(hspec?.["maxReplicas"]);
    if (max !== undefined) g.scaled = true;
    g.ceilings[d.region] = max ?? replicas;
    g.floors[d.region] = num(hspec?.["minReplicas"]) ?? (hspec ? 1 : replicas);
    const meta = isObj(d.doc["metadata"]) ? d.doc["metadata"] : {};
    const total = isObj(meta["annotations"])
      ? Number(meta["annotations"][REPLICAS_TOTAL_ANNOTATION])
      : Number.NaN;
    if (Number.isInteger(total) && total > 0) g.total = total;
    let cpu = 0;
    let mem = 0;
    for (const c of containers(d)) {
      const req =
        isObj(c["resources"]) && isObj(c["resources"]["requests"]) ? c["resources"]["requests"] : {};
      cpu += cpuMilli(req["cpu"] as string | number | undefined) ?? 0;
      mem += memoryMiB(req["memory"] as string | number | undefined) ?? 0;
    }
    g.cpu = Math.max(g.cpu, cpu);
    g.memory = Math.max(g.memory, mem);
  }
  return groups;
}

export const rule: Rule = {
  id: "AA403",
  title: "Capacity does not survive losing the largest region (N-1)",
  severity: "error",
  failureMode: "F7",
  inputs: ["terraform", "k8s"],
  covers: [
    "Deployment",
    "HorizontalPodAutoscaler",
    "NodePool (karpenter.sh)",
    "aws_eks_node_group",
    "google_container_node_pool",
  ],
  rationale:
    "Active-active only pays off if the surviving regions can take the lost one's load. If the HPA ceilings, or the nodes they would need, cannot run the replicas the service needs in all, a region failure becomes an overload of every other region.",
  fix: "Raise the HorizontalPodAutoscaler maxReplicas, or the node limits (NodePool spec.limits, node group max_size, node pool total_max_node_count), or lower the pod requests, until the regions left after losing the largest carry the total (annotation activeactive.dev/replicas-total, else the replicas running now).",
  unknowns:
    "Kubernetes objects are literal. A node group or pool whose maximum size or instance type is set by an expression (or not in the instance table) makes its region's node capacity unknown: only the HorizontalPodAutoscaler ceilings are checked there, nodes are never under-counted.",
  *check(inv) {
    const nodes = nodeCeilings(inv);
    const out: RuleResult[] = [];
    const groups = workloads(inv);
    for (const [id, g] of groups) {
      const regions = [...g.deployments.keys()].sort();
      if (regions.length < 2) continue;
      // Fixed counts without a stated total are the user's choice per region.
      if (g.total === undefined && !g.scaled) continue;
      const needed = g.total ?? regions.reduce((a, r) => a + g.floors[r]!, 0);
      const workload: CapacityWorkload = {
        name: id,
        total: needed,
        ceiling: g.ceilings,
        cpuMilli: g.cpu,
        memoryMiB: g.memory,
      };
      const capacity: CapacityRegion[] = regions.map((r) => ({
        name: r,
        // The largest region is the one running the most of this workload.
        weight: g.floors[r]!,
        weightLabel: `the largest: ${g.floors[r]} replicas now`,
        nodes: nodes.get(r) ?? {
          count: 0,
          cpuMilli: Number.POSITIVE_INFINITY,
          memoryMiB: Number.POSITIVE_INFINITY,
          pods: Number.POSITIVE_INFINITY,
          label: "nodes unknown",
        },
      }));
      // Other workloads share the nodes: count them at their ceilings too.
      const others = [...groups].filter(([o]) => o !== id);
      for (const f of nMinusOneShortfalls(capacity, [
        workload,
        ...others.map(([o, og]) => ({
          name: o,
          total: 0,
          ceiling: og.ceilings,
          cpuMilli: og.cpu,
          memoryMiB: og.memory,
        })),
      ])) {
        if (f.workload !== id) continue;
        out.push({ subject: g.deployments.get(f.lost)!, message: `Deployment ${id}: ${f.message}` });
      }
    }
    yield* out;
  },
};
