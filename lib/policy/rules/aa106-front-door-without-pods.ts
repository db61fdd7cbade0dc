import type { InventoryView as Inventory, K8sObject, Resource, Rule } from "../types";
import { str } from "../values";

/** The TargetGroupBinding kinds that register pods into a target group: the self-managed AWS Load Balancer Controller's and EKS Auto Mode's. */
const BINDING_API_GROUPS = ["elbv2.k8s.aws/", "eks.amazonaws.com/"];

function isBinding(o: K8sObject): boolean {
  return o.kind === "TargetGroupBinding" && BINDING_API_GROUPS.some((g) => o.apiVersion.startsWith(g));
}

/** An application load balancer: `load_balancer_type` is "application" or left to its default. */
function isAlb(inv: Inventory, lb: Resource): boolean {
  const t = inv.resolve(lb, lb.values["load_balancer_type"]);
  return t === undefined || t === null || t === "application";
}

/**
 * Does the cluster run in this AWS region? Its objects' region (the
 * `topology.kubernetes.io/region` label, else the cluster's name), or our
 * own cluster name `<blueprint>-aws-<region>` (the dist/k8s/<cluster> folder).
 */
function clusterInRegion(objects: readonly K8sObject[], cluster: string, region: string): boolean {
  if (cluster === "") return false;
  return cluster === region || cluster.endsWith(`-${region}`) || objects.some((o) => o.region === region);
}

/** `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>`, when the value is one. */
function parseArn(v: unknown): { region: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):\d*:targetgroup\/([^/]+)\//.exec(
    String(v ?? ""),
  );
  return m ? { region: m[1]!, name: m[2]! } : undefined;
}

/**
 * Could this binding register pods into the target group? It can not when it
 * names another target group: an ARN of another region or name, or another
 * `targetGroupName`. A binding that names it in a way we cannot read (a
 * templated ARN, a name prefix on the target group) could.
 */
function couldBind(binding: K8sObject, tgName: string | undefined, region: string): boolean {
  const spec = (binding.doc["spec"] ?? {}) as Record<string, unknown>;
  const arn = parseArn(spec["targetGroupARN"]);
  if (arn) return arn.region === region && (tgName === undefined || arn.name === tgName);
  const name = str(spec["targetGroupName"]);
  if (name !== undefined && tgName !== undefined) return name === tgName;
  return true;
}

export const rule: Rule = {
  id: "AA106",
  title: "Front door target group without a TargetGroupBinding",
  severity: "warning",
  failureMode: "F3",
  inputs: ["terraform", "k8s"],
  covers: ["aws_lb_target_group", "TargetGroupBinding"],
  rationale:
    "A region's application load balancer sends requests to its target group; pods reach that target group only through a Kubernetes TargetGroupBinding. Without one the target group stays empty: its health check fails, the region's routed record goes unhealthy and the region takes no traffic, so the other regions carry all of it.",
  fix: "Apply a TargetGroupBinding (elbv2.k8s.aws/v1beta1 with the AWS Load Balancer Controller, or eks.amazonaws.com/v1 with EKS Auto Mode) for the front workload's Service in the region's cluster, naming the target group's ARN (activeactive: set spec.regions[].targetGroupArn from the stack output target_group_arn_<workload> and synth again).",
  unknowns:
    "Judged only when the inputs hold Kubernetes manifests of a cluster in the target group's region (the topology.kubernetes.io/region label, or a dist/k8s/<cluster> folder named after the region): otherwise the binding may live elsewhere and there is no finding. A target group whose region is unknown is not judged. A binding whose ARN or name cannot be read (templated) is taken to bind it.",
  *check(inv) {
    const bindings = inv.ofKind("TargetGroupBinding").filter(isBinding);
    const clusters = new Map<string, K8sObject[]>();
    for (const o of inv.objects) clusters.set(o.cluster, [...(clusters.get(o.cluster) ?? []), o]);
    // A front door: a stack with an application load balancer.
    const frontStacks = new Set(
      inv
        .ofType("aws_lb")
        .filter((lb) => isAlb(inv, lb))
        .map((lb) => lb.stack),
    );
    for (const tg of inv.ofType("aws_lb_target_group")) {
      const region = tg.region;
      if (!frontStacks.has(tg.stack) || region === undefined) continue;
      const here = [...clusters].filter(([name, objects]) => clusterInRegion(objects, name, region));
      if (here.length === 0) continue;
      const tgName = str(inv.resolve(tg, tg.values["name"]));
      const inRegion = bindings.filter((b) => here.some(([name]) => name === b.cluster));
      if (inRegion.some((b) => couldBind(b, tgName, region))) continue;
      yield {
        subject: tg,
        message: `target group ${tg.address} of the load balancer in ${region}: no TargetGroupBinding in cluster ${here.map(([name]) => name).join(", ")} could bind it, so no pods are registered: the region takes no traffic`,
      };
    }
  },
};
