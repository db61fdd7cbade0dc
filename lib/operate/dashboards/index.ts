export * from "./cloudwatch";
export * from "./grafana-dashboards";
export * from "./grafana-model";
export * from "./produced-metrics";
export * from "./promql";
