export * from "../core/address-plan";
export * from "./aws-gcp-ha-vpn";
export * from "./tunnel-down-alert";
