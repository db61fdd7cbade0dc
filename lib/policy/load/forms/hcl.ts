import * as fs from "node:fs";
import * as path from "node:path";
import type { InputError } from "../../types";
import { loadHcl } from "../hcl";
import { localModuleDirs, readTfvars } from "../tfvars";
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

/** The .tf files of one folder, sorted. */
function tfFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".tf"))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
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
    const dir = path.dirname(input.abs);
    // Modules in the same repository are read too, even outside the given paths, so calls can be followed.
    const include = localModuleDirs(doc, dir).flatMap(tfFiles);
    const tfvars = (await readTfvars([dir], parse, () => input.unit)).get(input.unit);
    return {
      module: {
        ...loadHcl(doc, input.text, input.file, input.unit),
        ...(tfvars ? { tfvars: { unit: input.unit, values: tfvars } } : {}),
      },
      ...(include.length ? { include } : {}),
    };
  },
};
