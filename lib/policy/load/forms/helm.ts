import * as path from "node:path";
import { basename, type InputFormDef, isHelmTemplate, isYamlName } from "./form";

/**
 * Helm charts are not rendered: `Chart.yaml` gives one note on how to render
 * the chart, and a template (YAML with `{{ .Values… }}`) met outside a chart is
 * skipped with a note too. Neither is an input error.
 */
export const form: InputFormDef = {
  form: "helm",
  description: "a Helm chart (Chart.yaml) or template: skipped with a note on how to render it",
  detect(input) {
    const name = basename(input.abs);
    return name === "Chart.yaml" || (isYamlName(name) && isHelmTemplate(input.text));
  },
  load(input, ctx) {
    const chart = basename(input.abs) === "Chart.yaml";
    const dir = ctx.show(path.dirname(input.abs)) || ".";
    return {
      notes: [
        chart
          ? {
              file: input.file,
              message: `Helm chart ${dir} not rendered: check its output with \`helm template RELEASE ${dir} --values VALUES | activeactive check -\``,
            }
          : templateNote(dir),
      ],
    };
  },
};

/** One note per folder of templates, however many files it holds. */
export function templateNote(dir: string): { file: string; message: string } {
  return {
    file: dir,
    message:
      "Go templates (`{{ }}`) not rendered: check the output of `helm template` instead (`helm template RELEASE CHART | activeactive check -`)",
  };
}
