import type { Blueprint, Region } from "../../blueprint/model";
import {
  acceleratorName,
  clusterName,
  fitName,
  gcpNegName,
  regionalHostname,
  stackNames,
  workloadNamespace,
} from "../../core/names";
import { gcpZones } from "../../core/zones";
import { blueprintAlerts } from "./alerts";
import { FAILURE_MODES, type FailureMode } from "./catalogue";
import type { RunbookWriter } from "./writer";

/** The names of one region an operator works with, each recorded by the writer. */
export interface RegionNames {
  readonly region: Region;
  readonly stack: string;
  /** The kubectl context, named after the cluster (see `contextsSection`). */
  readonly cluster: string;
  readonly namespace: string;
  readonly deployments: readonly string[];
  readonly application: string;
  readonly branch: string;
}

export function regionNames(w: RunbookWriter, r: Region): RegionNames {
  const b = w.blueprint;
  const cluster = w.name("cluster", clusterName(b, r));
  return {
    region: r,
    stack: w.name("stack", stackNames.region(b, r)),
    cluster,
    namespace: w.name("namespace", workloadNamespace(b), cluster),
    deployments: b.workloads.map((x) => w.name("deployment", x.name, cluster)),
    // Argo CD objects exist only with a GitOps repository (lib/k8s/synth.ts).
    application: b.gitops?.repoURL !== undefined ? w.name("argocd-application", cluster, cluster) : "",
    branch: b.gitops?.repoURL !== undefined ? w.name("deploy-branch", `deploy/${cluster}`) : "",
  };
}

/** `kubectl --context <cluster> -n <namespace>`. */
export function kubectl(n: RegionNames): string {
  return `kubectl --context ${n.cluster} -n ${n.namespace}`;
}

/** `argocd --core` against the Argo CD in a region's own cluster. */
export function argocd(n: RegionNames, args: string): string {
  return `argocd ${args} --core --kube-context ${n.cluster}`;
}

/** The rollout order of `dist/gitops/rollout.json`: smallest non-writer first, writers last. */
export function rolloutOrder(b: Blueprint): Region[] {
  const holds = (r: Region) => r.writer && b.database.engines[r.cloud] !== "dynamodb";
  const indexed = b.regions.map((r, i) => ({ r, i }));
  const bySize = (a: { r: Region; i: number }, c: { r: Region; i: number }) =>
    a.r.weight - c.r.weight || a.i - c.i;
  return [
    ...indexed.filter((x) => !holds(x.r)).sort(bySize),
    ...indexed.filter((x) => holds(x.r)).sort(bySize),
  ].map((x) => x.r);
}

/** How to get a kubectl context per cluster, named after the cluster; every command uses them. */
export function contextsSection(w: RunbookWriter): void {
  const b = w.blueprint;
  w.h2("Before you start: one kubectl context per cluster");
  w.p(
    "The clusters' API endpoints are private: run these from a network in `spec.cluster.authorizedNetworks`.",
    "Each context is named after its cluster, and `argocd --core` reads Argo CD from the context's namespace.",
  );
  const lines: string[] = [];
  for (const r of b.regions) {
    const n = regionNames(w, r);
    if (r.cloud === "aws") {
      lines.push(`aws eks update-kubeconfig --region ${r.region} --name ${n.cluster} --alias ${n.cluster}`);
    } else {
      const gke = w.name("gke-cluster", fitName(n.cluster, 40), n.stack);
      lines.push(
        `gcloud container clusters get-credentials ${gke} --region ${r.region} --project ${r.project}`,
        `kubectl config rename-context gke_${r.project}_${r.region}_${gke} ${n.cluster}`,
      );
    }
    if (b.gitops?.repoURL !== undefined) {
      lines.push(`kubectl config set-context ${n.cluster} --namespace argocd`);
    }
  }
  w.sh(lines);
}

/** The alerts that link to this runbook, with how to see whether each is firing. */
export function alertsSection(w: RunbookWriter): void {
  const b = w.blueprint;
  const alerts = blueprintAlerts(b).filter((a) => a.runbook === w.id);
  w.h2("Alerts that link here");
  if (alerts.length === 0) {
    w.p("No generated alert links here: this runbook starts from a report, a review or another runbook.");
    return;
  }
  const rows: string[][] = [];
  const seen = new Set<string>();
  for (const a of alerts) {
    if (a.system === "cloudwatch") {
      rows.push([`\`${w.name("cloudwatch-alarm", a.name, a.where)}\``, `CloudWatch, ${a.region}`, a.where]);
    } else if (a.system === "cloud-monitoring") {
      rows.push([
        `\`${w.name("alert-policy", a.name, a.where)}\``,
        `Cloud Monitoring, ${a.project}`,
        a.where,
      ]);
    } else if (!seen.has(a.name)) {
      seen.add(a.name);
      const clusters = alerts.filter((x) => x.name === a.name).map((x) => x.where);
      for (const c of clusters) w.name("prometheus-alert", a.name, c);
      rows.push([`\`${a.name}\``, "PrometheusRule", clusters.join(", ")]);
    }
  }
  w.table(["alert", "where it fires", "stack or clusters"], rows);
  const cw = alerts.filter((a) => a.system === "cloudwatch");
  const gcp = alerts.filter((a) => a.system === "cloud-monitoring");
  const prom = alerts.filter((a) => a.system === "prometheus");
  const check: string[] = [];
  for (const region of [...new Set(cw.map((a) => a.region!))]) {
    const names = cw.filter((a) => a.region === region).map((a) => a.name);
    check.push(
      `aws cloudwatch describe-alarms --region ${region} --alarm-names ${names.join(" ")} \\`,
      "  --query 'MetricAlarms[].[AlarmName,StateValue,StateReason]' --output table",
    );
  }
  for (const a of gcp) {
    check.push(
      `gcloud alpha monitoring policies list --project ${a.project} --filter='displayName="${a.name}"' --format='value(name,enabled)'`,
    );
  }
  if (prom.length > 0) {
    const first = b.regions.find((r) => clusterName(b, r) === prom[0]!.where)!;
    const n = regionNames(w, first);
    const rule = w.name("prometheus-rule", `${b.name}-slo`, n.cluster);
    check.push(
      `# Prometheus alerts come from the PrometheusRule ${rule} of each cluster (here ${n.cluster});`,
      "# PROMETHEUS_NAMESPACE is where your prometheus-operator runs Prometheus.",
      `${kubectl(n)} get prometheusrule ${rule}`,
      `kubectl --context ${n.cluster} -n "$PROMETHEUS_NAMESPACE" port-forward svc/prometheus-operated 9090 &`,
      `curl -s localhost:9090/api/v1/alerts | jq -r '.data.alerts[] | select(.labels.blueprint=="${b.name}") | [.labels.alertname,.state,.labels.region] | @tsv'`,
    );
  }
  w.p("See which are firing:");
  w.sh(check);
}

/**
 * The region of the global stack's AWS provider: Route 53 health-check
 * metrics exist only there (lib/aws/health-check-alarms.ts), so its alarms,
 * their SNS topic and KMS key live there too, and Route 53's control plane
 * runs there.
 */
export const GLOBAL_STACK_REGION = "us-east-1";

/** Whether losing this region takes the global stack's region (and Route 53's control plane) with it. */
export function losesGlobalStackRegion(r: Region): boolean {
  return r.cloud === "aws" && r.region === GLOBAL_STACK_REGION;
}

/** Route 53 weighted record, accelerator dial or Cloud Load Balancing backends: how a region takes traffic. */
export type RoutingLayer = "route53" | "accelerator" | "gcp-load-balancer";

export function routingLayer(b: Blueprint): RoutingLayer {
  if (!b.regions.some((r) => r.cloud === "aws")) return "gcp-load-balancer";
  return b.dns.mode === "accelerator" ? "accelerator" : "route53";
}

/**
 * Steps that take a region out of routing (`weight` 0) or put it back at its
 * blueprint weight, at the routing layer of the blueprint. The immediate
 * change is made with the cloud CLI; the blueprint change makes it durable
 * (the next `terraform apply` would otherwise restore the weight).
 */
export function routingSteps(
  w: RunbookWriter,
  r: Region,
  direction: "out" | "in",
  /** The region is down (region failover), not just to be drained. */
  lost = false,
): void {
  const b = w.blueprint;
  const layer = routingLayer(b);
  // Losing the global stack's own region: its API calls and its apply fail until the region returns.
  const globalRegionLost = lost && direction === "out" && layer === "route53" && losesGlobalStackRegion(r);
  const host = w.name("hostname", regionalHostname(b, r));
  const zone = b.dns.zoneId ?? "";
  const weight = direction === "out" ? 0 : r.weight;
  if (layer === "route53" || (layer === "accelerator" && r.cloud === "gcp")) {
    const global = w.name("stack", stackNames.global(b));
    const id = w.name("route53-set-identifier", r.key, global);
    const saved = `record-${r.key}.json`;
    w.step({
      title:
        direction === "out"
          ? `Set the weight of \`${id}\` to 0`
          : `Restore the weight of \`${id}\` to ${weight}`,
      text:
        direction === "out"
          ? `Route 53 stops answering \`${b.dns.domain}\` with \`${host}\`; resolvers that cached it keep it for up to ${b.dns.ttlSeconds} s (the record TTL). The current record is saved first so the change can be undone exactly.${globalRegionLost ? ` Route 53's control plane (these API calls) runs in ${GLOBAL_STACK_REGION}: if they fail, do not retry in a loop. The data plane keeps answering from everywhere, and its health checks have already taken ${r.region} out (the dig below shows it); make the weight change once the API answers.` : ""}`
          : `Route 53 answers \`${b.dns.domain}\` with \`${host}\` again, for weight ${weight} of the total.`,
      run: [
        `aws route53 list-resource-record-sets --hosted-zone-id ${zone} \\`,
        `  --query "ResourceRecordSets[?SetIdentifier=='${id}'] | [0]" --output json > ${saved}`,
        `jq '{Changes: [{Action: "UPSERT", ResourceRecordSet: (. + {Weight: ${weight}})}]}' ${saved} > weight-${r.key}.json`,
        `aws route53 change-resource-record-sets --hosted-zone-id ${zone} --change-batch file://weight-${r.key}.json`,
      ],
      verify: [
        `aws route53 list-resource-record-sets --hosted-zone-id ${zone} \\`,
        `  --query "ResourceRecordSets[?SetIdentifier=='${id}'].[SetIdentifier,Weight]" --output text   # ${weight}`,
        `for i in $(seq 20); do dig +short ${b.dns.domain} CNAME; done | sort | uniq -c   # ${direction === "out" ? `no ${host}` : `${host} among the answers`}`,
      ],
      undo: [
        `jq '{Changes: [{Action: "UPSERT", ResourceRecordSet: .}]}' ${saved} > restore-${r.key}.json`,
        `aws route53 change-resource-record-sets --hosted-zone-id ${zone} --change-batch file://restore-${r.key}.json`,
      ],
    });
  } else if (layer === "accelerator") {
    const acc = w.name("accelerator", acceleratorName(b), w.name("stack", stackNames.accelerator(b)));
    const dial = direction === "out" ? 0 : 100;
    const arn = `$(aws globalaccelerator list-accelerators --region us-west-2 --query "Accelerators[?Name=='${acc}'].AcceleratorArn" --output text)`;
    w.step({
      title: `Turn the traffic dial of ${r.region} to ${dial}%`,
      text: `Global Accelerator (control plane in us-west-2) stops sending new connections to ${r.region} within seconds; no DNS cache is involved.`,
      run: [
        `LISTENER=$(aws globalaccelerator list-listeners --region us-west-2 --accelerator-arn "${arn}" --query 'Listeners[0].ListenerArn' --output text)`,
        `GROUP=$(aws globalaccelerator list-endpoint-groups --region us-west-2 --listener-arn "$LISTENER" --query "EndpointGroups[?EndpointGroupRegion=='${r.region}'].EndpointGroupArn" --output text)`,
        `aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn "$GROUP" --traffic-dial-percentage ${dial}`,
      ],
      verify: [
        `aws globalaccelerator describe-endpoint-group --region us-west-2 --endpoint-group-arn "$GROUP" --query 'EndpointGroup.TrafficDialPercentage'   # ${dial}`,
      ],
      undo: [
        `aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn "$GROUP" --traffic-dial-percentage ${100 - dial}`,
      ],
    });
  } else {
    const service = w.name("gcp-backend-service", `${fitName(b.name, 40)}-all`, stackNames.gcpGlobal(b));
    const front = b.workloads[0];
    const neg = front !== undefined ? w.name("gcp-neg", gcpNegName(b, front.name)) : "<neg>";
    const scaler = direction === "out" ? 0 : 1;
    const per = (s: number) =>
      gcpZones(r.region).map(
        (z) =>
          `gcloud compute backend-services update-backend ${service} --global --project ${r.project} \\\n  --network-endpoint-group ${neg} --network-endpoint-group-zone ${z} --capacity-scaler ${s}`,
      );
    w.step({
      title: `Set the capacity of ${r.region}'s backends of \`${service}\` to ${scaler}`,
      text: `The global load balancer stops sending \`${b.dns.domain}\` requests to ${r.region} within seconds (no DNS change; \`${host}\` keeps its own backend service). With \`spec.dns.gcpBackends: pending\` there are no backends yet and nothing to drain.`,
      run: per(scaler),
      verify: [
        `gcloud compute backend-services describe ${service} --global --project ${r.project} \\`,
        `  --format='table(backends[].group.basename(),backends[].capacityScaler)'   # ${r.region} zones at ${scaler}`,
      ],
      undo: per(1 - scaler),
    });
  }
  const routingStack = w.name(
    "stack",
    layer === "gcp-load-balancer"
      ? stackNames.gcpGlobal(b)
      : layer === "accelerator"
        ? stackNames.accelerator(b)
        : stackNames.global(b),
  );
  if (layer === "gcp-load-balancer") {
    // The load balancer's backends have a fixed capacity in Terraform: weights do not drive it.
    w.p(
      direction === "out"
        ? `Terraform sets every backend's capacity back to 1: do not apply \`${routingStack}\` while ${r.region} must stay out.`
        : `Terraform and the load balancer agree again: \`terraform -chdir=cdktf.out/stacks/${routingStack} plan\` shows no change to the backends.`,
    );
    return;
  }
  if (globalRegionLost) {
    w.step({
      title: "Make it durable in the blueprint, and apply only after the region returns",
      text: `Set \`weight: 0\` on ${r.region} in \`spec.regions\` now, but do not apply \`${routingStack}\`: its provider is ${GLOBAL_STACK_REGION} (the health-check alarms, their SNS topic and KMS key, and whatever else the stack holds there), so plan and apply fail while ${r.region} is out. The manual weight above holds meanwhile: leave it. Apply once ${r.region} answers again; Terraform then finds the weight it already has.`,
      run: [
        "npx activeactive synth <your blueprint file>",
        `# later, when ${r.region} is back:`,
        `terraform -chdir=cdktf.out/stacks/${routingStack} apply`,
      ],
      verify: [
        `terraform -chdir=cdktf.out/stacks/${routingStack} plan -detailed-exitcode   # after the return: exit 0`,
      ],
      undo: "revert the blueprint change; nothing was applied.",
    });
    return;
  }
  w.step({
    title: direction === "out" ? "Make it durable in the blueprint" : "Put the weight back in the blueprint",
    text:
      direction === "out"
        ? `Set \`weight: 0\` on ${r.region} in \`spec.regions\` and apply the routing stack, or the next apply restores the old weight. A weight of 0 also lowers the region's share of replicas to its floor.`
        : `Set \`weight: ${r.weight}\` on ${r.region} again (or remove the 0) and apply, so Terraform and the blueprint agree.`,
    run: [
      "npx activeactive synth <your blueprint file>",
      `terraform -chdir=cdktf.out/stacks/${routingStack} apply`,
    ],
    verify: [
      `terraform -chdir=cdktf.out/stacks/${routingStack} plan -detailed-exitcode   # exit 0: nothing left to change`,
    ],
    undo: "revert the blueprint change and apply again.",
  });
}

/** The failure mode as the field guide states it, then the alerts and contexts every runbook needs. */
export function failureModeHeader(w: RunbookWriter, f: FailureMode, intro: string): void {
  const m = FAILURE_MODES[f];
  w.table(
    ["symptom", "likely cause", "mitigation", "signal"],
    [[m.symptom, m.cause, m.mitigation, m.signal]],
  );
  w.p(intro);
  alertsSection(w);
  contextsSection(w);
}

/** The regions' names, recorded, in blueprint order. */
export function allRegions(w: RunbookWriter): RegionNames[] {
  return w.blueprint.regions.map((r) => regionNames(w, r));
}

/** The app-of-apps that manages a cluster's Application: its self-heal would undo a sync-policy change below it. */
function gitopsApplication(w: RunbookWriter, n: RegionNames): string {
  return w.name("argocd-application", `${n.cluster}-gitops`, n.cluster);
}

/**
 * Fences a region: its workloads scaled to 0 so nothing in it writes any
 * more. Routing out is not enough when the region is cut off rather than
 * dead: clients with a cached answer, the regional hostname and shard
 * redirects still reach it, and its pods keep writing to its local database.
 */
export function fenceRegionStep(w: RunbookWriter, r: Region): void {
  const b = w.blueprint;
  const n = regionNames(w, r);
  const gitops = b.gitops?.repoURL !== undefined;
  const app = gitops ? gitopsApplication(w, n) : "";
  const suspend = gitops
    ? [
        `# Argo CD first, or a sync scales them back: the app of apps (${app}) before the Application it manages`,
        argocd(n, `app set ${app} --sync-policy none`),
        argocd(n, `app set ${n.application} --sync-policy none`),
      ]
    : [];
  const engine = b.database.engines[r.cloud];
  const unreachable =
    engine === "aurora-postgresql"
      ? r.writer
        ? "the failover (writer switchover runbook) demotes its Aurora writer as soon as Aurora reaches it again, and writes it took meanwhile are not replicated: they are what partition reconciliation recovers."
        : "its Aurora secondary forwards writes to the writer, so while it is cut off its forwarded writes fail, and after a failover they go to the new writer."
      : engine === "cloudsql-postgres"
        ? r.writer
          ? "fence the Cloud SQL writer itself (writer switchover runbook, `--activation-policy=NEVER`) before any promotion."
          : "its writes go to the Cloud SQL writer over the shared VPC, so while it is cut off they fail."
        : "its pods keep writing to the local replica, and those writes arrive when it returns: reconcile them (partition reconciliation runbook).";
  w.step({
    title: `Fence ${r.region}: scale its workloads to 0`,
    text: `Out of routing is not fenced: if ${r.region} is cut off rather than dead, clients with a cached DNS answer, the regional hostname and shard redirects still reach it, and its pods keep writing. Do this before any writer failover. A HorizontalPodAutoscaler leaves a Deployment at 0 alone. If the cluster's API does not answer, you cannot scale: ${unreachable}`,
    run: [...suspend, `${kubectl(n)} scale deploy --all --replicas=0`],
    verify: [`${kubectl(n)} get deploy   # every READY 0/0`, `${kubectl(n)} get pods   # no pods left`],
    undo: liftFenceCommands(w, r),
  });
}

/** Undoes `fenceRegionStep`: each workload back at its autoscaler's floor, then Argo CD syncing again. */
export function liftFenceCommands(w: RunbookWriter, r: Region): string[] {
  const n = regionNames(w, r);
  const gitops = w.blueprint.gitops?.repoURL !== undefined;
  const app = gitops ? gitopsApplication(w, n) : "";
  return [
    ...n.deployments.map(
      (d) =>
        `${kubectl(n)} scale deploy/${d} --replicas=$(${kubectl(n)} get hpa ${d} -o jsonpath='{.spec.minReplicas}')`,
    ),
    ...(gitops
      ? [
          "# the app of apps restores the Application's sync policy from Git",
          argocd(n, `app set ${app} --sync-policy automated --self-heal`),
          argocd(n, `app sync ${app}`),
        ]
      : []),
  ];
}
