import type { Command } from "./command";

/** PLACEHOLDER: terraform init/validate/plan on every AWS stack. */
export const command: Command = {
  name: "validate",
  summary: "Run terraform init, validate and plan offline on every synthesized AWS stack",
  usage: "activeactive validate [DIR]",
  flags: [],
  async run() {
    return 0;
  },
};
