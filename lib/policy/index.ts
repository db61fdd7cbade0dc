// `import { check } from "activeactive/policy"`: the policy engine. It never loads cdktf or a provider package.
export { type CheckOptions, type CheckReport, type CheckSummary, check, checkSync } from "./check";
export {
  CONFIG_FILE,
  type ConfigSuppression,
  DEFAULT_PARAMETERS,
  type FailOn,
  loadConfig,
  type PolicyConfig,
  parseConfig,
} from "./config";
export { META_RULES } from "./engine";
export { FORMATS, type Format, format } from "./formats";
export { Inventory } from "./inventory";
export { type InputDocument, type LoadOptions, loadInventory, loadInventorySync } from "./load";
export { RULES } from "./rules";
export type {
  CatalogueEntry,
  Cloud,
  FailureMode,
  Finding,
  InputError,
  K8sObject,
  ProviderConfig,
  Resource,
  Rule,
  RuleParameters,
  RuleResult,
  Severity,
  Suppression,
} from "./types";
