import { buildKustomization } from "../kustomize/build";
import { basename, type InputFormDef, KUSTOMIZATION_FILES } from "./form";

/**
 * A folder with a kustomization is built, not read file by file: its
 * resources, components and patches are rendered in-process (see
 * kustomize/build.ts for what is applied), and the files it reads are not
 * loaded on their own. A kustomization another one uses (a base, a component)
 * is not built on its own either.
 */
export const form: InputFormDef = {
  form: "kustomize",
  description: "a kustomization (kustomization.yaml and what it lists), rendered in-process",
  detect(input) {
    return KUSTOMIZATION_FILES.includes(basename(input.abs));
  },
  load(input, ctx) {
    return buildKustomization(input.abs, ctx);
  },
};
