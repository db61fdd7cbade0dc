import { isObj, type Obj } from "../../values";

/** Patch merge keys of the Kubernetes API for the lists that merge by key rather than being replaced. */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ["name"],
  initContainers: ["name"],
  ephemeralContainers: ["name"],
  env: ["name"],
  volumes: ["name"],
  volumeMounts: ["mountPath"],
  volumeDevices: ["devicePath"],
  imagePullSecrets: ["name"],
  hostAliases: ["ip"],
  ports: ["containerPort", "port"],
  topologySpreadConstraints: ["topologyKey"],
  conditions: ["type"],
};

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * A strategic-merge patch applied to a copy of `base`: maps merge, lists with
 * a Kubernetes merge key merge item by item, other lists are replaced, `null`
 * deletes, `$patch: delete|replace` is honoured. Returns undefined when the
 * patch deletes the whole value.
 */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  if (patch["$patch"] === "delete") return undefined;
  if (patch["$patch"] === "replace") return withoutDirectives(patch);
  const out: Obj = isObj(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$")) continue;
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(out[k], v, k);
    else if (isObj(v)) {
      const merged = strategicMerge(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  return out;
}

function withoutDirectives(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (!k.startsWith("$")) out[k] = clone(v);
  return out;
}

function mergeList(base: unknown, patch: unknown[], field: string): unknown[] {
  const list = Array.isArray(base) ? [...base] : [];
  const key = (MERGE_KEYS[field] ?? []).find((k) => patch.every((p) => isObj(p) && p[k] !== undefined));
  if (!key) return patch.filter((p) => !(isObj(p) && p["$patch"] !== undefined)).map(clone);
  for (const p of patch as Obj[]) {
    const i = list.findIndex((x) => isObj(x) && x[key] === p[key]);
    if (p["$patch"] === "delete") {
      if (i !== -1) list.splice(i, 1);
    } else if (i === -1) list.push(withoutDirectives(p));
    else list[i] = strategicMerge(list[i], p);
  }
  return list;
}

/** An RFC 6902 operation failed: the message says which and why. */
export class PatchError extends Error {}

function tokens(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new PatchError(`path ${JSON.stringify(pointer)} does not start with /`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc: unknown, pointer: string): { parent: Obj | unknown[]; key: string } {
  const t = tokens(pointer);
  if (!t.length) throw new PatchError("cannot patch the whole document");
  let cur: unknown = doc;
  for (const k of t.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(k)] : isObj(cur) ? cur[k] : undefined;
    if (cur === undefined) throw new PatchError(`path ${pointer} does not exist`);
  }
  if (!Array.isArray(cur) && !isObj(cur)) throw new PatchError(`path ${pointer} does not exist`);
  return { parent: cur, key: t[t.length - 1]! };
}

function get(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const k of tokens(pointer))
    cur = Array.isArray(cur) ? cur[Number(k)] : isObj(cur) ? cur[k] : undefined;
  return cur;
}

function put(doc: unknown, pointer: string, value: unknown, insert: boolean): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) {
    const i = key === "-" ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length)
      throw new PatchError(`index ${key} out of range at ${pointer}`);
    if (insert) parent.splice(i, 0, value);
    else parent[i] = value;
  } else parent[key] = value;
}

function remove(doc: unknown, pointer: string): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else {
    if (!(key in parent)) throw new PatchError(`path ${pointer} does not exist`);
    delete parent[key];
  }
}

/** Applies RFC 6902 operations to `doc` in place. */
export function applyJson6902(doc: Obj, ops: unknown[]): void {
  ops.forEach((op, i) => {
    if (!isObj(op) || typeof op["op"] !== "string" || typeof op["path"] !== "string")
      throw new PatchError(`operation ${i} needs op and path`);
    const p = op["path"];
    switch (op["op"]) {
      case "add":
        put(doc, p, clone(op["value"]), true);
        break;
      case "replace":
        if (get(doc, p) === undefined) throw new PatchError(`replace: path ${p} does not exist`);
        put(doc, p, clone(op["value"]), false);
        break;
      case "remove":
        remove(doc, p);
        break;
      case "move":
      case "copy": {
        const from = String(op["from"]);
        const v = clone(get(doc, from));
        if (v === undefined) throw new PatchError(`${op["op"]}: path ${from} does not exist`);
        if (op["op"] === "move") remove(doc, from);
        put(doc, p, v, true);
        break;
      }
      case "test":
        if (JSON.stringify(get(doc, p)) !== JSON.stringify(op["value"]))
          throw new PatchError(`test failed at ${p}`);
        break;
      default:
        throw new PatchError(`operation ${i}: unknown op ${JSON.stringify(op["op"])}`);
    }
  });
}
