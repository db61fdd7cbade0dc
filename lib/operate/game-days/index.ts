export * from "./chaos-manifests";
export * from "./experiments";
export * from "./write-chaos";
