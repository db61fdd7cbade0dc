import { type ArchitectureGraph, type ArchitectureNode, graphId } from "../../core/architecture-graph";
import { datastoreGroups, servingRegions } from "../facts/datastores";
import { recordKey, routedRecords, routingPolicy } from "../facts/dns";
import type { Inventory } from "../inventory";
import type { Cloud, Resource } from "../types";
import { block, num, str } from "../values";

const CLOUD_LABEL: Readonly<Record<string, string>> = { aws: "AWS", google: "Google Cloud" };
/** Past this many regions a picture in a pull-request comment is noise. */
const MAX_REGIONS = 16;
/** Routed names drawn, at most. */
const MAX_ROUTES = 3;

const regionNode = (cloud: Cloud, region: string) => graphId(cloud, region, "serving");

/** The region a routed record points at, from its set identifier or target name (longest region name that fits). */
function recordRegion(r: Resource, regions: readonly string[]): string | undefined {
  const latency = str(block(r.values["latency_routing_policy"])?.["region"]);
  if (latency && regions.includes(latency)) return latency;
  const alias = block(r.values["alias"]);
  const hay = `${str(r.values["set_identifier"]) ?? ""} ${str(alias?.["name"]) ?? ""}`;
  return [...regions].sort((a, b) => b.length - a.length).find((x) => hay.includes(x));
}

function recordLabel(r: Resource, policy: string): string {
  if (policy === "weighted")
    return `weight ${num(block(r.values["weighted_routing_policy"])?.["weight"]) ?? "?"}`;
  if (policy === "failover")
    return str(block(r.values["failover_routing_policy"])?.["type"])?.toLowerCase() ?? policy;
  return policy;
}

/**
 * A short picture of what was checked: the serving regions per cloud, the
 * replicated datastores and the regions they span, and the routed names
 * with the region each record sends to. Undefined when the inputs show no
 * region (Kubernetes manifests only) or too many to draw.
 */
export function inventoryGraph(inv: Inventory): ArchitectureGraph | undefined {
  const datastores = datastoreGroups(inv);
  const byCloud = new Map<Cloud, string[]>();
  for (const cloud of ["aws", "google"] as const) {
    const regions = new Set(servingRegions(inv, cloud).keys());
    for (const d of datastores) if (d.cloud === cloud) for (const r of d.regions ?? []) regions.add(r);
    if (regions.size) byCloud.set(cloud, [...regions].sort());
  }
  const all = [...byCloud.values()].flat();
  if (all.length === 0 || all.length > MAX_REGIONS) return undefined;

  const groups: ArchitectureGraph["groups"][number][] = [];
  const nodes: ArchitectureNode[] = [];
  const edges: ArchitectureGraph["edges"][number][] = [];
  for (const [cloud, regions] of byCloud) {
    groups.push({ id: graphId(cloud), label: CLOUD_LABEL[cloud] ?? cloud, kind: "cloud" });
    const serving = servingRegions(inv, cloud);
    for (const region of regions) {
      groups.push({ id: graphId(cloud, region), label: region, kind: "region", parent: graphId(cloud) });
      const s = serving.get(region);
      nodes.push({
        id: regionNode(cloud, region),
        lines: s ? [str(s.values["name"]) ?? s.address, s.type] : ["no serving resource"],
        kind: "cluster",
        group: graphId(cloud, region),
      });
    }
  }
  datastores.forEach((d, i) => {
    const id = graphId("datastore", String(i));
    nodes.push({ id, lines: [d.name, d.kind], kind: "datastore", group: graphId(d.cloud) });
    for (const r of [...(d.regions ?? [])].sort()) {
      edges.push({ from: regionNode(d.cloud, r), to: id, kind: "data", both: true });
    }
  });
  const routes = new Map<string, Resource[]>();
  for (const r of routedRecords(inv)) routes.set(recordKey(r), [...(routes.get(recordKey(r)) ?? []), r]);
  [...routes.entries()].slice(0, MAX_ROUTES).forEach(([key, records], i) => {
    const policy = routingPolicy(records[0]!) ?? "routed";
    const id = graphId("route", String(i));
    nodes.push({ id, lines: [key, `${policy} records`], kind: "routing" });
    for (const r of records) {
      const region = recordRegion(r, all);
      const cloud = [...byCloud.entries()].find(([, rs]) => region !== undefined && rs.includes(region))?.[0];
      if (region && cloud)
        edges.push({
          from: id,
          to: regionNode(cloud, region),
          kind: "traffic",
          label: recordLabel(r, policy),
        });
    }
  });
  const accelerator = inv.ofType("aws_globalaccelerator_endpoint_group");
  if (accelerator.length) {
    nodes.push({ id: "accelerator", lines: ["Global Accelerator"], kind: "routing" });
    for (const g of accelerator) {
      const region = str(g.values["endpoint_group_region"]) ?? g.region;
      if (region && byCloud.get("aws")?.includes(region)) {
        const dial = num(g.values["traffic_dial_percentage"]);
        edges.push({
          from: "accelerator",
          to: regionNode("aws", region),
          kind: "traffic",
          ...(dial !== undefined ? { label: `dial ${dial} %` } : {}),
        });
      }
    }
  }
  return { title: `${all.length} regions in the checked output`, groups, nodes, edges };
}
