import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Runs terraform init / validate / plan on synthesized stacks with no cloud
 * account: each stack is copied into a temporary folder, where an override
 * file adds dummy AWS credentials and the skip_* flags to every aws provider
 * block, and a CLI config points provider installation at a local
 * filesystem mirror. The synthesized output itself is never modified.
 */

export type Step = "init" | "validate" | "plan";

export interface OfflineOptions {
  /** Folder holding `registry.terraform.io/...`. @default findProviderMirror() */
  readonly mirrorDir?: string;
  /** @default findTerraform() */
  readonly terraform?: string;
  /** Steps to run, in order. @default ["init", "validate", "plan"] */
  readonly steps?: readonly Step[];
  /** Also return the plan as JSON (`terraform show -json`), e.g. for policy fixtures. @default false */
  readonly planJson?: boolean;
  /** Stacks run in parallel (runOffline only). @default 2 */
  readonly jobs?: number;
  /** Called when a stack starts or finishes a step. */
  readonly onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  readonly stack: string;
  readonly step: Step;
  readonly phase: "start" | "done";
  readonly ms?: number;
}

export interface StackResult {
  readonly stack: string;
  readonly status: "passed" | "failed" | "skipped";
  /** Why it was skipped, or which step failed and terraform's message. */
  readonly reason?: string;
  readonly failedStep?: Step;
  /** Milliseconds per step that ran. */
  readonly ms: Partial<Record<Step, number>>;
  /** `Plan: 12 to add, 0 to change, 0 to destroy.` when a plan ran. */
  readonly planSummary?: string;
  /** The parsed `terraform show -json` plan, when asked for. */
  readonly plan?: unknown;
}

/** The dummy credentials only the temporary copy ever sees. */
export const OFFLINE_PROVIDER_SETTINGS = {
  access_key: "offline-validation-dummy",
  secret_key: "offline-validation-dummy",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
} as const;

const MIRROR_CANDIDATES = ["/opt/tf-plugins", path.join(os.homedir(), ".terraform.d", "plugins")];

/** The terraform binary on PATH (or `$ACTIVEACTIVE_TERRAFORM`), if any. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ACTIVEACTIVE_TERRAFORM)
    return fs.existsSync(env.ACTIVEACTIVE_TERRAFORM) ? env.ACTIVEACTIVE_TERRAFORM : undefined;
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === "win32" ? "terraform.exe" : "terraform");
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A provider mirror holding hashicorp/aws: `$ACTIVEACTIVE_TF_MIRROR`, else
 * the first of /opt/tf-plugins and ~/.terraform.d/plugins (or a folder up to
 * two levels inside them) that has `registry.terraform.io/hashicorp/aws`.
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const roots = env.ACTIVEACTIVE_TF_MIRROR ? [env.ACTIVEACTIVE_TF_MIRROR] : MIRROR_CANDIDATES;
  for (const root of roots) {
    const found = searchMirror(path.resolve(root), 2);
    if (found) return found;
  }
  return undefined;
}

function searchMirror(dir: string, depth: number): string | undefined {
  if (hasProvider(dir, "hashicorp/aws")) return dir;
  if (depth === 0) return undefined;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const found = searchMirror(path.join(dir, e.name), depth - 1);
    if (found) return found;
  }
  return undefined;
}

function hasProvider(mirror: string, source: string): boolean {
  return fs.existsSync(path.join(mirror, "registry.terraform.io", source));
}

/** The CLI config: providers from the mirror, everything else as usual. */
export function cliConfig(mirrorDir: string): string {
  const aws = "registry.terraform.io/hashicorp/aws";
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirrorDir)}`,
    `    include = [${JSON.stringify(aws)}]`,
    "  }",
    "  direct {",
    `    exclude = [${JSON.stringify(aws)}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

interface StackJson {
  provider?: Record<string, Record<string, unknown>[] | Record<string, unknown>>;
  terraform?: { required_providers?: Record<string, { source?: string } | string> };
  variable?: Record<string, { default?: unknown; type?: string }>;
}

/**
 * The override file for a stack: dummy credentials and skip_* flags merged
 * into every aws provider block (matched by alias), or undefined when the
 * stack has none.
 */
export function offlineOverride(stack: StackJson): object | undefined {
  const aws = stack.provider?.aws;
  if (aws === undefined) return undefined;
  const blocks = Array.isArray(aws) ? aws : [aws];
  return {
    provider: {
      aws: blocks.map((b) => ({
        ...(typeof b.alias === "string" ? { alias: b.alias } : {}),
        ...OFFLINE_PROVIDER_SETTINGS,
      })),
    },
  };
}

/** Placeholder values for variables without a default (e.g. a write-only master password). */
export function offlineVariables(stack: StackJson): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(stack.variable ?? {})) {
    if (v.default !== undefined) continue;
    out[name] = v.type === "number" ? 0 : v.type === "bool" ? false : "offline-Placeholder-0";
  }
  return out;
}

/** Providers a stack needs besides aws, as `namespace/name`. */
export function nonAwsProviders(stack: StackJson): string[] {
  const required = stack.terraform?.required_providers ?? {};
  return Object.entries(required)
    .map(([name, spec]) => {
      const source = typeof spec === "string" ? name : (spec.source ?? name);
      return source.includes("/") ? source.replace(/^registry\.terraform\.io\//, "") : `hashicorp/${source}`;
    })
    .filter((s) => s !== "hashicorp/aws")
    .sort();
}

/** The stack folders of a cdktf output folder (`<dir>/stacks/*` with a cdk.tf.json), sorted. */
export function listStacks(outDir: string): string[] {
  const stacksDir = path.join(outDir, "stacks");
  if (!fs.existsSync(stacksDir)) return [];
  return fs
    .readdirSync(stacksDir)
    .filter((name) => fs.existsSync(path.join(stacksDir, name, "cdk.tf.json")))
    .sort()
    .map((name) => path.join(stacksDir, name));
}

/** Runs the offline steps on every stack of a cdktf output folder. */
export async function runOffline(outDir: string, options: OfflineOptions = {}): Promise<StackResult[]> {
  const stacks = listStacks(outDir);
  const results: StackResult[] = new Array(stacks.length);
  let next = 0;
  const worker = async () => {
    while (next < stacks.length) {
      const i = next++;
      results[i] = await runStackOffline(stacks[i]!, options);
    }
  };
  const jobs = Math.max(1, Math.min(options.jobs ?? 2, stacks.length));
  await Promise.all(Array.from({ length: jobs }, worker));
  return results;
}

/** Runs the offline steps on one synthesized stack folder (holding cdk.tf.json). */
export async function runStackOffline(stackDir: string, options: OfflineOptions = {}): Promise<StackResult> {
  const stack = path.basename(stackDir);
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as StackJson;
  const others = nonAwsProviders(json);
  if (others.length > 0) {
    return {
      stack,
      status: "skipped",
      reason: `uses ${others.join(", ")}: offline plans cover the aws provider only (dummy credentials, local mirror)`,
      ms: {},
    };
  }
  const terraform = options.terraform ?? findTerraform();
  if (terraform === undefined) {
    return { stack, status: "skipped", reason: "terraform is not installed", ms: {} };
  }
  const mirror = options.mirrorDir ?? findProviderMirror();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "activeactive-tf-"));
  try {
    fs.cpSync(stackDir, work, {
      recursive: true,
      filter: (src) => !/(^|[\\/])(\.terraform|[^\\/]*\.tfstate[^\\/]*|\.terraform\.lock\.hcl)$/.test(src),
    });
    const override = offlineOverride(json);
    if (override)
      fs.writeFileSync(path.join(work, "zz_offline_override.tf.json"), JSON.stringify(override, null, 2));
    const vars = offlineVariables(json);
    if (Object.keys(vars).length > 0) {
      fs.writeFileSync(path.join(work, "zz_offline.auto.tfvars.json"), JSON.stringify(vars, null, 2));
    }
    const cliConfigFile = path.join(work, ".terraformrc-offline");
    const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    delete env.TF_DATA_DIR;
    delete env.TF_WORKSPACE;
    if (mirror !== undefined) {
      fs.writeFileSync(cliConfigFile, cliConfig(mirror));
      env.TF_CLI_CONFIG_FILE = cliConfigFile;
    }
    const commands: Record<Step, string[]> = {
      init: ["init", "-input=false", "-no-color"],
      validate: ["validate", "-no-color"],
      plan: ["plan", "-refresh=false", "-lock=false", "-input=false", "-no-color", "-out=offline.tfplan"],
    };
    const ms: Partial<Record<Step, number>> = {};
    let planSummary: string | undefined;
    for (const step of options.steps ?? ["init", "validate", "plan"]) {
      options.onProgress?.({ stack, step, phase: "start" });
      const started = Date.now();
      const run = await exec(terraform, commands[step], work, env);
      ms[step] = Date.now() - started;
      options.onProgress?.({ stack, step, phase: "done", ms: ms[step] });
      if (run.code !== 0) {
        const hint =
          step === "init" && mirror === undefined
            ? " (no provider mirror found: set ACTIVEACTIVE_TF_MIRROR)"
            : "";
        return {
          stack,
          status: "failed",
          failedStep: step,
          reason: `terraform ${step} failed${hint}:\n${(run.stderr.trim() || run.stdout.trim()).slice(-8000)}`,
          ms,
        };
      }
      if (step === "plan") planSummary = /^(Plan: .*|No changes\..*)$/m.exec(run.stdout)?.[1];
    }
    let plan: unknown;
    if (options.planJson && ms.plan !== undefined) {
      const show = await exec(terraform, ["show", "-json", "-no-color", "offline.tfplan"], work, env);
      if (show.code !== 0) {
        return { stack, status: "failed", reason: `terraform show failed:\n${show.stderr.trim()}`, ms };
      }
      plan = JSON.parse(show.stdout);
    }
    return {
      stack,
      status: "passed",
      ms,
      ...(planSummary !== undefined ? { planSummary } : {}),
      ...(plan !== undefined ? { plan } : {}),
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function exec(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => resolve({ code: 127, stdout: "", stderr: e.message }));
    child.on("close", (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
  });
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
