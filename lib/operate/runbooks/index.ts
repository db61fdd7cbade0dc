export {
  ALERT_RUNBOOKS,
  type AlertKind,
  alertRunbookUrl,
  type BlueprintAlert,
  blueprintAlerts,
} from "./alerts";
export { FAILURE_MODES, OPERATIONS, type RunbookId, runbookFile } from "./catalogue";
export { describeWithRunbook, documentWithRunbook, runbooksRepoPath, runbookUrl } from "./links";
export { type RenderedRunbook, renderRunbooks, runbookIndex, writeRunbooks } from "./render";
export type { NamedResource, NameKind } from "./writer";
