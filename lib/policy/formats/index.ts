import type { CheckReport } from "../check";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatSarif } from "./sarif";
import { formatText } from "./text";

export const FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export function format(report: CheckReport, as: Format): string {
  switch (as) {
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report);
    case "junit":
      return formatJunit(report);
    case "markdown":
      return formatMarkdown(report);
    default:
      return formatText(report);
  }
}

export { formatJson, formatJunit, formatMarkdown, formatSarif, formatText };
