import * as path from "node:path";
import { isObj, str } from "../../values";
import { loadTfJson } from "../tf-json";
import { basename, type InputFormDef, isCdktfStack, looksJson } from "./form";
import { parseJson } from "./json-error";

/**
 * cdktf output: a stack's `cdk.tf.json` (its `//.metadata.stackName` names the
 * stack), and `manifest.json`, which lists the stacks when named on its own
 * (a folder walk finds the stacks without it).
 */
export const form: InputFormDef = {
  form: "cdktf",
  description: "cdktf.out: manifest.json and each stack's cdk.tf.json",
  detect(input) {
    const name = basename(input.abs);
    if (name === "manifest.json") return input.explicit && looksJson(input.text);
    return name.endsWith(".json") && isCdktfStack(input.text);
  },
  load(input) {
    const parsed = parseJson(input);
    if ("error" in parsed) return { errors: [parsed.error] };
    const doc = parsed.doc;
    if (basename(input.abs) === "manifest.json") {
      const stacks = isObj(doc) && isObj(doc["stacks"]) ? doc["stacks"] : {};
      const include: string[] = [];
      for (const st of Object.values(stacks)) {
        const rel = isObj(st) ? str(st["synthesizedStackPath"]) : undefined;
        if (rel) include.push(path.join(path.dirname(input.abs), rel));
      }
      return { include };
    }
    const meta =
      isObj(doc) && isObj(doc["//"]) && isObj(doc["//"]["metadata"]) ? doc["//"]["metadata"] : undefined;
    const stack = (meta ? str(meta["stackName"]) : undefined) ?? input.unit;
    return { module: loadTfJson(doc, input.text, input.file, input.unit, stack, "cdktf") };
  },
};
