import { createHash } from "node:crypto";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Construct } from "constructs";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IProbe } from "kubernetes-models/v1/Probe";
import type { IResourceRequirements } from "kubernetes-models/v1/ResourceRequirements";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { ITopologySpreadConstraint } from "kubernetes-models/v1/TopologySpreadConstraint";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import type { Blueprint, Region } from "../blueprint/model";
import { REPLICAS_TOTAL_ANNOTATION } from "../core/capacity";
import {
  awsWorkloadRoleName,
  gcpNegName,
  gcpWorkloadServiceAccountEmail,
  workloadNamespace,
} from "../core/names";
import {
  GKE_NEG_ANNOTATION,
  GKE_SERVICE_ACCOUNT_ANNOTATION,
  POD_IDENTITY_ROLE_ANNOTATION,
  REGION_CONFIG_HASH_ANNOTATION,
  REGION_CONFIGMAP_SUFFIX,
} from "../core/parity";
import { contractEnv } from "./app-contract";
import { datastoreEnv } from "./datastore-env";
import { objectLabels, selectorLabels } from "./labels";
import { typedObject } from "./typed-object";
import type { ResolvedProbe, ResolvedWorkload } from "./workload-defaults";

/** Pod annotation: hash of the workload ConfigMap, so a config change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = "activeactive.dev/config-hash";
/** Name of the container port, used by the Service and the NetworkPolicy. */
export const PORT_NAME = "http";

export interface WorkloadProps {
  readonly blueprint: Blueprint;
  /** The region whose cluster this copy is for. */
  readonly region: Region;
  /** The workload, defaults applied (see `resolveWorkloads`). */
  readonly workload: ResolvedWorkload;
}

/**
 * One workload in one regional cluster: ServiceAccount, ConfigMaps,
 * Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget,
 * ServiceMonitor and NetworkPolicy. Every region gets the same objects; only the fields in
 * `PARITY_ALLOWED_DIFFERENCES` depend on `region`.
 */
export class Workload extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    const { blueprint: b, region: r, workload: w } = props;
    const namespace = workloadNamespace(b);
    const labels = objectLabels(b, r, w.name, w.version);
    const selector = selectorLabels(b, w.name);
    const meta = (name: string, annotations?: Record<string, string>) => ({
      name,
      namespace,
      labels,
      ...(annotations ? { annotations } : {}),
    });

    typedObject<IServiceAccount>(this, "ServiceAccount", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: meta(w.name, identityAnnotation(b, r, w.name)),
      automountServiceAccountToken: false,
    });

    const regionData: Record<string, string> = {
      CLOUD: r.cloud,
      REGION: r.region,
      // How to reach this region's datastore (docs/first-deploy.md); regionEnv may override.
      ...datastoreEnv(b, r, w.name),
      // The application contract of the pattern (docs/patterns.md); regionEnv may override.
      ...contractEnv(b, r),
      ...Object.fromEntries(w.regionEnv[r.region] ?? []),
    };
    const regionConfig = `${w.name}${REGION_CONFIGMAP_SUFFIX}`;
    typedObject<IConfigMap>(this, "RegionConfig", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta(regionConfig),
      data: regionData,
    });

    const podAnnotations: Record<string, string> = { [REGION_CONFIG_HASH_ANNOTATION]: hash(regionData) };
    const volumes: IVolume[] = [{ name: "tmp", emptyDir: {} }];
    const mounts: IVolumeMount[] = [{ name: "tmp", mountPath: "/tmp" }];
    if (w.config !== undefined) {
      const configName = `${w.name}-config`;
      typedObject<IConfigMap>(this, "Config", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: meta(configName),
        data: { ...w.config },
      });
      podAnnotations[CONFIG_HASH_ANNOTATION] = hash(w.config);
      volumes.push({ name: "config", configMap: { name: configName } });
      mounts.push({ name: "config", mountPath: `/etc/${w.name}`, readOnly: true });
    }

    const env: IEnvVar[] = [
      ...w.env.map(([name, value]) => ({ name, value })),
      ...w.secretEnv.map(([name, ref]) => ({
        name,
        valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } },
      })),
    ].sort((a, c) => (a.name < c.name ? -1 : 1));

    const spread: ITopologySpreadConstraint[] = w.spreadAcrossZones
      ? [
          {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: selector },
            matchLabelKeys: ["pod-template-hash"],
          },
          {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: selector },
            matchLabelKeys: ["pod-template-hash"],
          },
        ]
      : [];

    typedObject<IDeployment>(this, "Deployment", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      // The total lets AA403 check N-1 capacity from the manifests alone.
      metadata: meta(
        w.name,
        w.replicasTotal !== undefined ? { [REPLICAS_TOTAL_ANNOTATION]: String(w.replicasTotal) } : undefined,
      ),
      spec: {
        // With an autoscaler the HPA owns the count; a fixed one here would fight it on every sync.
        ...(w.autoscaling === undefined ? { replicas: w.replicas[r.region]! } : {}),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
        template: {
          metadata: { labels, annotations: podAnnotations },
          spec: {
            serviceAccountName: w.name,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            ...(spread.length ? { topologySpreadConstraints: spread } : {}),
            containers: [
              {
                name: w.name,
                image: w.image,
                imagePullPolicy: "IfNotPresent",
                ports: [{ name: PORT_NAME, containerPort: w.port, protocol: "TCP" }],
                ...(env.length ? { env } : {}),
                envFrom: [{ configMapRef: { name: regionConfig } }],
                resources: resourceRequirements(w.resources),
                readinessProbe: probe(w.probes.readiness),
                ...(w.probes.liveness ? { livenessProbe: probe(w.probes.liveness) } : {}),
                ...(w.probes.startup ? { startupProbe: probe(w.probes.startup) } : {}),
                securityContext: {
                  runAsNonRoot: true,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  privileged: false,
                  capabilities: { drop: ["ALL"] },
                },
                volumeMounts: mounts,
              },
            ],
            volumes,
          },
        },
      },
    });

    typedObject<IService>(this, "Service", {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(w.name, negAnnotation(b, r, w)),
      spec: {
        type: "ClusterIP",
        selector,
        ports: [{ name: PORT_NAME, port: w.port, targetPort: PORT_NAME, protocol: "TCP" }],
      },
    });

    if (w.autoscaling !== undefined) {
      typedObject<IHorizontalPodAutoscaler>(this, "Autoscaler", {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: meta(w.name),
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: w.name },
          minReplicas: w.autoscaling.min[r.region]!,
          maxReplicas: w.autoscaling.max,
          metrics: [
            {
              type: "Resource",
              resource: {
                name: "cpu",
                target: { type: "Utilization", averageUtilization: w.autoscaling.targetCpuPercent },
              },
            },
          ],
        },
      });
    }

    typedObject<IPodDisruptionBudget>(this, "DisruptionBudget", {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta(w.name),
      spec: { ...w.disruptionBudget, selector: { matchLabels: selector } },
    });

    // Scrapes /metrics on the workload port; the SLO rules read what it collects.
    typedObject<IServiceMonitor>(this, "ServiceMonitor", {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: meta(w.name),
      spec: {
        selector: { matchLabels: selector },
        endpoints: [{ port: PORT_NAME, path: "/metrics", interval: "30s" }],
      },
    });

    typedObject<INetworkPolicy>(this, "NetworkPolicy", {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(`${w.name}-allow-${PORT_NAME}`),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ["Ingress"],
        ingress: [{ ports: [{ port: w.port, protocol: "TCP" }] }],
      },
    });
  }
}

/**
 * The ServiceAccount annotation that names the region's workload identity.
 * GKE reads `iam.gke.io/gcp-service-account`. EKS Pod Identity binds the role
 * by namespace and ServiceAccount name on the cluster side, so the AWS
 * annotation only names the role for people (IRSA would need the account id).
 */
function identityAnnotation(b: Blueprint, r: Region, workload: string): Record<string, string> {
  return r.cloud === "gcp"
    ? { [GKE_SERVICE_ACCOUNT_ANNOTATION]: gcpWorkloadServiceAccountEmail(r, workload) }
    : { [POD_IDENTITY_ROLE_ANNOTATION]: awsWorkloadRoleName(b, r, workload) };
}

function resourceRequirements(r: ResolvedWorkload["resources"]): IResourceRequirements {
  const list = (l: Readonly<Record<string, string | number | undefined>> | undefined) =>
    Object.fromEntries(
      Object.entries(l ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined),
    );
  return {
    ...(r.requests !== undefined ? { requests: list(r.requests) } : {}),
    ...(r.limits !== undefined ? { limits: list(r.limits) } : {}),
  };
}

function probe(p: ResolvedProbe): IProbe {
  return {
    ...(p.path !== undefined ? { httpGet: { path: p.path, port: p.port } } : { tcpSocket: { port: p.port } }),
    periodSeconds: p.periodSeconds,
    failureThreshold: p.failureThreshold,
    initialDelaySeconds: p.initialDelaySeconds,
  };
}

/** First 16 hex digits of the SHA-256 of a string map with sorted keys. */
function hash(data: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [c]) => (a < c ? -1 : 1)));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 16);
}

/**
 * The gcp global load balancer (stacks/gcp-global-stack.ts) serves the first
 * workload through a standalone NEG per zone; GKE creates it from this annotation.
 */
function negAnnotation(b: Blueprint, r: Region, w: ResolvedWorkload): Record<string, string> | undefined {
  if (r.cloud !== "gcp" || b.workloads[0]?.name !== w.name) return undefined;
  return {
    [GKE_NEG_ANNOTATION]: JSON.stringify({
      exposed_ports: { [String(w.port)]: { name: gcpNegName(b, w.name) } },
    }),
  };
}
