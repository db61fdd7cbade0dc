import type {
  Cloud,
  InputError,
  InventoryView,
  K8sObject,
  ProviderConfig,
  Resource,
  UnfollowedModule,
  VariableDefault,
} from "./types";
import { addTo, isExpr, refOf, refUnit } from "./values";

export type { UnfollowedModule } from "./types";

/**
 * Everything the rules see: every resource of every stack, plan and module,
 * and every Kubernetes object of every cluster, at once. Indexed by type so a
 * rule only walks what it reads.
 */
export class Inventory implements InventoryView {
  private readonly byType = new Map<string, Resource[]>();
  private readonly byKind = new Map<string, K8sObject[]>();
  /** unit -> type -> name -> resource, built on the first reference lookup. */
  private byAddress: Map<string, Map<string, Map<string, Resource>>> | undefined;
  private readonly vars = new Map<string, VariableDefault>();

  constructor(
    readonly resources: readonly Resource[],
    readonly objects: readonly K8sObject[],
    readonly providers: readonly ProviderConfig[] = [],
    variables: readonly VariableDefault[] = [],
    readonly errors: readonly InputError[] = [],
    readonly notFollowed: readonly UnfollowedModule[] = [],
  ) {
    for (const r of resources) {
      addTo(this.byType, r.type, r);
    }
    for (const o of objects) {
      addTo(this.byKind, o.kind, o);
    }
    for (const v of variables) this.vars.set(`${v.unit}\u0000${v.name}`, v);
  }

  /**
   * What the user should know about the inputs that is not a finding (a Helm
   * chart not rendered, a kustomization field not applied); set once by the loader.
   */
  notes: readonly { readonly file: string; readonly message: string }[] = [];

  private readonly memos = new Map<string, unknown>();

  /** A fact several rules read (routed records, datastore groups), computed once per inventory. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Resources of the given types, in input order. */
  ofType(...types: string[]): Resource[] {
    if (types.length === 1) return this.byType.get(types[0]!) ?? [];
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  /** Resource types present. */
  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Kubernetes objects of the given kinds. */
  ofKind(...kinds: string[]): K8sObject[] {
    return kinds.flatMap((k) => this.byKind.get(k) ?? []);
  }

  /** The resource a value refers to (`${aws_vpc.main.id}`), looked up in the referrer's module. */
  target(from: Resource, value: unknown): Resource | undefined {
    const ref = refOf(value);
    if (!ref) return undefined;
    const parts = ref.replace(/\[[^\]]*\]/g, "").split(".");
    if (parts.length < 2 || parts[0] === "var" || parts[0] === "local" || parts[0] === "data")
      return undefined;
    if (!this.byAddress) {
      this.byAddress = new Map();
      for (const r of this.resources) {
        let unit = this.byAddress.get(r.unit);
        if (!unit) {
          unit = new Map();
          this.byAddress.set(r.unit, unit);
        }
        let names = unit.get(r.type);
        if (!names) {
          names = new Map();
          unit.set(r.type, names);
        }
        if (!names.has(r.name)) names.set(r.name, r);
      }
    }
    return this.byAddress
      .get(refUnit(value) ?? from.unit)
      ?.get(parts[0]!)
      ?.get(parts[1]!);
  }

  /** Follows `${var.x}` to the variable's default, where there is one; other values come back as they are. */
  resolve(from: Resource, value: unknown): unknown {
    const ref = refOf(value);
    if (ref?.startsWith("var.")) {
      const v = this.vars.get(`${from.unit}\u0000${ref.slice(4).split(/[.[]/)[0]}`);
      if (v?.hasDefault) return v.default;
    }
    return value;
  }

  /** Why a variable of the resource's module has no known value ("module argument"), when the loader said. */
  variableReason(from: Resource, name: string): string | undefined {
    const v = this.vars.get(`${from.unit}\u0000${name}`);
    if (v?.hasDefault) return "value that could not be worked out here";
    return v ? v.reason : undefined;
  }

  /**
   * True when an attribute holds a secret written into the code: a literal
   * string, or a variable whose default is one. A reference to anything else
   * (a random_password, a secret manager, a variable without default) is not.
   */
  isLiteralSecret(from: Resource, attribute: string, value: unknown): boolean {
    if (value === undefined || value === null || value === "") return false;
    if (from.literals) return from.literals.has(attribute);
    if (typeof value !== "string") return typeof value === "number";
    if (!isExpr(value)) return true;
    const ref = refOf(value);
    if (ref?.startsWith("var.")) {
      const v = this.vars.get(`${from.unit}\u0000${ref.slice(4)}`);
      return v?.hasDefault === true && typeof v.default === "string" && v.default !== "";
    }
    return false;
  }

  /**
   * Why something may exist that the inventory does not show: a module call
   * that was not followed (in the given unit, or anywhere when none is given).
   */
  hiddenByModules(unit?: string): string | undefined {
    const m = this.notFollowed.find((x) => unit === undefined || x.unit === unit);
    return m ? `module.${m.name} (${m.source}) is not followed and may create it` : undefined;
  }

  /** Distinct regions with resources, per cloud, sorted. */
  regions(cloud?: Cloud): string[] {
    const set = new Set<string>();
    for (const r of this.resources)
      if (r.region && (cloud === undefined || r.cloud === cloud)) set.add(r.region);
    return [...set].sort();
  }
}
