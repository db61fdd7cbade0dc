import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { Blueprint } from "../../lib/blueprint/model";
import { renderManifests } from "../../lib/k8s/synth";
import { fullWorkload, multiCloud } from "./fixtures";

/**
 * The Pod Security Standard "restricted" profile, as the namespace enforces it
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/):
 * returns the controls a pod spec breaks.
 */
function restrictedViolations(pod: IPodSpec): string[] {
  const out: string[] = [];
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) out.push("host namespaces");
  const allowedVolumes = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
  ];
  for (const v of pod.volumes ?? []) {
    const types = Object.keys(v).filter((k) => k !== "name");
    if (!types.every((t) => allowedVolumes.includes(t))) out.push(`volume type ${types.join(",")}`);
  }
  const podSc = pod.securityContext ?? {};
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name}: privileged`);
    if (c.ports?.some((p) => p.hostPort !== undefined)) out.push(`${c.name}: hostPort`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation not false`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) out.push(`${c.name}: runAsNonRoot not true`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) out.push(`${c.name}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") out.push(`${c.name}: seccomp ${seccomp}`);
    if (!sc.capabilities?.drop?.includes("ALL")) out.push(`${c.name}: capabilities not dropped`);
    if ((sc.capabilities?.add ?? []).some((cap) => cap !== "NET_BIND_SERVICE"))
      out.push(`${c.name}: capabilities added`);
  }
  return out;
}

function podSpecs(b: Blueprint): { name: string; spec: IPodSpec }[] {
  return [...renderManifests(b).values()]
    .flat()
    .filter((d) => d.kind === "Deployment")
    .map((d) => ({
      name: (d.metadata as { name: string }).name,
      spec: (d.spec as { template: { spec: IPodSpec } }).template.spec,
    }));
}

describe("pods meet the restricted Pod Security Standard their namespace enforces", () => {
  test("every Deployment of a fully specified two-cloud blueprint", () => {
    const pods = podSpecs(multiCloud([fullWorkload, { name: "worker", image: "worker:1", port: 9000 }]));
    expect(pods.length).toBe(4);
    for (const p of pods)
      expect({ name: p.name, violations: restrictedViolations(p.spec) }).toEqual({
        name: p.name,
        violations: [],
      });
  });

  test("the check itself catches a pod without seccomp profile and with a hostPath", () => {
    const [pod] = podSpecs(multiCloud());
    const broken: IPodSpec = {
      ...pod!.spec,
      securityContext: {},
      volumes: [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }],
    };
    // runAsNonRoot is also set on the container, so only the pod-level seccomp profile is missed
    expect(restrictedViolations(broken)).toEqual(["volume type hostPath", "api: seccomp undefined"]);
  });

  test("the namespace enforces the restricted profile", () => {
    const ns = [...renderManifests(multiCloud()).values()].flat().filter((d) => d.kind === "Namespace");
    for (const n of ns) {
      expect((n.metadata as { labels: Record<string, string> }).labels).toMatchObject({
        "pod-security.kubernetes.io/enforce": "restricted",
      });
    }
  });
});
