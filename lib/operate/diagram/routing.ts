import type { Blueprint, Region } from "../../blueprint/model";
import { acceleratorName, fitName, regionalHostname } from "../../core/names";
import type { GraphBuilder } from "./graph-builder";
import { ids } from "./ids";

/**
 * `weight 40 (40 %)`: Route 53 answers in proportion to the weights; the
 * accelerator turns them into traffic dials, so it shows the weight only.
 * 0 is a standby.
 */
function weightLabel(r: Region, routed: readonly Region[], share = true): string {
  if (r.weight === 0) return "weight 0 (standby)";
  if (!share) return `weight ${r.weight}`;
  const total = routed.reduce((sum, x) => sum + x.weight, 0);
  return `weight ${r.weight} (${Math.round((100 * r.weight) / total)} %)`;
}

function healthLine(b: Blueprint): string {
  const h = b.dns.healthCheck;
  return `health ${h.path} every ${h.intervalSeconds} s x ${h.failureThreshold}`;
}

/**
 * How users reach the regions, as synth builds it: Route 53 weighted records
 * (every region, gcp ones through the GCP load balancer's host rules), AWS
 * Global Accelerator (`dns.mode: accelerator`), or, with gcp regions only,
 * the GCP global load balancer, which sends each user to the nearest
 * healthy region (weights only split the replicas there).
 */
export function addRouting(g: GraphBuilder, b: Blueprint): void {
  g.node({ id: ids.users, lines: ["Users", `https://${b.dns.domain}`], kind: "users" });
  const aws = b.regions.filter((r) => r.cloud === "aws");
  const gcp = b.regions.filter((r) => r.cloud === "gcp");
  const lbName = fitName(b.name, 40);

  if (aws.length === 0) {
    g.node({
      id: ids.routing,
      lines: ["GCP global load balancer", lbName, "anycast, nearest healthy region"],
      kind: "routing",
    });
    g.edge({ from: ids.users, to: ids.routing, kind: "traffic" });
    for (const r of gcp) {
      g.edge({
        from: ids.routing,
        to: ids.cluster(r.cloud, r.region),
        kind: "traffic",
        label: "nearest healthy",
      });
    }
    return;
  }

  const accelerator = b.dns.mode === "accelerator";
  g.node({
    id: ids.routing,
    lines: accelerator
      ? ["AWS Global Accelerator", acceleratorName(b), healthLine(b)]
      : ["Route 53 weighted records", `${b.dns.domain}, TTL ${b.dns.ttlSeconds} s`, healthLine(b)],
    kind: "routing",
  });
  g.edge({ from: ids.users, to: ids.routing, kind: "traffic" });
  for (const r of aws) {
    g.edge({
      from: ids.routing,
      to: ids.cluster(r.cloud, r.region),
      kind: "traffic",
      label: weightLabel(r, b.regions, !accelerator),
    });
  }
  if (gcp.length === 0) return;
  // Mixed: each gcp regional hostname resolves to the GCP load balancer, pinned to its region by a host rule.
  g.node({
    id: ids.gcpLoadBalancer,
    lines: ["GCP global load balancer", lbName, "one host rule per region"],
    kind: "routing",
    group: ids.cloud("gcp"),
  });
  for (const r of gcp) {
    g.edge({
      from: ids.routing,
      to: ids.gcpLoadBalancer,
      kind: "traffic",
      label: `${r.region}: ${weightLabel(r, b.regions)}`,
    });
    g.edge({
      from: ids.gcpLoadBalancer,
      to: ids.cluster(r.cloud, r.region),
      kind: "traffic",
      label: regionalHostname(b, r),
    });
  }
}
