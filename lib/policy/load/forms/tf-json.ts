import { isObj } from "../../values";
import { isPlan } from "../plan";
import { loadTfJson } from "../tf-json";
import { basename, type InputFormDef, isCdktfStack, looksJson } from "./form";
import { parseJson } from "./json-error";

/** Top-level keys of Terraform JSON configuration syntax. */
const TERRAFORM_KEYS = [
  "resource",
  "provider",
  "terraform",
  "variable",
  "module",
  "data",
  "output",
  "locals",
];

/**
 * Terraform JSON syntax written by hand or by another tool: `*.tf.json`
 * (a cdktf stack is the cdktf form's), or another `.json` named explicitly
 * whose top-level keys are Terraform's.
 */
export const form: InputFormDef = {
  form: "tf.json",
  description: "Terraform JSON configuration (*.tf.json)",
  detect(input) {
    const name = basename(input.abs);
    if (name.endsWith(".tf.json")) return !isCdktfStack(input.text);
    if (!input.explicit || !looksJson(input.text)) return false;
    try {
      const doc = input.json();
      return isObj(doc) && !isPlan(doc) && TERRAFORM_KEYS.some((k) => k in doc);
    } catch {
      // Malformed: a `.json` named explicitly is reported as malformed JSON here, not as "not supported".
      return name.endsWith(".json");
    }
  },
  load(input) {
    const parsed = parseJson(input);
    if ("error" in parsed) return { errors: [parsed.error] };
    return { module: loadTfJson(parsed.doc, input.text, input.file, input.unit, input.unit, "tf.json") };
  },
};
