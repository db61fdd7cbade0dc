import { containers, inCluster, objectId, WORKLOAD_KINDS } from "../facts/k8s";
import type { Rule } from "../types";

export const rule: Rule = {
  id: "AA601",
  title: "Workload without a readiness probe",
  severity: "error",
  failureMode: "F5",
  inputs: ["k8s"],
  covers: WORKLOAD_KINDS,
  rationale:
    "Without a readiness probe a pod takes traffic as soon as it starts and keeps it while broken, so the region's load balancer and health checks report healthy while requests fail.",
  fix: "Give every container a readinessProbe (httpGet on a health path, or tcpSocket/grpc/exec).",
  unknowns:
    "Kubernetes manifests hold literal values, so nothing is unknown here; Helm templates are not read (render them first) and a field a kustomize patch may set elsewhere is the loader's concern, not the rule's.",
  *check(inv) {
    for (const o of inv.ofKind(...WORKLOAD_KINDS)) {
      const missing = containers(o).filter(
        (c) => c["readinessProbe"] === undefined || c["readinessProbe"] === null,
      );
      if (missing.length) {
        yield {
          subject: o,
          message: `${objectId(o)}${inCluster(o)}: container(s) ${missing.map((c) => String(c["name"] ?? "?")).join(", ")} have no readinessProbe`,
        };
      }
    }
  },
};
