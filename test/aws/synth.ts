import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import type { Construct } from "constructs";

/** A synthesized stack, parsed. */
export interface StackJson {
  provider?: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  locals?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
}

/** Synthesizes what `build` adds to a stack that has one aliased aws provider (`aws.test`). */
export function synthWithProvider(build: (scope: Construct, provider: AwsProvider) => void): StackJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      const provider = new AwsProvider(scope, "aws", { region: "eu-west-1", alias: "test" });
      build(scope, provider);
    }),
  ) as StackJson;
}

/** The bodies of every resource of a type, in construct order. */
export function resources(json: StackJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The one resource of a type; fails when there is not exactly one. */
export function only(json: StackJson, type: string): Record<string, unknown> {
  const found = resources(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/** Every resource of every type, as [type, body]. */
export function allResources(json: StackJson): [string, Record<string, unknown>][] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.values(byName).map((body): [string, Record<string, unknown>] => [type, body]),
  );
}
