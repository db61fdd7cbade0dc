import type { Blueprint, Region } from "../../blueprint/model";
import { clusterName, regionalHostname, workloadNamespace } from "../../core/names";
import type { Engine } from "../../core/regions";
import { GAME_DAY_MINUTES, type GameDayKind } from "./experiments";

/**
 * The Chaos Mesh half of the game days: per regional cluster, one object per
 * game day, in the workload namespace. Written to `dist/chaos/<cluster>/`,
 * never under `dist/k8s/` (Argo CD syncs that folder; a fault must be applied
 * by a person, on the day).
 *
 * Fields follow the Chaos Mesh v2.7.3 CRDs (`chaos-mesh.org/v1alpha1`,
 * config/crd/bases/chaos-mesh.org_podchaos.yaml and _networkchaos.yaml).
 */
export const CHAOS_MESH_API_VERSION = "chaos-mesh.org/v1alpha1";

/** Label on every game-day object: `kubectl delete ... -l` finds them all. */
export const GAME_DAY_LABEL = "activeactive.dev/game-day";

export interface ChaosManifest {
  /** `<kind>.yaml`, under `chaos/<cluster>/`. */
  readonly file: string;
  readonly kind: GameDayKind;
  readonly object: ChaosObject;
}

export interface ChaosObject {
  readonly apiVersion: typeof CHAOS_MESH_API_VERSION;
  readonly kind: "PodChaos" | "NetworkChaos";
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly spec: Readonly<Record<string, unknown>>;
}

/** Duration string Chaos Mesh takes (Go `time.ParseDuration`). */
function minutes(kind: GameDayKind): string {
  return `${GAME_DAY_MINUTES[kind]}m`;
}

/**
 * Where the pods of a region reach its datastore, as Chaos Mesh external
 * targets (`host:port` or `cidr:port`, resolved by the controller when the
 * fault starts). Engines without a fixed hostname are matched by port: Aurora
 * in the region's VPC, Aurora DSQL and Cloud SQL (its connector port 3307 and
 * PostgreSQL's 5432) anywhere.
 */
export function datastoreTargets(engine: Engine | undefined, r: Region): string[] {
  switch (engine) {
    case "aurora-postgresql":
      return [`${r.cidr}:5432`];
    case "aurora-dsql":
      return ["0.0.0.0/0:5432"];
    case "dynamodb":
      return [`dynamodb.${r.region}.amazonaws.com:443`];
    case "kinesis":
      return [`dynamodb.${r.region}.amazonaws.com:443`, `kinesis.${r.region}.amazonaws.com:443`];
    case "cloudsql-postgres":
      return ["0.0.0.0/0:3307", "0.0.0.0/0:5432"];
    case "spanner":
      return ["spanner.googleapis.com:443"];
    case "bigtable":
      return ["bigtable.googleapis.com:443"];
    case "pubsub":
      return ["pubsub.googleapis.com:443"];
    default:
      return [];
  }
}

/** The game-day objects of one regional cluster. */
export function chaosManifests(b: Blueprint, r: Region): ChaosManifest[] {
  const namespace = workloadNamespace(b);
  const cluster = clusterName(b, r);
  const others = b.regions.filter((o) => o.key !== r.key);
  const meta = (kind: GameDayKind, hypothesis: string) => ({
    name: `game-day-${kind}`,
    namespace,
    labels: {
      "app.kubernetes.io/part-of": b.name,
      "app.kubernetes.io/managed-by": "activeactive",
      [GAME_DAY_LABEL]: kind,
    },
    annotations: { "activeactive.dev/cluster": cluster, "activeactive.dev/hypothesis": hypothesis },
  });
  const everyWorkloadPod = { namespaces: [namespace] };
  const engine = b.database.engines[r.cloud];
  const manifests: ChaosManifest[] = [
    {
      file: "region-outage.yaml",
      kind: "region-outage",
      object: {
        apiVersion: CHAOS_MESH_API_VERSION,
        kind: "PodChaos",
        metadata: meta(
          "region-outage",
          `Every workload pod in ${r.region} fails; its health check fails and traffic moves to the other regions within ${b.slo.failoverSeconds} s.`,
        ),
        // pod-failure keeps the pods unready for the whole duration (pod-kill would let them restart at once).
        spec: {
          action: "pod-failure",
          mode: "all",
          selector: everyWorkloadPod,
          duration: minutes("region-outage"),
        },
      },
    },
    {
      file: "partition.yaml",
      kind: "partition",
      object: {
        apiVersion: CHAOS_MESH_API_VERSION,
        kind: "NetworkChaos",
        metadata: meta(
          "partition",
          `The workloads in ${r.region} cannot reach the other regions (private ranges and regional front doors) and keep serving their own users.`,
        ),
        spec: {
          action: "partition",
          mode: "all",
          selector: everyWorkloadPod,
          direction: "both",
          externalTargets: [...others.map((o) => o.cidr), ...others.map((o) => regionalHostname(b, o))],
          duration: minutes("partition"),
        },
      },
    },
  ];
  const targets = datastoreTargets(engine, r);
  if (targets.length > 0) {
    manifests.push({
      file: "replication-lag.yaml",
      kind: "replication-lag",
      object: {
        apiVersion: CHAOS_MESH_API_VERSION,
        kind: "NetworkChaos",
        metadata: meta(
          "replication-lag",
          `Every datastore call from ${r.region} takes ${b.slo.latencyP95Ms} ms longer: the p95 latency alert fires and no request fails.`,
        ),
        spec: {
          action: "delay",
          mode: "all",
          selector: everyWorkloadPod,
          // External targets take only `to` with delay (Chaos Mesh webhook).
          direction: "to",
          externalTargets: targets,
          // The whole latency SLO, added to every call to the datastore.
          delay: { latency: `${b.slo.latencyP95Ms}ms`, jitter: `${Math.round(b.slo.latencyP95Ms / 10)}ms` },
          duration: minutes("replication-lag"),
        },
      },
    });
  }
  return manifests;
}
