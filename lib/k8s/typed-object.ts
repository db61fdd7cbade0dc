import { ApiObject, type ApiObjectProps } from "cdk8s";
import type { Construct } from "constructs";
import { invalidProp } from "../core/errors";

/** What every object we write has: a type and an explicit name (no cdk8s name hashes). */
export interface NamedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
}

/**
 * Adds a Kubernetes object typed by its upstream model (pass the type
 * argument, e.g. `typedObject<IDeployment>(...)`, so unknown fields fail to
 * compile). The name must be explicit: cdk8s would otherwise add a hash.
 */
export function typedObject<T extends NamedObject>(scope: Construct, id: string, object: T): ApiObject {
  if (object.metadata?.name === undefined) {
    throw invalidProp(
      { node: { path: `${scope.node.path}/${id}` } },
      "a Kubernetes object needs an explicit name",
      "no metadata.name",
      "metadata.name",
    );
  }
  return new ApiObject(scope, id, object as unknown as ApiObjectProps);
}
