// `import { ... } from "activeactive"`: load a blueprint, compose it into cdktf
// stacks or synthesize it, and the error type. It loads no cdktf, provider or
// cdk8s code until a function needs it. The constructs live in their own entry
// points: `activeactive/aws`, `activeactive/gcp`, `activeactive/k8s`;
// the policy engine in `activeactive/policy` and its matcher in `activeactive/jest`.
// An explicit list on purpose: what is not named here is internal.

export { addBlueprintStacks } from "../stacks/app";
export { loadBlueprintFile, parseBlueprint, resolveBlueprint } from "./blueprint/load";
export type { Blueprint, HealthCheck, Region } from "./blueprint/model";
export type {
  BlueprintInput,
  Cloud,
  Engine,
  GitopsInput,
  ProbeInput,
  RegionInput,
  ReleaseChannel,
  WorkloadInput,
} from "./blueprint/schema";
export { ExitCode, formatProblem, type Problem, type ProblemLocation, UsageError } from "./core/errors";
export { suppress } from "./suppress";
export { type StackSummary, type SynthOptions, type SynthResult, synthesize } from "./synth";
