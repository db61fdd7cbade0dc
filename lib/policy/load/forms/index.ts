import { form as cdktf } from "./cdktf-out";
import type { InputFormDef } from "./form";
import { form as hcl } from "./hcl";
import { form as helm } from "./helm";
import { form as k8sJson } from "./k8s-json";
import { form as k8sYaml } from "./k8s-yaml";
import { form as kustomize } from "./kustomize";
import { form as plan } from "./plan-json";
import { form as tfJson } from "./tf-json";

/**
 * Every input form, in the order they are asked: the first whose `detect`
 * says yes loads the input, so the specific come before the general (a plan
 * or a cdktf stack before any JSON, a kustomization or a Helm template before
 * plain YAML). Adding a form is one file here and its conformance sample in
 * test/policy/forms.test.ts.
 */
export const FORMS: readonly InputFormDef[] = [cdktf, plan, k8sJson, tfJson, hcl, kustomize, helm, k8sYaml];

export type { FormResult, Input, InputFormDef, InputNote, LoadContext, LoadedObject } from "./form";
export { inputOf } from "./form";
