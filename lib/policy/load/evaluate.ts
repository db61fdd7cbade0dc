/**
 * A small evaluator for the conditions configuration code writes most:
 * `var.create && !var.autoscaling_enabled ? 1 : 0`, `var.env != "development"`.
 * Literals, known `var.`/`local.` references, `!`, `&&`, `||`, `==`, `!=`,
 * `? :`, tuples (`[1]`, `[]`) and parentheses. Anything else (functions, other references,
 * arithmetic) makes the whole expression unknown: `undefined` comes back.
 */

const UNKNOWN = Symbol("unknown");
type Value = unknown;

type Token = { kind: "lit"; value: Value } | { kind: "ref"; name: string } | { kind: "op"; op: string };

function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["&&", "||", "==", "!=", ">=", "<="].includes(two)) {
      out.push({ kind: "op", op: two });
      i += 2;
      continue;
    }
    if ("!?:()[],<>".includes(c)) {
      out.push({ kind: "op", op: c });
      i++;
      continue;
    }
    if (c === '"') {
      const m = /^"((?:[^"\\$]|\\.)*)"/.exec(src.slice(i));
      if (!m) return undefined;
      out.push({ kind: "lit", value: JSON.parse(m[0]) });
      i += m[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ kind: "lit", value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][\w-]*((\.[A-Za-z_][\w-]*)|(\[[^\]]*\]))*/.exec(src.slice(i));
    if (!word) return undefined;
    const w = word[0];
    i += w.length;
    if (w === "true" || w === "false") out.push({ kind: "lit", value: w === "true" });
    else if (w === "null") out.push({ kind: "lit", value: null });
    else if (/^(var|local)\.[\w-]+$/.test(w)) out.push({ kind: "ref", name: w });
    else if (src[i] === "(") {
      // A function call: its value is unknown, but `false && length(x) > 0` still is false.
      let depth = 0;
      for (; i < src.length; i++) {
        if (src[i] === "(") depth++;
        else if (src[i] === ")" && --depth === 0) break;
        else if (src[i] === '"') return undefined; // strings inside calls: not scanned
      }
      if (depth !== 0) return undefined;
      i++;
      out.push({ kind: "ref", name: `${w}()` });
    } else out.push({ kind: "ref", name: w }); // other references: unknown unless known
  }
  return out;
}

/** The value of `${...}` when it can be computed from known variables and locals; undefined otherwise. */
export function evaluate(expr: string, env: ReadonlyMap<string, unknown>): { value: unknown } | undefined {
  const m = /^\$\{([\s\S]*)\}$/.exec(expr);
  if (!m || m[1]!.includes("${")) return undefined;
  const tokens = tokenize(m[1]!);
  if (!tokens?.length) return undefined;
  let pos = 0;
  const peek = (op: string) => {
    const t = tokens[pos];
    return t?.kind === "op" && t.op === op;
  };
  const ternary = (): Value => {
    const cond = or();
    if (!peek("?")) return cond;
    pos++;
    const a = ternary();
    if (!peek(":")) throw new Error("bad ternary");
    pos++;
    const b = ternary();
    if (cond === UNKNOWN) return a === b && a !== UNKNOWN ? a : UNKNOWN;
    if (typeof cond !== "boolean") throw new Error("condition is not a bool");
    return cond ? a : b;
  };
  const or = (): Value => {
    let l = and();
    while (peek("||")) {
      pos++;
      const r = and();
      l =
        l === true || r === true ? true : l === UNKNOWN || r === UNKNOWN ? UNKNOWN : l === true || r === true;
    }
    return l;
  };
  const and = (): Value => {
    let l = equality();
    while (peek("&&")) {
      pos++;
      const r = equality();
      l =
        l === false || r === false
          ? false
          : l === UNKNOWN || r === UNKNOWN
            ? UNKNOWN
            : l === true && r === true;
    }
    return l;
  };
  const equality = (): Value => {
    let l = relational();
    while (peek("==") || peek("!=")) {
      const op = (tokens[pos++] as { op: string }).op;
      const r = relational();
      if (l === UNKNOWN || r === UNKNOWN) l = UNKNOWN;
      else {
        const eq = JSON.stringify(l) === JSON.stringify(r);
        l = op === "==" ? eq : !eq;
      }
    }
    return l;
  };
  const relational = (): Value => {
    let l = unary();
    while (peek("<") || peek(">") || peek("<=") || peek(">=")) {
      const op = (tokens[pos++] as { op: string }).op;
      const r = unary();
      if (l === UNKNOWN || r === UNKNOWN) l = UNKNOWN;
      else if (typeof l !== "number" || typeof r !== "number") throw new Error("not numbers");
      else l = op === "<" ? l < r : op === ">" ? l > r : op === "<=" ? l <= r : l >= r;
    }
    return l;
  };
  const unary = (): Value => {
    if (peek("!")) {
      pos++;
      const v = unary();
      return v === UNKNOWN ? UNKNOWN : typeof v === "boolean" ? !v : UNKNOWN;
    }
    return primary();
  };
  const primary = (): Value => {
    const t = tokens[pos++];
    if (!t) throw new Error("end of expression");
    if (t.kind === "lit") return t.value;
    if (t.kind === "ref") return env.has(t.name) ? env.get(t.name) : UNKNOWN;
    if (t.op === "(") {
      const v = ternary();
      if (!peek(")")) throw new Error("missing )");
      pos++;
      return v;
    }
    if (t.op === "[") {
      // A tuple: `var.private ? [1] : []`, the for_each of an optional dynamic block.
      const items: Value[] = [];
      while (!peek("]")) {
        items.push(ternary());
        if (peek(",")) pos++;
        else if (!peek("]")) throw new Error("missing ]");
      }
      pos++;
      return items.includes(UNKNOWN) ? UNKNOWN : items;
    }
    throw new Error(`unexpected ${t.op}`);
  };
  try {
    const v = ternary();
    if (pos !== tokens.length || v === UNKNOWN) return undefined;
    return { value: v };
  } catch {
    return undefined;
  }
}
