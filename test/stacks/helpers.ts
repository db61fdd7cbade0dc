import { Testing } from "cdktf";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { addBlueprintStacks } from "../../stacks/app";
import type { StackJson } from "../aws/synth";

export const DEFAULT_BLUEPRINT = "blueprints/global-saas.yaml";
export const DYNAMODB_BLUEPRINT = "test/fixtures/blueprints/aws-dynamodb.yaml";

/** Every stack of a blueprint, synthesized and parsed, by stack name, in composition order. */
export function synthBlueprint(blueprint: Blueprint | string): {
  stacks: Record<string, StackJson>;
  names: string[];
} {
  const b = typeof blueprint === "string" ? loadBlueprintFile(blueprint) : blueprint;
  const app = Testing.app();
  const stacks = addBlueprintStacks(app, b);
  const out: Record<string, StackJson> = {};
  for (const s of stacks) out[s.node.id] = JSON.parse(Testing.synth(s)) as StackJson;
  return { stacks: out, names: stacks.map((s) => s.node.id) };
}
