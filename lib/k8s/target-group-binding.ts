import type { Blueprint } from "../blueprint/model";
import { clusterName, stackNames } from "../core/names";

/**
 * The EKS Auto Mode `TargetGroupBinding` that registers a workload's pods
 * (by IP) into the target group of its region's load balancer.
 *
 * Auto Mode's binding (`eks.amazonaws.com/v1`) needs `targetGroupARN` and an
 * explicit `targetType`; unlike the self-managed controller it does not take
 * `targetGroupName` (aws/containers-roadmap#2621). An ARN carries a random
 * suffix that only exists after `terraform apply`, so it is a blueprint
 * input (`spec.regions[].targetGroupArn`, from the region stack's output
 * `target_group_arn_<workload>`) and synth writes the binding into the
 * cluster's folder like every other object (see front-door-binding.ts).
 *
 * Plain data, no cdk8s: the chart and the tests share it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-configure-alb.html
 */

export const TARGET_GROUP_BINDING_API_VERSION = "eks.amazonaws.com/v1";
export const TARGET_GROUP_BINDING_KIND = "TargetGroupBinding";

export interface TargetGroupBindingOptions {
  readonly namespace: string;
  /** The workload: also the Service and binding name. */
  readonly workload: string;
  /** The Service port the pods are reached on. */
  readonly port: number;
  /** The target group's ARN. */
  readonly targetGroupArn: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export function targetGroupBinding(o: TargetGroupBindingOptions): Record<string, unknown> {
  return {
    apiVersion: TARGET_GROUP_BINDING_API_VERSION,
    kind: TARGET_GROUP_BINDING_KIND,
    metadata: { name: o.workload, namespace: o.namespace, ...(o.labels ? { labels: { ...o.labels } } : {}) },
    spec: {
      serviceRef: { name: o.workload, port: o.port },
      targetGroupARN: o.targetGroupArn,
      targetType: "ip",
    },
  };
}

/**
 * The fields of Auto Mode's TargetGroupBinding that we write, as a JSON
 * Schema (from the CRD's documented fields: serviceRef, targetGroupARN,
 * required targetType), for validating what the stack renders.
 */
export const TARGET_GROUP_BINDING_SCHEMA = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: TARGET_GROUP_BINDING_API_VERSION },
    kind: { const: TARGET_GROUP_BINDING_KIND },
    metadata: {
      type: "object",
      required: ["name", "namespace"],
      properties: {
        name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 253 },
        namespace: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 },
        labels: { type: "object", additionalProperties: { type: "string" } },
      },
    },
    spec: {
      type: "object",
      additionalProperties: false,
      required: ["serviceRef", "targetGroupARN", "targetType"],
      properties: {
        serviceRef: {
          type: "object",
          additionalProperties: false,
          required: ["name", "port"],
          properties: {
            name: { type: "string", minLength: 1 },
            port: { anyOf: [{ type: "integer" }, { type: "string" }] },
          },
        },
        targetGroupARN: {
          type: "string",
          pattern:
            "^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$",
        },
        targetType: { enum: ["instance", "ip"] },
        multiClusterTargetGroup: { type: "boolean" },
      },
    },
  },
} as const;

/**
 * One line per aws region whose pods are not registered yet (no
 * `targetGroupArn`): `synth` prints them, since the first deploy comes
 * before any ARN exists. Empty without workloads (no target group).
 */
export function missingBindingNotices(b: Blueprint): string[] {
  const front = b.workloads[0]?.name;
  if (front === undefined) return [];
  return b.regions.flatMap((r, i) =>
    r.cloud === "aws" && r.targetGroupArn === undefined
      ? [
          `notice: ${clusterName(b, r)}: no TargetGroupBinding, so the region takes no traffic; after the first deploy set spec.regions[${i}].targetGroupArn from \`terraform output -raw target_group_arn_${front}\` in cdktf.out/stacks/${stackNames.region(b, r)} (docs/aws.md)`,
        ]
      : [],
  );
}
