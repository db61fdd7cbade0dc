import { isObj } from "../../values";
import { loadK8sYaml } from "../k8s-yaml";
import { type InputFormDef, looksJson } from "./form";

/** A Kubernetes object or List written as JSON (`kubectl get -o json`), named explicitly. */
export const form: InputFormDef = {
  form: "k8s-json",
  description: "a Kubernetes object or List as JSON (`kubectl get -o json`)",
  detect(input) {
    if (!input.explicit || !looksJson(input.text)) return false;
    try {
      const doc = input.json();
      return isObj(doc) && typeof doc["apiVersion"] === "string" && typeof doc["kind"] === "string";
    } catch {
      return false;
    }
  },
  load(input) {
    // JSON is YAML: one parser, one error shape.
    return loadK8sYaml(input.text, input.file);
  },
};
