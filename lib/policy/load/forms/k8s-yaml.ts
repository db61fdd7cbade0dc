import * as path from "node:path";
import { loadK8sYaml } from "../k8s-yaml";
import {
  basename,
  type InputFormDef,
  isHelmTemplate,
  isYamlName,
  KUSTOMIZATION_FILES,
  looksJson,
} from "./form";
import { templateNote } from "./helm";

/** Plain Kubernetes manifests: multi-document YAML, or YAML on stdin (`kustomize build | activeactive check -`). */
export const form: InputFormDef = {
  form: "k8s-yaml",
  description: "Kubernetes YAML manifests (*.yaml, *.yml, or YAML on stdin)",
  detect(input) {
    const name = basename(input.abs);
    if (KUSTOMIZATION_FILES.includes(name) || name === "Chart.yaml" || isHelmTemplate(input.text))
      return false;
    return isYamlName(name) || (input.explicit && !name.includes(".") && !looksJson(input.text));
  },
  load(input, ctx) {
    const r = loadK8sYaml(input.text, input.file);
    // A template the helm form did not recognise still never makes the run exit 2.
    if (r.errors.length && input.text.includes("{{"))
      return { objects: r.objects, notes: [templateNote(ctx.show(path.dirname(input.abs)) || ".")] };
    return r;
  },
};
