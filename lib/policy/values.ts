/**
 * Reading Terraform attribute values the same way whatever the input form:
 * cdktf writes a single nested block as an object, HCL (through hcl2json) and
 * plans as an array of objects; references are `${...}` strings.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The nested blocks of an attribute, as a list. */
export function blocks(v: unknown): Obj[] {
  if (Array.isArray(v)) return v.filter(isObj);
  return isObj(v) ? [v] : [];
}

/** The first nested block, or undefined. */
export function block(v: unknown): Obj | undefined {
  return blocks(v)[0];
}

/** True for a string that holds a Terraform expression. */
export function isExpr(v: unknown): v is string {
  return typeof v === "string" && v.includes("${");
}

/** A literal string value; undefined for expressions and other types. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" && !v.includes("${") ? v : undefined;
}

/** A number, also from a numeric string; undefined when unknown. */
export function num(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "" && !v.includes("${")) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A boolean, also from "true"/"false"; undefined when unknown. */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

/** A literal list of strings; undefined when the list is an expression. */
export function strList(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return undefined;
}

/** The traversal in a value that is exactly one reference: "${aws_vpc.main.id}" -> "aws_vpc.main.id". */
export function refOf(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const at = v.indexOf(UNIT_MARK);
  const m = /^\$\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]]*\])*)\s*\}$/.exec(at === -1 ? v : v.slice(0, at));
  return m ? m[1] : undefined;
}

/** Separates a reference from the module instance it was made in (see refUnit). */
export const UNIT_MARK = "\u0000";

/**
 * A reference passed into a module as an argument keeps the module instance it
 * names a resource in: `${aws_rds_global_cluster.g.id}` + NUL + unit (see load/bind.ts).
 */
export function refUnit(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const at = v.indexOf(UNIT_MARK);
  return at === -1 ? undefined : v.slice(at + 1);
}

/** A value is set when it is neither absent, null, "" nor an empty list. */
export function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** A Google location or zone as its region: `us-central1-a` -> `us-central1`. */
export function regionOfLocation(location: string): string {
  const l = location.toLowerCase();
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(l) ? l.slice(0, -2) : l;
}

/** Appends to the list under a key, creating it. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * How many instances a configuration resource stands for: 1 without
 * count/for_each, the literal count or for_each size, undefined when an
 * expression decides (plans are already expanded: always 1).
 */
export function instances(values: Obj): number | undefined {
  const count = values["count"];
  const forEach = values["for_each"];
  if (count === undefined && forEach === undefined) return 1;
  if (count !== undefined) return num(count);
  if (Array.isArray(forEach)) return forEach.length;
  if (isObj(forEach)) return Object.keys(forEach).length;
  return undefined;
}

/**
 * Nested blocks, including those written with a `dynamic` block. A dynamic
 * block over a literal list or map is expanded, with `${<iterator>.value}`
 * and `${<iterator>.key}` replaced; over an expression, nothing is returned
 * and rules ask `dynamicUnknown` (lib/policy/unknown.ts) why.
 */
export function blocksOf(values: Obj, name: string): Obj[] {
  const out = blocks(values[name]);
  for (const d of blocks(values["dynamic"])) {
    for (const b of blocks(d[name])) {
      const iterator = str(b["iterator"]) ?? name;
      const forEach = b["for_each"];
      const entries: [unknown, unknown][] | undefined = Array.isArray(forEach)
        ? forEach.map((v, i) => [i, v])
        : isObj(forEach)
          ? Object.entries(forEach)
          : undefined;
      // Over an expression, how many blocks there are is unknown: none are returned (see dynamicUnknown).
      if (!entries) continue;
      for (const content of blocks(b["content"])) {
        for (const [key, value] of entries) {
          const put = (v: unknown): unknown => {
            if (v === `\${${iterator}.value}`) return value;
            if (v === `\${${iterator}.key}`) return key;
            // `${iterator.value.state}`, `${iterator.value["state"]}`: an attribute of a known item.
            if (typeof v === "string" && v.startsWith(`\${${iterator}.value`) && isObj(value)) {
              const m = /^\$\{[\w-]+\.value(?:\.([\w-]+)|\["([^"]+)"\])\s*\}$/.exec(v);
              const attr = m ? (m[1] ?? m[2])! : undefined;
              if (attr !== undefined && attr in value) return value[attr];
            }
            if (Array.isArray(v)) return v.map(put);
            if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, put(x)]));
            return v;
          };
          out.push(put(content) as Obj);
        }
      }
    }
  }
  return out;
}

/** The first nested block of that name, a `dynamic` one over a literal list included. */
export function firstOf(values: Obj | undefined, name: string): Obj | undefined {
  return values ? blocksOf(values, name)[0] : undefined;
}
