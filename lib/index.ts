// The library: `import { ... } from "activeactive"`.
// The policy engine has its own entry, `activeactive/policy`, that never loads cdktf.

export * from "../stacks/app";
export * from "../stacks/names";
export * from "./blueprint";
export * from "./errors";
export * from "./k8s";
export * from "./synth";
