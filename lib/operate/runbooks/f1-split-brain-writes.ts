import type { Blueprint } from "../../blueprint/model";
import { APP_METRICS } from "../../core/app-contract";
import {
  auroraGlobalClusterId,
  awsLoadBalancerName,
  cloudSqlInstanceName,
  fitName,
  stackNames,
} from "../../core/names";
import { vpnLinkName } from "./alerts";
import { allRegions, failureModeHeader, fenceRegionStep, kubectl, routingSteps } from "./common";
import { RunbookWriter } from "./writer";

/** How split brain can happen under each pattern, in one paragraph. */
const HOW: Record<Blueprint["pattern"], string> = {
  "read-local-write-local":
    "Every region writes its local replica and the last writer wins: two regions writing the same item during a partition (or just concurrently) silently lose one write. The app counts these overwrites as conflicts (M4).",
  "multi-master-crdt":
    "Every region writes, and the app merges concurrent versions through the item's version and vector clock. Split brain shows as merges (conflicts, M4) and as items whose versions stay apart until replication resumes.",
  "primary-per-shard":
    "Each shard has one owner region (`spec.sharding.owners`); each single-writer engine one writer. Split brain is a shard written outside its owner (misrouted writes), or two writers after a promotion that did not fence the old one.",
  "event-sourced":
    "Events are appended, never overwritten, so regions cannot overwrite each other; a partition delays convergence and produces duplicate deliveries, which the idempotency store absorbs.",
  "global-consensus":
    "Every commit needs a cross-region quorum, so two sides of a partition cannot both commit: the minority side's writes fail instead of diverging. Split brain here means an app-level cache or queue that wrote around the database.",
};

export function splitBrainWrites(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "F1");
  failureModeHeader(w, "F1", HOW[b.pattern]);
  const regions = allRegions(w);
  const ns = regions[0]!.namespace;

  w.h2("Confirm the divergence");
  const metric = b.pattern === "primary-per-shard" ? APP_METRICS.misroutedWrites : APP_METRICS.conflicts;
  w.step({
    title: "Read the divergence signal in every region",
    text: `Each region's Prometheus sees its own writes: compare the rate of \`${metric}\` across regions. A rate in one region only points at that region's clients or routes; in all of them, at a partition.`,
    run: regions.map(
      (n) =>
        `kubectl --context ${n.cluster} -n "$PROMETHEUS_NAMESPACE" exec svc/prometheus-operated -c prometheus -- \\\n  promtool query instant http://localhost:9090 'sum(rate(${metric}{namespace="${ns}"}[5m]))'`,
    ),
    undo: "nothing to undo: read only.",
  });
  if (b.pattern === "primary-per-shard") {
    const gcpProject = b.regions.find((r) => r.cloud === "gcp")?.project;
    const routesOnGcp = b.workloads.length > 0;
    w.step({
      title: "Check which shards each region believes it owns",
      text: "The region ConfigMap carries `ACTIVEACTIVE_OWNED_SHARDS`; every shard must appear in exactly one region. The load balancers send the others to their owner: each AWS region's ALB listener rules (matching the shard header, redirecting to the owner's hostname) and the Google Cloud URL map's route rules.",
      run: [
        ...regions.map(
          (n) =>
            `${kubectl(n)} get configmap -o json | jq -r '.items[].data.ACTIVEACTIVE_OWNED_SHARDS // empty'`,
        ),
        ...regions
          .filter((n) => n.region.cloud === "aws")
          .flatMap((n) => {
            const lb = w.name("load-balancer", awsLoadBalancerName(b, n.region), n.stack);
            const r = n.region.region;
            return [
              `LB=$(aws elbv2 describe-load-balancers --region ${r} --names ${lb} --query 'LoadBalancers[0].LoadBalancerArn' --output text)`,
              `LISTENER=$(aws elbv2 describe-listeners --region ${r} --load-balancer-arn "$LB" --query 'Listeners[?Port==\`443\`].ListenerArn' --output text)`,
              `aws elbv2 describe-rules --region ${r} --listener-arn "$LISTENER" \\`,
              "  --query 'Rules[].[Priority,Conditions[?Field==`http-header`].HttpHeaderConfig.Values[],Actions[0].Type,Actions[0].RedirectConfig.Host]' --output text",
            ];
          }),
        ...(gcpProject !== undefined && routesOnGcp
          ? [
              `gcloud compute url-maps describe ${w.name("gcp-url-map", `${fitName(b.name, 40)}-lb`, stackNames.gcpGlobal(b))} --global --project ${gcpProject} \\`,
              "  --format='yaml(pathMatchers[].routeRules[].matchRules[].headerMatches,pathMatchers[].routeRules[].service,pathMatchers[].routeRules[].urlRedirect.hostRedirect)'",
            ]
          : []),
      ],
      verify: [
        `# expected owners: ${
          Object.entries(b.sharding.owners)
            .map(([s, o]) => `${s}=${o}`)
            .join(", ") || "none set"
        }`,
      ],
      undo: "nothing to undo: read only.",
    });
  }
  const aws = b.database.engines.aws;
  const gcp = b.database.engines.gcp;
  if (aws === "aurora-postgresql" && b.regions.filter((r) => r.cloud === "aws").length > 1) {
    const g = w.name("aurora-global-cluster", auroraGlobalClusterId(b), stackNames.global(b));
    const writer = b.regions.find((r) => r.cloud === "aws" && r.writer)!;
    w.step({
      title: `Check that \`${g}\` has exactly one writer`,
      run: [
        `aws rds describe-global-clusters --region ${writer.region} --global-cluster-identifier ${g} \\`,
        "  --query 'GlobalClusters[0].GlobalClusterMembers[].[DBClusterArn,IsWriter]' --output table",
      ],
      verify: [`# one row with IsWriter True, in ${writer.region} unless a failover moved it`],
      undo: "nothing to undo: read only.",
    });
  }
  if (gcp === "cloudsql-postgres") {
    const members = b.regions.filter((r) => r.cloud === "gcp");
    const writer = members.find((r) => r.writer)!;
    const names = members.map((r) =>
      w.name("cloudsql-instance", cloudSqlInstanceName(b, r), stackNames.region(b, r)),
    );
    w.step({
      title: "Check that exactly one Cloud SQL instance is a primary",
      text: `Two primaries means a replica was promoted without fencing the old writer. Keep the one \`spec.database.writerRegion\` names (now \`${cloudSqlInstanceName(b, writer)}\`) and fence the other as in the writer switchover runbook.`,
      run: [
        `gcloud sql instances list --project ${writer.project} --filter="name:(${names.join(" ")})" \\`,
        "  --format='table(name,region,instanceType,state,settings.activationPolicy)'",
      ],
      verify: ["# one CLOUD_SQL_INSTANCE, the others READ_REPLICA_INSTANCE"],
      undo: "nothing to undo: read only.",
    });
  }
  for (const pair of b.interconnect?.pairs ?? []) {
    const link = w.name(
      "vpn-tunnel-prefix",
      vpnLinkName(b, pair),
      w.name("stack", stackNames.interconnect(b)),
    );
    const g = b.regions.find((r) => r.cloud === "gcp" && r.region === pair.gcp)!;
    w.step({
      title: `Check the link between ${pair.aws} and ${pair.gcp}`,
      text: "A partition between the clouds shows first as tunnels down: two of four keep the link up.",
      run: [
        `gcloud compute vpn-tunnels list --project ${g.project} --filter="name~^${link}-" --format='table(name,status,detailedStatus)'`,
        `gcloud compute routers get-status ${link} --region ${pair.gcp} --project ${g.project} --format='table(result.bgpPeerStatus[].name,result.bgpPeerStatus[].status)'`,
      ],
      verify: ["# every tunnel ESTABLISHED, every BGP peer UP"],
      undo: "nothing to undo: read only.",
    });
  }

  w.h2("Stop further divergence");
  w.p(
    "Fence before you fix: take the region that writes what it must not out of routing, then stop its workloads, so no new divergent write lands while you reconcile (routing alone leaves cached DNS answers, the regional hostname and shard redirects reaching it).",
    "Pick the region with the misrouted writes or the minority side of the partition; with a single-writer engine, never the one that holds the writer.",
  );
  const candidate = b.regions.find((r) => !r.writer) ?? b.regions[0]!;
  w.h3(`Example: fence ${candidate.region}`);
  routingSteps(w, candidate, "out");
  fenceRegionStep(w, candidate);

  w.h2("Converge, then return");
  w.p(
    `Reconcile what diverged with ${w.link("partition-reconciliation")}, then bring the region back with ${w.link("region-failback")}.`,
  );
  return w;
}
