import * as fs from "node:fs";
import * as path from "node:path";
import { LineLocator } from "../../lines";
import type { InputError } from "../../types";
import { isObj, type Obj } from "../../values";
import { type InputNote, KUSTOMIZATION_FILES, type LoadContext, type LoadedObject } from "../forms/form";
import { annotationSuppressions, loadK8sYaml } from "../k8s-yaml";
import { applyJson6902, PatchError, strategicMerge } from "./patch";

/** The kustomization file of a folder, if it has one. */
export function kustomizationIn(dir: string): string | undefined {
  for (const n of KUSTOMIZATION_FILES) {
    const f = path.join(dir, n);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

/** Fields the in-process renderer applies; any other key is reported once, as not rendered. */
const SUPPORTED = new Set([
  "apiVersion",
  "kind",
  "metadata",
  "resources",
  "bases",
  "components",
  "patches",
  "patchesStrategicMerge",
  "patchesJson6902",
  "images",
  "replicas",
  "namespace",
  "namePrefix",
  "nameSuffix",
  "commonLabels",
  "labels",
  "commonAnnotations",
  "sortOptions",
  "buildMetadata",
]);

const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "PersistentVolume",
  "StorageClass",
  "PriorityClass",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "APIService",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "Node",
]);
const SCALABLE = new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"]);

/** An object being built: the document is changed in place, file and line follow the last change. */
interface Working {
  doc: Obj;
  file: string;
  line: number;
  suppressions: LoadedObject["suppressions"];
}

export interface BuildResult {
  readonly objects: LoadedObject[];
  readonly errors: InputError[];
  readonly notes: InputNote[];
  /** Every file the build read (resources, patches, kustomization files of bases and components). */
  readonly claims: string[];
}

class Build {
  readonly errors: InputError[] = [];
  readonly notes: InputNote[] = [];
  readonly claims = new Set<string>();

  constructor(private readonly ctx: LoadContext) {}

  /** Reads one kustomization and applies it on top of `acc` (a component's parent's objects). */
  run(file: string, acc: Working[], stack: readonly string[]): Working[] {
    const shown = this.ctx.show(file);
    const dir = path.dirname(file);
    if (stack.includes(file)) {
      this.errors.push({
        file: shown,
        message: `kustomization cycle: ${[...stack, file].map(this.ctx.show).join(" -> ")}`,
        unreadable: false,
      });
      return acc;
    }
    this.claims.add(file);
    const YAML = require("yaml") as typeof import("yaml");
    let text: string;
    try {
      text = this.ctx.read(file);
    } catch (e) {
      this.errors.push({
        file: shown,
        message: `cannot read file: ${(e as Error).message}`,
        unreadable: true,
      });
      return acc;
    }
    const parsed = YAML.parseDocument(text, { logLevel: "error" });
    if (parsed.errors.length) {
      const e = parsed.errors[0]!;
      this.errors.push({
        file: shown,
        ...(e.linePos ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}),
        message: `malformed YAML: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
        unreadable: false,
      });
      return acc;
    }
    const k: unknown = parsed.toJS({ maxAliasCount: 100 });
    if (!isObj(k)) {
      this.errors.push({
        file: shown,
        line: 1,
        message: "a kustomization must be a mapping",
        unreadable: false,
      });
      return acc;
    }
    const lines = new LineLocator(text);
    const lineOf = (key: string) => {
      const m = new RegExp(`^${key}\\s*:`, "m").exec(text);
      return m ? lines.lineAt(m.index) : 1;
    };
    const bad = (key: string, message: string) =>
      this.errors.push({ file: shown, line: lineOf(key), message: `${key}: ${message}`, unreadable: false });
    const note = (key: string, message: string) =>
      this.notes.push({ file: shown, message: `${key}: ${message}` });
    const list = (key: string): unknown[] => {
      const v = k[key];
      if (v === undefined || v === null) return [];
      if (!Array.isArray(v)) {
        bad(key, "expected a list");
        return [];
      }
      return v;
    };
    const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
    if (unsupported.length)
      this.notes.push({
        file: shown,
        message: `${unsupported.join(", ")} not rendered in-process; to check exactly what deploys, check the output of \`kustomize build ${this.ctx.show(dir)}\``,
      });
    // Resources, then components, then this kustomization's own transformers.
    const own: Working[] = [];
    for (const [i, r] of [...list("resources"), ...list("bases")].entries()) {
      if (typeof r !== "string") {
        bad("resources", `entry ${i} is not a path`);
        continue;
      }
      if (
        /^[a-z]+:\/\//.test(r) ||
        /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(r) ||
        r.includes("?ref=")
      ) {
        this.notes.push({
          file: shown,
          message: `remote resource ${r} not fetched; check the output of \`kustomize build\` to include it`,
        });
        continue;
      }
      const abs = path.resolve(dir, r);
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(abs);
      } catch {
        bad("resources", `${r}: no such file or folder`);
        continue;
      }
      if (stat.isDirectory()) {
        const sub = kustomizationIn(abs);
        if (!sub) bad("resources", `${r} is a folder without a kustomization.yaml`);
        else for (const w of this.run(sub, [], [...stack, file])) own.push(w);
      } else for (const w of this.readObjects(abs, file)) own.push(w);
    }
    let objects = [...acc, ...own];
    for (const c of list("components")) {
      const abs = typeof c === "string" ? path.resolve(dir, c) : "";
      const sub = abs ? kustomizationIn(abs) : undefined;
      if (!sub) bad("components", `${String(c)} is not a folder with a kustomization.yaml`);
      else objects = this.run(sub, objects, [...stack, file]);
    }
    const at = { file: shown, line: 1 };
    const touched = (w: Working, key: string) => {
      w.file = at.file;
      w.line = lineOf(key);
    };
    // Patches.
    for (const p of list("patchesStrategicMerge")) {
      const patch = this.patchText(p, dir, () => bad("patchesStrategicMerge", `${String(p)} cannot be read`));
      if (patch !== undefined)
        objects = this.applyPatch(objects, patch, undefined, "patchesStrategicMerge", touched, bad, note);
    }
    for (const p of [...list("patchesJson6902"), ...list("patches")]) {
      const key = list("patches").includes(p) ? "patches" : "patchesJson6902";
      if (!isObj(p)) {
        bad(key, "expected {path or patch, target}");
        continue;
      }
      const source =
        typeof p["patch"] === "string"
          ? p["patch"]
          : typeof p["path"] === "string"
            ? this.patchText(p["path"], dir, () => bad(key, `${String(p["path"])} cannot be read`))
            : undefined;
      if (source === undefined) continue;
      objects = this.applyPatch(
        objects,
        source,
        isObj(p["target"]) ? p["target"] : undefined,
        key,
        touched,
        bad,
        note,
      );
    }
    // Names, namespace, labels and annotations.
    const ns = typeof k["namespace"] === "string" ? k["namespace"] : undefined;
    const prefix = typeof k["namePrefix"] === "string" ? k["namePrefix"] : "";
    const suffix = typeof k["nameSuffix"] === "string" ? k["nameSuffix"] : "";
    const commonLabels = isObj(k["commonLabels"]) ? k["commonLabels"] : undefined;
    const annotations = isObj(k["commonAnnotations"]) ? k["commonAnnotations"] : undefined;
    for (const w of objects) {
      const meta = obj(w.doc, "metadata");
      const kind = String(w.doc["kind"]);
      if (ns && !CLUSTER_SCOPED.has(kind)) meta["namespace"] = ns;
      if ((prefix || suffix) && kind !== "Namespace" && kind !== "CustomResourceDefinition")
        meta["name"] = `${prefix}${String(meta["name"])}${suffix}`;
      if (commonLabels) addLabels(w.doc, commonLabels, true, true);
      if (annotations) Object.assign(obj(meta, "annotations"), annotations);
    }
    for (const l of list("labels")) {
      if (isObj(l) && isObj(l["pairs"]))
        for (const w of objects)
          addLabels(
            w.doc,
            l["pairs"],
            l["includeSelectors"] === true,
            l["includeTemplates"] === true || l["includeSelectors"] === true,
          );
    }
    // Images and replicas.
    for (const img of list("images")) {
      if (!isObj(img) || typeof img["name"] !== "string") {
        bad("images", "each entry needs a name");
        continue;
      }
      for (const w of objects) if (setImages(w.doc, img)) touched(w, "images");
    }
    for (const r of list("replicas")) {
      if (!isObj(r) || typeof r["name"] !== "string" || typeof r["count"] !== "number") {
        bad("replicas", "each entry needs a name and a count");
        continue;
      }
      for (const w of objects) {
        if (SCALABLE.has(String(w.doc["kind"])) && obj(w.doc, "metadata")["name"] === r["name"]) {
          obj(w.doc, "spec")["replicas"] = r["count"];
          touched(w, "replicas");
        }
      }
    }
    return objects;
  }

  private readObjects(abs: string, kustomization: string): Working[] {
    this.claims.add(abs);
    let text: string;
    try {
      text = this.ctx.read(abs);
    } catch (e) {
      this.errors.push({
        file: this.ctx.show(abs),
        message: `cannot read file: ${(e as Error).message}`,
        unreadable: true,
      });
      return [];
    }
    const r = loadK8sYaml(text, this.ctx.show(abs), path.dirname(kustomization));
    for (const e of r.errors) this.errors.push(e);
    return r.objects.map((o) => ({
      doc: JSON.parse(JSON.stringify(o.doc)) as Obj,
      file: o.file,
      line: o.line,
      suppressions: o.suppressions,
    }));
  }

  private patchText(p: unknown, dir: string, fail: () => void): string | undefined {
    if (typeof p !== "string") return undefined;
    // An inline patch is a YAML document with a newline; else it is a path.
    if (p.includes("\n")) return p;
    const abs = path.resolve(dir, p);
    try {
      const text = this.ctx.read(abs);
      this.claims.add(abs);
      return text;
    } catch {
      fail();
      return undefined;
    }
  }

  private applyPatch(
    objects: Working[],
    source: string,
    target: Obj | undefined,
    key: string,
    touched: (w: Working, key: string) => void,
    bad: (key: string, message: string) => void,
    note: (key: string, message: string) => void,
  ): Working[] {
    const YAML = require("yaml") as typeof import("yaml");
    let docs: unknown[];
    try {
      docs = YAML.parseAllDocuments(source, { logLevel: "error" }).map((d) => {
        if (d.errors.length) throw new Error(d.errors[0]!.message.split("\n")[0]);
        return d.toJS() as unknown;
      });
    } catch (e) {
      bad(key, `a patch is malformed YAML: ${(e as Error).message}`);
      return objects;
    }
    let out = objects;
    for (const patch of docs) {
      if (patch === null || patch === undefined) continue;
      const matches = (w: Working) =>
        target ? selects(target, w.doc) : isObj(patch) && sameObject(patch, w.doc);
      const hits = out.filter(matches);
      if (!hits.length) {
        // kustomize itself accepts a target that selects nothing (Flux's bootstrap
        // overlays rely on it), but fails on a strategic-merge patch with no object.
        (target ? note : bad)(
          key,
          `a patch matches no object${target ? ` (target ${JSON.stringify(target)})` : isObj(patch) ? ` (${String(patch["kind"])}/${String(obj(patch, "metadata")["name"])})` : ""}`,
        );
        continue;
      }
      for (const w of hits) {
        if (Array.isArray(patch)) {
          try {
            applyJson6902(w.doc, patch);
          } catch (e) {
            if (!(e instanceof PatchError)) throw e;
            bad(key, e.message);
            continue;
          }
        } else {
          const merged = strategicMerge(w.doc, patch);
          if (merged === undefined) {
            out = out.filter((x) => x !== w);
            continue;
          }
          w.doc = merged as Obj;
        }
        touched(w, key);
      }
    }
    return out;
  }
}

function obj(o: Obj, key: string): Obj {
  if (!isObj(o[key])) o[key] = {};
  return o[key] as Obj;
}

function addLabels(doc: Obj, labels: Obj, selectors: boolean, templates: boolean): void {
  Object.assign(obj(obj(doc, "metadata"), "labels"), labels);
  const spec = isObj(doc["spec"]) ? doc["spec"] : undefined;
  if (!spec) return;
  if (selectors) {
    if (doc["kind"] === "Service") Object.assign(obj(spec, "selector"), labels);
    else if (isObj(spec["selector"]) || isObj(spec["template"]))
      Object.assign(obj(obj(spec, "selector"), "matchLabels"), labels);
  }
  if (templates && isObj(spec["template"]))
    Object.assign(obj(obj(spec["template"], "metadata"), "labels"), labels);
}

/** Does a patch target (`kind`, `name` (a regex), `namespace`, `group`, `version`, `labelSelector`) select the object? */
function selects(t: Obj, doc: Obj): boolean {
  const meta = isObj(doc["metadata"]) ? doc["metadata"] : {};
  const [group, version] = String(doc["apiVersion"] ?? "").includes("/")
    ? String(doc["apiVersion"]).split("/")
    : ["", String(doc["apiVersion"] ?? "")];
  const re = (v: unknown, actual: unknown) =>
    typeof v !== "string" || new RegExp(`^(?:${v})$`).test(String(actual ?? ""));
  if (
    !re(t["kind"], doc["kind"]) ||
    !re(t["name"], meta["name"]) ||
    !re(t["group"], group) ||
    !re(t["version"], version)
  )
    return false;
  if (typeof t["namespace"] === "string" && t["namespace"] !== (meta["namespace"] ?? "default")) return false;
  for (const [field, key] of [
    ["labelSelector", "labels"],
    ["annotationSelector", "annotations"],
  ] as const) {
    const sel = t[field];
    if (typeof sel !== "string") continue;
    const have = isObj(meta[key]) ? meta[key] : {};
    for (const part of sel.split(",")) {
      const [k, v] = part.split("=").map((s) => s.trim());
      if (v === undefined ? !(k! in have) : have[k!] !== v) return false;
    }
  }
  return true;
}

/** A strategic-merge patch without a target applies to the object of its kind and name. */
function sameObject(patch: Obj, doc: Obj): boolean {
  const pm = isObj(patch["metadata"]) ? patch["metadata"] : {};
  const dm = isObj(doc["metadata"]) ? doc["metadata"] : {};
  return (
    patch["kind"] === doc["kind"] &&
    pm["name"] === dm["name"] &&
    (pm["namespace"] === undefined || pm["namespace"] === (dm["namespace"] ?? "default"))
  );
}

/** Applies an `images:` entry to every container of the object; true when one changed. */
function setImages(doc: unknown, img: Obj): boolean {
  let changed = false;
  const visit = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        if ((k === "containers" || k === "initContainers") && Array.isArray(x)) {
          for (const c of x) {
            if (!isObj(c) || typeof c["image"] !== "string") continue;
            const next = retag(c["image"], img);
            if (next !== c["image"]) {
              c["image"] = next;
              changed = true;
            }
          }
        } else visit(x);
      }
    }
  };
  visit(doc);
  return changed;
}

function retag(image: string, img: Obj): string {
  const at = image.indexOf("@");
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const rest = at === -1 ? image : image.slice(0, at);
  const colon = rest.lastIndexOf(":");
  const hasTag = colon > rest.lastIndexOf("/");
  const name = hasTag ? rest.slice(0, colon) : rest;
  const tag = hasTag ? rest.slice(colon + 1) : undefined;
  if (name !== img["name"]) return image;
  const newName = typeof img["newName"] === "string" ? img["newName"] : name;
  if (typeof img["digest"] === "string") return `${newName}@${img["digest"]}`;
  const newTag = img["newTag"] !== undefined ? String(img["newTag"]) : tag;
  return `${newName}${newTag !== undefined ? `:${newTag}` : ""}${img["newTag"] === undefined && digest ? `@${digest}` : ""}`;
}

/**
 * Renders a kustomization in-process: resources and bases, components,
 * patches (strategic-merge and JSON 6902, inline or from files, with or
 * without targets), patchesStrategicMerge, patchesJson6902, namespace,
 * namePrefix/nameSuffix, commonLabels/labels, commonAnnotations, images and
 * replicas. Other fields (generators, replacements, helmCharts) are named in
 * a note, not guessed at.
 */
export function buildKustomization(file: string, ctx: LoadContext): BuildResult {
  const b = new Build(ctx);
  const built = b.run(file, [], []);
  const source = path.dirname(file);
  // One object per kind/namespace/name, as kustomize itself keeps: the last copy wins.
  const byId = new Map<string, Working>();
  for (const w of built) {
    const meta = isObj(w.doc["metadata"]) ? w.doc["metadata"] : {};
    byId.set(`${String(w.doc["kind"])}/${String(meta["namespace"] ?? "default")}/${String(meta["name"])}`, w);
  }
  const objects: LoadedObject[] = [...byId.values()].map((w) => {
    const meta = isObj(w.doc["metadata"]) ? w.doc["metadata"] : {};
    return {
      apiVersion: typeof w.doc["apiVersion"] === "string" ? w.doc["apiVersion"] : "",
      kind: String(w.doc["kind"]),
      name: typeof meta["name"] === "string" ? meta["name"] : "",
      namespace: typeof meta["namespace"] === "string" ? meta["namespace"] : "default",
      file: w.file,
      line: w.line,
      doc: w.doc,
      suppressions: annotationSuppressions(meta),
      source,
    };
  });
  return { objects, errors: b.errors, notes: b.notes, claims: [...b.claims] };
}
