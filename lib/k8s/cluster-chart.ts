import { ApiObject, Chart } from "cdk8s";
import type { Construct, IConstruct } from "constructs";
import type { Blueprint, Region } from "../blueprint/model";
import { EksNodePool } from "./eks-node-pool";
import { FrontDoorBinding } from "./front-door-binding";
import { GrafanaDashboards } from "./grafana-dashboards";
import { RegionalNamespace } from "./regional-namespace";
import { SloRules } from "./slo-rules";
import { Workload } from "./workload";
import { type ResolvedWorkload, resolveWorkloads } from "./workload-defaults";

/** One synthesized Kubernetes object. */
export type ManifestDoc = Record<string, unknown>;

export interface ClusterChartProps {
  readonly blueprint: Blueprint;
  /** The region whose cluster this chart is for. */
  readonly region: Region;
  /** The workloads, defaults applied. @default resolveWorkloads(blueprint) */
  readonly workloads?: readonly ResolvedWorkload[];
}

/**
 * Everything one regional cluster runs for a blueprint: its namespace, every
 * workload, and the SLO alert rules. One chart per cluster; the charts of two
 * regions differ only in the fields of `PARITY_ALLOWED_DIFFERENCES`.
 */
export class ClusterChart extends Chart {
  readonly namespaceObjects: RegionalNamespace;
  readonly workloads: readonly Workload[];
  readonly sloRules: SloRules;
  /** EKS Auto Mode NodeClass, bounded NodePool and network policy switch (aws regions only). */
  readonly nodes?: EksNodePool;
  /** The front workload's TargetGroupBinding (aws regions with `targetGroupArn`). */
  readonly binding?: FrontDoorBinding;
  /** The Grafana dashboards, as ConfigMaps for the Grafana sidecar. */
  readonly dashboards: GrafanaDashboards;

  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { blueprint, region } = props;
    const workloads = props.workloads ?? resolveWorkloads(blueprint);
    this.namespaceObjects = new RegionalNamespace(this, "Namespace", { blueprint, region });
    this.workloads = workloads.map(
      (workload) => new Workload(this, workload.name, { blueprint, region, workload }),
    );
    if (region.cloud === "aws") this.nodes = new EksNodePool(this, "Nodes", { blueprint, region });
    const front = workloads[0];
    const arn = region.targetGroupArn;
    if (region.cloud === "aws" && front !== undefined && arn !== undefined) {
      this.binding = new FrontDoorBinding(this, "TargetGroupBinding", {
        blueprint,
        region: { ...region, targetGroupArn: arn },
        workload: front,
      });
    }
    this.sloRules = new SloRules(this, "SloRules", {
      blueprint,
      region,
      workloads: workloads.map((w) => w.name),
    });
    this.dashboards = new GrafanaDashboards(this, "Dashboards", { blueprint, region });
  }

  /**
   * The chart's objects by file: `namespace.yaml`, `workload-<name>.yaml`,
   * `slo-rules.yaml`, `dashboards.yaml`, `nodes.yaml` on EKS, and with a target group ARN
   * `target-group-binding-<front workload>.yaml`.
   */
  files(): Map<string, ManifestDoc[]> {
    return new Map([
      ["namespace.yaml", objectsOf(this.namespaceObjects)],
      ...(this.nodes ? ([["nodes.yaml", objectsOf(this.nodes)]] as [string, ManifestDoc[]][]) : []),
      ...(this.binding
        ? ([[`target-group-binding-${this.workloads[0]!.node.id}.yaml`, objectsOf(this.binding)]] as [
            string,
            ManifestDoc[],
          ][])
        : []),
      ...this.workloads.map((w): [string, ManifestDoc[]] => [`workload-${w.node.id}.yaml`, objectsOf(w)]),
      ["slo-rules.yaml", objectsOf(this.sloRules)],
      ["dashboards.yaml", objectsOf(this.dashboards)],
    ]);
  }
}

/** The Kubernetes objects under a construct, in the order they were added. */
export function objectsOf(scope: IConstruct): ManifestDoc[] {
  return scope.node
    .findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .map((o) => o.toJson() as ManifestDoc);
}
