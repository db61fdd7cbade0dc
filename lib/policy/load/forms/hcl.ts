import * as path from "node:path";
import type { InputError } from "../../types";
import { loadHcl } from "../hcl";
import { basename, type InputFormDef } from "./form";

function hclError(file: string, e: unknown): InputError {
  const text = String((e as Error)?.message ?? e);
  const m = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^;\]]*)/.exec(text);
  return {
    file,
    ...(m ? { line: Number(m[1]), column: Number(m[2]) } : {}),
    message: `malformed HCL: ${m ? m[3]!.trim() : text}`,
    unreadable: false,
  };
}

/** Terraform HCL (`*.tf`), converted by hcl2json; every file of a folder is one module. */
export const form: InputFormDef = {
  form: "hcl",
  description: "Terraform HCL (*.tf)",
  // hcl2json is WebAssembly with an asynchronous API.
  async: true,
  detect(input) {
    return basename(input.abs).endsWith(".tf");
  },
  async load(input) {
    // Loaded here, not at the top: the WebAssembly takes a few hundred ms to start; only .tf inputs pay.
    const { parse } = require("@cdktf/hcl2json") as typeof import("@cdktf/hcl2json");
    let doc: unknown;
    try {
      doc = await parse(path.basename(input.abs), input.text);
    } catch (e) {
      return { errors: [hclError(input.file, e)] };
    }
    return { module: loadHcl(doc, input.text, input.file, input.unit) };
  },
};
