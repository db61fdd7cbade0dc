import type { InputError, K8sObject } from "../../types";
import type { LoadedModule } from "../raw";

/** One input as the orchestrator hands it to the forms: read, not yet parsed. */
export interface Input {
  readonly abs: string;
  /** The path findings show (relative to cwd). */
  readonly file: string;
  /** The Terraform module it belongs to: its folder, or `<name>#` for an in-memory document. */
  readonly unit: string;
  /** Named on the command line, in memory, or listed by a manifest, rather than found by a folder walk. */
  readonly explicit: boolean;
  readonly text: string;
  /** The text parsed as JSON, once, shared by every form's detect and load; throws on malformed JSON. */
  json(): unknown;
}

/** Something about the input the user should know that is not a finding (a Helm chart not rendered). */
export interface InputNote {
  readonly file: string;
  readonly message: string;
}

/** A Kubernetes object before the orchestrator resolves its cluster. */
export type LoadedObject = Omit<K8sObject, "cluster" | "region"> & {
  /** The path the cluster is resolved from: the file, or the kustomization folder that built it. */
  readonly source: string;
};

export interface FormResult {
  readonly module?: LoadedModule;
  readonly objects?: readonly LoadedObject[];
  readonly errors?: readonly InputError[];
  readonly notes?: readonly InputNote[];
  /** More files to load, absolute (the stacks a cdktf manifest lists). */
  readonly include?: readonly string[];
  /** Files this input consumed (a kustomize build's resources and patches): not loaded on their own. */
  readonly claims?: readonly string[];
}

/** What the orchestrator lends a form. */
export interface LoadContext {
  /** The path findings show for an absolute path. */
  show(abs: string): string;
  /** Reads a file; throws an Error whose message says why. */
  read(abs: string): string;
}

/**
 * An input form: the policy engine's loaders are a registry, like its rules.
 * `detect` is cheap (name and the first bytes, or the shared parsed JSON);
 * `load` turns the text into resources or objects, and reports bad input as
 * errors with file and position, never by throwing.
 */
export interface InputFormDef {
  readonly form: string;
  /** What it reads, for docs and messages. */
  readonly description: string;
  /** True when `load` needs the asynchronous path (a WebAssembly parser). @default false */
  readonly async?: boolean;
  detect(input: Input): boolean;
  load(input: Input, ctx: LoadContext): FormResult | Promise<FormResult>;
}

export const isYamlName = (name: string): boolean =>
  (name.endsWith(".yaml") || name.endsWith(".yml")) && name !== ".activeactive.yaml";

/** Starts like JSON: `{` or `[` after blanks. */
export const looksJson = (text: string): boolean => /^\s*[{[]/.test(text.slice(0, 100));

export const basename = (abs: string): string => abs.slice(abs.replace(/\\/g, "/").lastIndexOf("/") + 1);

/** cdktf writes `//.metadata.stackName` first in every stack's cdk.tf.json. */
const CDKTF_STACK_HEAD = /^\s*\{\s*"\/\/"\s*:\s*\{\s*"metadata"\s*:\s*\{[^}]*"stackName"/;
export const isCdktfStack = (text: string): boolean => CDKTF_STACK_HEAD.test(text.slice(0, 1000));

/**
 * Helm template directives (`{{ .Values.x }}`, `{{- include … }}`), not any `{{`:
 * Prometheus alert annotations use Go templates too, control words included
 * (`on {{ with $labels.cluster -}} {{ . }} {{- end }}`, kube-prometheus), so
 * if/range/with/end count only where Helm puts them, at the start of a line.
 */
const HELM_DIRECTIVE =
  /\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\.Template|include\b|template\b|define\b|toYaml\b|tpl\b)|^[ \t]*\{\{-?\s*(?:if|range|with|end)\b/m;
export const isHelmTemplate = (text: string): boolean => HELM_DIRECTIVE.test(text);

export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** An input over a text, its JSON parsed at most once. */
export function inputOf(abs: string, file: string, unit: string, explicit: boolean, text: string): Input {
  let parsed: { doc: unknown } | { error: unknown } | undefined;
  return {
    abs,
    file,
    unit,
    explicit,
    text,
    json() {
      if (!parsed) {
        try {
          parsed = { doc: JSON.parse(text) };
        } catch (e) {
          parsed = { error: e };
        }
      }
      if ("error" in parsed) throw parsed.error;
      return parsed.doc;
    },
  };
}
