import { loadTfJson } from "../tf-json";
import { basename, type InputFormDef, looksJson } from "./form";
import { parseJson } from "./json-error";

/** Terraform JSON syntax written by hand or by another tool: `*.tf.json`, or any JSON object named explicitly. */
export const form: InputFormDef = {
  form: "tf.json",
  description: "Terraform JSON configuration (*.tf.json)",
  detect(input) {
    const name = basename(input.abs);
    return (
      name.endsWith(".tf.json") ||
      (input.explicit && /^\s*\{/.test(input.text.slice(0, 100)) && looksJson(input.text))
    );
  },
  load(input) {
    const parsed = parseJson(input);
    if ("error" in parsed) return { errors: [parsed.error] };
    return { module: loadTfJson(parsed.doc, input.text, input.file, input.unit, input.unit, "tf.json") };
  },
};
