import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { ApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
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
 * Validates one object with its upstream model; returns the error message, or
 * undefined when valid. An object of a type without a model is an error too.
 */
export function upstreamErrors(doc: { apiVersion?: unknown; kind?: unknown }): string | undefined {
  const model = MODELS.get(`${String(doc.apiVersion)}/${String(doc.kind)}`);
  if (model === undefined) return `no upstream model for ${String(doc.apiVersion)}/${String(doc.kind)}`;
  try {
    new model(doc as never).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
