import type { Blueprint } from "../../blueprint/model";
import { awsLoadBalancerName, fitName, stackNames } from "../../core/names";
import { allRegions, failureModeHeader, kubectl, routingLayer } from "./common";
import { RunbookWriter } from "./writer";

export function trafficSkew(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "F3");
  const total = b.regions.reduce((s, r) => s + r.weight, 0);
  failureModeHeader(
    w,
    "F3",
    `Traffic should split by the regions' weights: ${b.regions.map((r) => `${r.region} ${r.weight}${total > 0 ? ` (${Math.round((100 * r.weight) / total)}%)` : ""}`).join(", ")}. A region far above its share saturates first; a region far below it is idle capacity you pay for.`,
  );
  const regions = allRegions(w);

  w.h2("Compare traffic with the weights");
  const layer = routingLayer(b);
  const lines: string[] = [];
  for (const n of regions.filter((x) => x.region.cloud === "aws")) {
    const lb = w.name("load-balancer", awsLoadBalancerName(b, n.region), n.stack);
    lines.push(
      `LB=$(aws elbv2 describe-load-balancers --region ${n.region.region} --names ${lb} --query 'LoadBalancers[0].LoadBalancerArn' --output text | cut -d/ -f2-)`,
      `aws cloudwatch get-metric-statistics --region ${n.region.region} --namespace AWS/ApplicationELB --metric-name RequestCount \\`,
      "  --dimensions Name=LoadBalancer,Value=$LB --start-time $(date -u -d '-1 hour' +%FT%TZ) --end-time $(date -u +%FT%TZ) \\",
      "  --period 3600 --statistics Sum --query 'Datapoints[0].Sum'",
    );
  }
  const gcp = regions.filter((x) => x.region.cloud === "gcp");
  if (gcp.length > 0) {
    const service = w.name("gcp-backend-service", `${fitName(b.name, 40)}-all`, stackNames.gcpGlobal(b));
    lines.push(
      `gcloud compute backend-services get-health ${service} --global --project ${gcp[0]!.region.project} \\`,
      "  --format='table(backend.basename(),status.healthStatus[].healthState)'",
    );
  }
  if (layer === "route53") {
    const global = w.name("stack", stackNames.global(b));
    lines.push(
      `aws route53 list-resource-record-sets --hosted-zone-id ${b.dns.zoneId} \\`,
      `  --query "ResourceRecordSets[?Name=='${b.dns.domain}.'].[SetIdentifier,Weight]" --output table   # weights live in ${global}`,
    );
  }
  w.step({
    title: "Requests per region over the last hour, and the weights routing uses",
    run: lines,
    verify: ["# each region's share of the requests within 10% of its weight's share (field guide, M6)"],
    undo: "nothing to undo: read only.",
  });

  w.h2("Check capacity where it is hot");
  w.step({
    title: "Pods, autoscalers and nodes per region",
    text: `Each workload scales between its per-region floor and \`autoscaling.max\`; nodes between ${b.cluster.nodes.min} and ${b.cluster.nodes.max}. Pending pods or an autoscaler at its maximum mean the region cannot absorb its share.`,
    run: regions.flatMap((n) => [
      `${kubectl(n)} get hpa`,
      `${kubectl(n)} get pods --field-selector=status.phase=Pending`,
      `kubectl --context ${n.cluster} get nodes`,
    ]),
    undo: "nothing to undo: read only.",
  });

  w.h2("Rebalance");
  w.p(
    "Lower the weight of the hot region (or raise the idle one's) in `spec.regions[].weight`, synthesize and apply the routing stack:",
    "replicas per region follow the weights too, so the same change moves capacity with the traffic. For an immediate change, edit the weight the way the region failover runbook sets it to 0, with the weight you want instead.",
  );
  w.step({
    title: "Apply the new weights",
    run: [
      "npx activeactive synth <your blueprint file>",
      `terraform -chdir=cdktf.out/stacks/${w.name("stack", layer === "gcp-load-balancer" ? stackNames.gcpGlobal(b) : layer === "accelerator" ? stackNames.accelerator(b) : stackNames.global(b))} apply`,
      "git add dist && git commit -m 'rebalance weights' && git push   # replicas per region, through the rollout",
    ],
    verify: ["# rerun step 1 after a TTL and an hour of traffic"],
    undo: "restore the previous weights in the blueprint and apply again.",
  });
  return w;
}
