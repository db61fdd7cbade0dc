// The policy inputs: a registry of forms (forms/), one orchestrator. Re-exports only.
export type { ClusterMap } from "./clusters";
export {
  FORMS,
  type FormResult,
  type Input,
  type InputFormDef,
  type InputNote,
  inputOf,
  type LoadContext,
} from "./forms";
export { type InputDocument, type LoadOptions, loadInventory, loadInventorySync } from "./orchestrator";
