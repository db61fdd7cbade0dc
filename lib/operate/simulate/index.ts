export { SIMULATED_ENGINES } from "./data";
export { formatReport, type MarkdownOptions, SIMULATE_FORMATS, type SimulateFormat } from "./format";
export type * from "./report";
export { ALL_BUT_ONE, EACH_REGION, scenariosFor } from "./scenarios";
export { simulate } from "./simulate";
