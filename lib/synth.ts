import * as fs from "node:fs";
import * as path from "node:path";
import type { Blueprint } from "./blueprint/model";
import { writeDashboardFiles } from "./operate/dashboards/grafana-dashboards";

export interface SynthOptions {
  /** Where Terraform JSON goes. @default cdktf.out */
  readonly outdir?: string;
  /** Where Kubernetes and GitOps manifests go (`k8s/`, `gitops/` inside). @default dist */
  readonly manifestsDir?: string;
}

export interface StackSummary {
  readonly name: string;
  readonly resources: number;
}

export interface SynthResult {
  readonly stacks: StackSummary[];
  readonly manifests: string[];
}

/**
 * Synthesizes a blueprint into Terraform JSON (cdktf) and manifests (cdk8s).
 * Everything is built in a staging folder first and swapped in at the end, so a
 * failed run never deletes or half-writes an earlier output.
 */
export function synthesize(blueprint: Blueprint, options: SynthOptions = {}): SynthResult {
  const outdir = path.resolve(options.outdir ?? "cdktf.out");
  const manifestsDir = path.resolve(options.manifestsDir ?? "dist");
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(outdir), ".activeactive-synth-"));
  try {
    const tfOut = path.join(staging, "cdktf.out");
    const k8sOut = path.join(staging, "manifests");
    const stacks = synthTerraform(blueprint, tfOut);
    const manifests = synthManifests(blueprint, k8sOut);
    swapIn(tfOut, outdir);
    fs.mkdirSync(manifestsDir, { recursive: true });
    for (const sub of fs.existsSync(k8sOut) ? fs.readdirSync(k8sOut) : []) {
      swapIn(path.join(k8sOut, sub), path.join(manifestsDir, sub));
    }
    return { stacks, manifests };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function synthTerraform(blueprint: Blueprint, outdir: string): StackSummary[] {
  // Loaded here, not at the top: `check` and `validate` must not pay for cdktf.
  const { App } = require("cdktf") as typeof import("cdktf");
  const { addBlueprintStacks } = require("../stacks/app") as typeof import("../stacks/app");
  const app = new App({ outdir, stackTraces: false });
  const stacks = addBlueprintStacks(app, blueprint);
  app.synth();
  return stacks.map((s) => {
    const file = path.join(outdir, "stacks", s.node.id, "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, object> };
    const resources = Object.values(json.resource ?? {}).reduce(
      (n, byName) => n + Object.keys(byName).length,
      0,
    );
    return { name: s.node.id, resources };
  });
}

function synthManifests(blueprint: Blueprint, outdir: string): string[] {
  const { writeManifests } = require("./k8s/synth") as typeof import("./k8s/synth");
  const written = writeManifests(blueprint, outdir);
  // Game days: dist/chaos/<cluster>/, beside dist/k8s so Argo CD never applies them.
  written.push(
    ...(
      require("./operate/game-days/write-chaos") as typeof import("./operate/game-days/write-chaos")
    ).writeChaosManifests(blueprint, outdir),
  );
  written.push(...writeDashboardFiles(blueprint, outdir));
  // The runbooks every generated alert links to (docs/operate.md#runbooks).
  written.push(
    ...(require("./operate/runbooks") as typeof import("./operate/runbooks")).writeRunbooks(
      blueprint,
      outdir,
    ),
  );
  return written;
}

/** Replaces `target` with `source` in two renames, so readers never see a half-written folder. */
function swapIn(source: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  const had = fs.existsSync(target);
  if (had) fs.renameSync(target, old);
  try {
    fs.renameSync(source, target);
  } catch (e) {
    if (had) fs.renameSync(old, target);
    throw e;
  }
  if (had) fs.rmSync(old, { recursive: true, force: true });
}
