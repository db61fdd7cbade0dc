import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { ApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import Ajv from "ajv";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";

interface Validatable {
  validate(): void;
}
type ModelClass = { apiVersion: string; kind: string } & (new (data: never) => Validatable);

const classes: ModelClass[] = [
  Namespace,
  ServiceAccount,
  ConfigMap,
  Secret,
  Service,
  Deployment,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  NetworkPolicy,
  PrometheusRule,
  ServiceMonitor,
  AppProject,
  Application,
  ApplicationSet,
] as unknown as ModelClass[];

/** `apiVersion/kind` -> the published model that validates it against the upstream schema. */
export const MODELS = new Map(classes.map((c) => [`${c.apiVersion}/${c.kind}`, c]));

/**
 * EKS Auto Mode's NodeClass and Karpenter's NodePool have no published model
 * here (no @kubernetes-models package offline): their fields as the EKS docs
 * list them, closed so a misspelt field fails.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html
 */
const closed = (properties: object, required: string[] = []) => ({
  type: "object",
  additionalProperties: false,
  properties,
  required,
});
const quantity = { type: "string", pattern: "^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$" };
const metadata = { type: "object", required: ["name"], properties: { name: { type: "string" } } };
const CRD_SCHEMAS: Record<string, object> = {
  "eks.amazonaws.com/v1/NodeClass": closed(
    {
      apiVersion: { const: "eks.amazonaws.com/v1" },
      kind: { const: "NodeClass" },
      metadata,
      spec: closed({
        role: { type: "string", minLength: 1 },
        subnetSelectorTerms: { type: "array" },
        securityGroupSelectorTerms: { type: "array" },
        snatPolicy: { enum: ["Random", "Disabled"] },
        networkPolicy: { enum: ["DefaultAllow", "DefaultDeny"] },
        networkPolicyEventLogs: { enum: ["Enabled", "Disabled"] },
        ephemeralStorage: closed(
          {
            size: quantity,
            iops: { type: "integer", minimum: 3000, maximum: 16000 },
            throughput: { type: "integer", minimum: 125, maximum: 1000 },
            kmsKeyID: { type: "string", minLength: 1 },
          },
          ["size"],
        ),
        tags: { type: "object", additionalProperties: { type: "string" } },
      }),
    },
    ["apiVersion", "kind", "metadata", "spec"],
  ),
  "karpenter.sh/v1/NodePool": closed(
    {
      apiVersion: { const: "karpenter.sh/v1" },
      kind: { const: "NodePool" },
      metadata,
      spec: closed(
        {
          template: closed(
            {
              metadata: { type: "object" },
              spec: closed(
                {
                  nodeClassRef: closed(
                    { group: { type: "string" }, kind: { type: "string" }, name: { type: "string" } },
                    ["group", "kind", "name"],
                  ),
                  requirements: {
                    type: "array",
                    items: closed(
                      {
                        key: { type: "string" },
                        operator: { enum: ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] },
                        values: { type: "array", items: { type: "string" } },
                        minValues: { type: "integer" },
                      },
                      ["key", "operator"],
                    ),
                  },
                  expireAfter: { type: "string", pattern: "^(([0-9]+(s|m|h))+|Never)$" },
                  terminationGracePeriod: { type: "string" },
                  taints: { type: "array" },
                  startupTaints: { type: "array" },
                },
                ["nodeClassRef", "requirements"],
              ),
            },
            ["spec"],
          ),
          limits: closed({ cpu: quantity, memory: quantity }),
          disruption: closed({
            consolidationPolicy: { enum: ["WhenEmpty", "WhenEmptyOrUnderutilized"] },
            consolidateAfter: { type: "string", pattern: "^(([0-9]+(s|m|h))+|Never)$" },
            budgets: { type: "array" },
          }),
          weight: { type: "integer", minimum: 1, maximum: 100 },
        },
        ["template"],
      ),
    },
    ["apiVersion", "kind", "metadata", "spec"],
  ),
};
const ajv = new Ajv({ allErrors: true, strict: false });
const CRD_VALIDATORS = new Map(Object.entries(CRD_SCHEMAS).map(([k, v]) => [k, ajv.compile(v)]));

/**
 * Validates one object with its upstream model (or, for the two Auto Mode
 * kinds, the documented fields); returns the error message, or undefined when
 * valid. An object of a type without a model is an error too.
 */
export function upstreamErrors(doc: { apiVersion?: unknown; kind?: unknown }): string | undefined {
  const crd = CRD_VALIDATORS.get(`${String(doc.apiVersion)}/${String(doc.kind)}`);
  if (crd !== undefined) {
    return crd(doc) ? undefined : ajv.errorsText(crd.errors);
  }
  const model = MODELS.get(`${String(doc.apiVersion)}/${String(doc.kind)}`);
  if (model === undefined) return `no upstream model for ${String(doc.apiVersion)}/${String(doc.kind)}`;
  try {
    new model(doc as never).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
