/**
 * Three-valued facts. A value a rule reads is known (a literal, or resolved at
 * load time from a variable default, tfvars, a literal local or a literal
 * module argument), absent, or unknown with a reason. Rules never turn an
 * unknown into a violation: they return `undetermined(...)`, which the engine
 * drops unless the user asked for `--unknown info`.
 */
import type { InventoryView as Inventory, K8sObject, Resource, RuleResult } from "./types";
import { blocks, isObj, type Obj, refOf, UNIT_MARK } from "./values";

/** A value is a Terraform expression somewhere inside (a string, or a list or map holding one at top level). */
function exprIn(v: unknown): string | undefined {
  if (typeof v === "string") return v.includes("${") ? v : undefined;
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x === "string" && x.includes("${")) return x;
  }
  return undefined;
}

function short(expr: string): string {
  const at = expr.indexOf(UNIT_MARK);
  const e = (at === -1 ? expr : expr.slice(0, at)).replace(/\s+/g, " ");
  return e.length > 70 ? `${e.slice(0, 67)}...` : e;
}

/**
 * Why a value is not known, or undefined when it is known or absent. `inv`
 * and `from` tell a module argument from a variable without default.
 */
export function whyUnknown(
  inv: Inventory | undefined,
  from: Resource | undefined,
  v: unknown,
): string | undefined {
  const expr = exprIn(v);
  if (expr === undefined) return undefined;
  const ref = refOf(expr);
  if (ref) {
    const head = ref.split(/[.[]/)[0];
    if (head === "var") {
      const name = ref.slice(4).split(/[.[]/)[0]!;
      const reason = inv && from ? inv.variableReason(from, name) : undefined;
      return reason ? `${ref} is a ${reason}` : `var.${name} has no default`;
    }
    if (head === "local") return `local.${ref.slice(6).split(/[.[]/)[0]} is an expression`;
    if (head === "module") return `${ref} is a module output`;
    if (head === "data") return `${ref} is read from a data source at plan time`;
    if (head === "each" || head === "count") return `${ref} differs per instance (count/for_each)`;
    const second = ref.split(/[.[]/)[1];
    if (second === "value" || second === "key") return `${ref} comes from the items of a dynamic block`;
    return `${ref} is computed by the provider`;
  }
  return `${short(expr)} is an expression`;
}

/** Why an attribute of a resource is unknown; undefined when known or absent. */
export function unknownAttr(inv: Inventory, r: Resource, v: unknown): string | undefined {
  return whyUnknown(inv, r, v);
}

/**
 * A `dynamic "<name>"` block whose for_each is not a literal: how many blocks
 * it makes (maybe none) is unknown. Returns the reason, else undefined.
 */
export function dynamicUnknown(
  inv: Inventory | undefined,
  r: Resource | undefined,
  values: Obj,
  name: string,
): string | undefined {
  for (const d of blocks(values["dynamic"])) {
    for (const b of blocks(d[name])) {
      const forEach = b["for_each"];
      if (Array.isArray(forEach) || isObj(forEach)) continue;
      const why = whyUnknown(inv, r, forEach);
      const over = short(String(forEach));
      return why && !why.startsWith(over)
        ? `dynamic "${name}" block over ${over} (${why})`
        : `dynamic "${name}" block over an expression, ${over}`;
    }
  }
  return undefined;
}

/** count or for_each decided by an expression: how many instances exist is unknown. */
export function instancesUnknown(inv: Inventory | undefined, r: Resource): string | undefined {
  for (const key of ["count", "for_each"]) {
    const v = r.values[key];
    if (v === undefined) continue;
    const why = whyUnknown(inv, r, v);
    if (why) return `${key} is not known (${why})`;
  }
  return undefined;
}

/** A finding the rule could not decide: `<subject>: cannot tell <what>: <reason>`. */
export function undetermined(subject: Resource | K8sObject, what: string, reason: string): RuleResult {
  const id = "address" in subject ? subject.address : `${subject.kind}/${subject.namespace}/${subject.name}`;
  return { subject, unknown: true, message: `${id}: cannot tell ${what}: ${reason}` };
}

/** A value as a rule reads it: known (undefined when absent or null) or unknown with why. */
export type Tri<T> =
  | { readonly known: true; readonly value: T | undefined }
  | { readonly known: false; readonly why: string };

function tri<T>(inv: Inventory, r: Resource, v: unknown, read: (x: unknown) => T | undefined): Tri<T> {
  const why = whyUnknown(inv, r, v);
  return why ? { known: false, why } : { known: true, value: read(v) };
}

export function triBool(inv: Inventory, r: Resource, v: unknown): Tri<boolean> {
  return tri(inv, r, v, (x) =>
    typeof x === "boolean" ? x : x === "true" ? true : x === "false" ? false : undefined,
  );
}

export function triNum(inv: Inventory, r: Resource, v: unknown): Tri<number> {
  return tri(inv, r, v, (x) => {
    const n = typeof x === "number" ? x : typeof x === "string" && x.trim() !== "" ? Number(x) : Number.NaN;
    return Number.isFinite(n) ? n : undefined;
  });
}
