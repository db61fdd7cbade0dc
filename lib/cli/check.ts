import type { Command } from "./command";

/** PLACEHOLDER: the active-active policy pack. */
export const command: Command = {
  name: "check",
  summary: "Check Terraform JSON, plans, HCL and Kubernetes YAML for active-active anti-patterns",
  usage: "activeactive check <path...> [--format text|json|sarif|junit|markdown]",
  flags: [],
  async run() {
    return 0;
  },
};
