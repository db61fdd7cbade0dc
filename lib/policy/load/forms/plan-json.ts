import { isPlan, loadPlan } from "../plan";
import { type InputFormDef, looksJson } from "./form";
import { parseJson } from "./json-error";

const PLAN_HEAD = /^\s*\{\s*"format_version"/;

/** `terraform show -json PLANFILE` (or a state): found in folders by its first key, or named explicitly. */
export const form: InputFormDef = {
  form: "plan",
  description: "a `terraform show -json` plan or state",
  detect(input) {
    if (!looksJson(input.text)) return false;
    if (PLAN_HEAD.test(input.text.slice(0, 200))) return true;
    if (!input.explicit) return false;
    try {
      return isPlan(input.json());
    } catch {
      return false;
    }
  },
  load(input) {
    const parsed = parseJson(input);
    if ("error" in parsed) return { errors: [parsed.error] };
    return { module: loadPlan(parsed.doc as Record<string, unknown>, input.text, input.file) };
  },
};
