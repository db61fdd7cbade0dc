// The library: `import { ... } from "activeactive"`.
// The policy engine has its own entry, `activeactive/policy`, that never loads cdktf.

export * from "../stacks/accelerator-stack";
export * from "../stacks/app";
export * from "../stacks/aws-front-door";
export * from "../stacks/aws-region-stack";
export * from "../stacks/endpoints";
export * from "../stacks/gcp-global-stack";
export * from "../stacks/gcp-region-stack";
export * from "../stacks/global-stack";
export * from "../stacks/interconnect-stack";
export * from "./aws";
export * from "./blueprint";
export * from "./core/errors";
export * from "./core/names";
export * from "./gcp";
export * from "./interconnect";
export * from "./k8s";
export { suppress } from "./suppress";
export * from "./synth";
export * from "./terraform";
