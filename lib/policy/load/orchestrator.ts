import * as fs from "node:fs";
import * as path from "node:path";
import { Inventory } from "../inventory";
import type { InputError, ProviderConfig, VariableDefault } from "../types";
import { bind, isLocalSource } from "./bind";
import { assignClusters, type ClusterMap } from "./clusters";
import {
  FORMS,
  type FormResult,
  type Input,
  type InputFormDef,
  type InputNote,
  inputOf,
  type LoadContext,
  type LoadedObject,
} from "./forms";
import type { ModuleCall, RawResource } from "./raw";
import { resolveProviders } from "./resolve";
import { walk } from "./walk";

export interface LoadOptions {
  /** Paths in findings are relative to this folder. @default process.cwd() */
  readonly cwd?: string;
  /** Inputs held in memory, checked with the files. @default none */
  readonly documents?: readonly InputDocument[];
  /** Which paths are which cluster (`.activeactive.yaml` `clusters:`), relative to cwd. @default none */
  readonly clusters?: ClusterMap;
}

/** A Terraform JSON, plan or YAML text held in memory, e.g. a synthesized stack in a test, or stdin. */
export interface InputDocument {
  /** The name findings show for it, e.g. `my-stack.tf.json`; its ending picks the form, else its content. */
  readonly name: string;
  readonly text: string;
}

/** One input handed to one form; the driver runs it, synchronously or not. */
interface Step {
  readonly form: InputFormDef;
  readonly input: Input;
  readonly ctx: LoadContext;
}

/**
 * The one loading path: walks the paths, asks each form in turn whether it
 * reads an input, hands the input to it (as a step the driver runs), then
 * drops what a kustomize build consumed, resolves providers and regions and
 * gives objects their clusters. A file that cannot be read or parsed becomes
 * an input error with its position; the others still load.
 */
function* steps(paths: readonly string[], options: LoadOptions): Generator<Step, Inventory, FormResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const show = (abs: string) => {
    const rel = path.relative(cwd, abs);
    return (rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel).split(path.sep).join("/");
  };
  const ctx: LoadContext = { show, read: (abs) => fs.readFileSync(abs, "utf8") };
  const errors: InputError[] = [];
  const queue: { abs: string; explicit: boolean; file?: string; unit?: string; text?: string }[] = walk(
    paths,
    errors,
  );
  for (const d of options.documents ?? []) {
    queue.push({
      abs: path.resolve(cwd, d.name),
      explicit: true,
      file: d.name,
      unit: `${d.name}#`,
      text: d.text,
    });
  }
  const results: { abs: string; result: FormResult }[] = [];
  const seen = new Set(queue.map((q) => q.abs));
  for (let i = 0; i < queue.length; i++) {
    const q = queue[i]!;
    const file = q.file ?? show(q.abs);
    let text = q.text;
    if (text === undefined) {
      try {
        text = fs.readFileSync(q.abs, "utf8");
      } catch (e) {
        errors.push({
          file,
          message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          unreadable: true,
        });
        continue;
      }
    }
    const input = inputOf(q.abs, file, q.unit ?? (show(path.dirname(q.abs)) || "."), q.explicit, text);
    const form = FORMS.find((f) => f.detect(input));
    if (!form) {
      // A folder walk skips what no form reads (a package.json); a file named explicitly is an error.
      if (q.explicit)
        errors.push({
          file,
          message: text.startsWith("PK")
            ? "a binary plan file: convert it with `terraform show -json PLANFILE > plan.json`"
            : "not a supported input (expected *.tf.json, a `terraform show -json` plan, *.tf or Kubernetes *.yaml)",
          unreadable: true,
        });
      continue;
    }
    const result = yield { form, input, ctx };
    results.push({ abs: q.abs, result });
    for (const more of result.include ?? []) {
      if (!seen.has(more)) {
        seen.add(more);
        queue.push({ abs: more, explicit: true });
      }
    }
  }
  if (results.length === 0 && errors.length === 0) {
    errors.push({
      file: paths.join(" ") || ".",
      message:
        "no input found (expected a cdktf.out folder, *.tf.json, a `terraform show -json` plan, *.tf, Kubernetes YAML or a kustomization)",
      unreadable: true,
    });
  }
  // What a kustomize build read is part of that build, not an input of its own (a base, a patch file).
  const claimed = new Set<string>();
  for (const r of results) for (const c of r.result.claims ?? []) if (c !== r.abs) claimed.add(c);
  const raws: RawResource[] = [];
  const providers: ProviderConfig[] = [];
  const variables: VariableDefault[] = [];
  const locals: { unit: string; name: string; value: unknown }[] = [];
  const calls: ModuleCall[] = [];
  const tfvars = new Map<string, Record<string, unknown>>();
  const loaded: LoadedObject[] = [];
  const notes = new Map<string, InputNote>();
  for (const { abs, result } of results) {
    if (claimed.has(abs)) continue;
    // Loops, not push(...list): a 1M-resource stack overflows the call stack as spread arguments.
    if (result.module) {
      for (const r of result.module.resources) raws.push(r);
      for (const p of result.module.providers) providers.push(p);
      for (const v of result.module.variables) variables.push(v);
      for (const l of result.module.locals ?? []) locals.push(l);
      for (const c of result.module.calls ?? []) calls.push(c);
      if (result.module.tfvars) tfvars.set(result.module.tfvars.unit, result.module.tfvars.values);
    }
    for (const o of result.objects ?? []) loaded.push(o);
    for (const e of result.errors ?? []) errors.push(e);
    for (const n of result.notes ?? []) notes.set(`${n.file}\u0000${n.message}`, n);
  }
  // Variables, tfvars, literal locals and local module calls bound (load/bind.ts).
  const bound = bind({
    resources: raws,
    providers,
    variables,
    locals,
    calls,
    tfvars,
    unitOf: (unit, source) =>
      isLocalSource(source) ? show(path.resolve(cwd, unit === "." ? "" : unit, source)) || "." : source,
  });
  const inventory = new Inventory(
    resolveProviders(bound.resources, bound.providers, bound.variables),
    assignClusters(loaded, options.clusters, cwd),
    bound.providers,
    bound.variables,
    errors,
    bound.notFollowed,
  );
  inventory.notes = [...notes.values()];
  return inventory;
}

function failed(step: Step, e: unknown): FormResult {
  return {
    errors: [
      {
        file: step.input.file,
        message: `cannot load as ${step.form.description}: ${(e as Error)?.message ?? String(e)}`,
        unreadable: false,
      },
    ],
  };
}

/** Loads any mix of files and folders into one inventory. */
export async function loadInventory(paths: readonly string[], options: LoadOptions = {}): Promise<Inventory> {
  const g = steps(paths, options);
  let next = g.next();
  while (!next.done) {
    let result: FormResult;
    try {
      result = await next.value.form.load(next.value.input, next.value.ctx);
    } catch (e) {
      result = failed(next.value, e);
    }
    next = g.next(result);
  }
  return next.value;
}

/**
 * The same path without await, for jest matchers: a form whose parser is
 * asynchronous (HCL) gives an input error saying to use `check()` instead.
 */
export function loadInventorySync(paths: readonly string[], options: LoadOptions = {}): Inventory {
  const g = steps(paths, options);
  let next = g.next();
  while (!next.done) {
    const step = next.value;
    let result: FormResult;
    if (step.form.async) {
      result = {
        errors: [
          {
            file: step.input.file,
            message: `${step.form.description} needs the asynchronous check(); use it instead of the matcher`,
            unreadable: false,
          },
        ],
      };
    } else {
      try {
        result = step.form.load(step.input, step.ctx) as FormResult;
      } catch (e) {
        result = failed(step, e);
      }
    }
    next = g.next(result);
  }
  return next.value;
}
