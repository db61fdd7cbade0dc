import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// What a consumer gets from `npm install activeactive`: the package is built
// from the sources into a staging folder, packed with `npm pack` (offline, no
// scripts), unpacked into a consumer project's node_modules with our
// dependencies linked in (no network), and used by small consumer scripts that
// record every module file they load.

const root = process.cwd();
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as {
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
};

function run(cmd: string, args: string[], cwd = root): string {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_offline: "true" },
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

interface PackResult {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

let tarball: PackResult;
let consumer: string;

beforeAll(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aa-pack-"));
  // A fresh build of the sources (not whatever is in build/), then the precompiled validator.
  const stage = path.join(tmp, "stage");
  fs.mkdirSync(stage);
  fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(stage, "node_modules"), "dir");
  run(process.execPath, [
    require.resolve("typescript/bin/tsc"),
    "-p",
    "tsconfig.build.json",
    "--outDir",
    path.join(stage, "build"),
  ]);
  run(process.execPath, ["scripts/compile-validator.js", path.join(stage, "build")]);
  for (const f of ["package.json", "README.md", "LICENSE", "blueprint.schema.json"])
    if (fs.existsSync(f)) fs.copyFileSync(f, path.join(stage, f));
  tarball = (
    JSON.parse(
      run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], stage),
    ) as PackResult[]
  )[0]!;

  consumer = path.join(tmp, "consumer");
  const installed = path.join(consumer, "node_modules", "activeactive");
  fs.mkdirSync(installed, { recursive: true });
  run("tar", ["-xzf", path.join(tmp, tarball.filename), "-C", installed, "--strip-components=1"]);
  // Our dependencies, and @types/node for the TypeScript consumer.
  for (const dep of [...Object.keys(pkg.dependencies), "@types/node"]) {
    const link = path.join(consumer, "node_modules", dep);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules", dep)), link, "dir");
  }
  fs.writeFileSync(
    path.join(consumer, "record.js"),
    `// Preloaded: writes every module file the process resolved, on exit.
const Module = require("node:module"); const fs = require("node:fs"); const seen = new Set();
const resolve = Module._resolveFilename;
Module._resolveFilename = function (...args) { const f = resolve.apply(this, args); seen.add(f); return f; };
process.on("exit", () => fs.writeFileSync(process.env.RECORD_TO, JSON.stringify([...seen].filter((f) => f.includes("/")))));
`,
  );
}, 300_000);

/** Runs a consumer script; returns the module files it loaded. */
function consume(name: string, script: string, ...args: string[]): string[] {
  const file = path.join(consumer, name);
  fs.writeFileSync(file, script);
  const log = `${file}.modules.json`;
  const r = spawnSync(process.execPath, ["-r", "./record.js", file, ...args], {
    cwd: consumer,
    encoding: "utf8",
    env: { ...process.env, RECORD_TO: log },
  });
  if (r.status !== 0) throw new Error(`${name} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(fs.readFileSync(log, "utf8")) as string[];
}

const google = (mods: string[]) => mods.filter((m) => m.includes("/@cdktf/provider-google/"));
const cdk8s = (mods: string[]) => mods.filter((m) => /\/node_modules\/cdk8s[^/]*\//.test(m));
const cdktfOrProviders = (mods: string[]) =>
  mods.filter((m) => /\/node_modules\/(cdktf|constructs|@cdktf\/provider-[^/]+)\//.test(m));
const ours = (mods: string[]) => mods.filter((m) => m.includes("/node_modules/activeactive/"));

describe("the packed package", () => {
  test("ships only the built library, its types, the schema, package.json and README", () => {
    const paths = tarball.files.map((f) => f.path);
    const shipped =
      /^(build\/(lib|stacks)\/.+\.(js|d\.ts|json)|build\/package\.json|package\.json|README\.md|LICENSE|blueprint\.schema\.json)$/;
    expect(paths.filter((p) => !shipped.test(p))).toEqual([]);
    for (const target of Object.values(pkg.exports)) {
      const files = typeof target === "string" ? [target] : [target.types, target.default];
      for (const f of files) expect(paths).toContain(f.replace(/^\.\//, ""));
    }
    expect(paths).toContain("build/lib/cli/main.js");
    expect(paths).toContain("build/lib/blueprint/validate-blueprint.generated.js");
  });

  test("every package the shipped type declarations import is a dependency", () => {
    const installed = path.join(consumer, "node_modules", "activeactive");
    const declarations = tarball.files.map((f) => f.path).filter((p) => p.endsWith(".d.ts"));
    const imported = new Set<string>();
    for (const file of declarations) {
      const text = fs.readFileSync(path.join(installed, file), "utf8");
      for (const m of text.matchAll(
        /^(?:import|export)\b[^;]*?\bfrom "([^".][^"]*)"|\bimport\("([^".][^"]*)"\)/gm,
      )) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith("node:")) continue;
        imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    const missing = [...imported].filter((p) => !(p in pkg.dependencies)).sort();
    expect(missing).toEqual([]);
  });

  test("npm pack in the repository lists no tests, fixtures, sources, benchmarks or docs", () => {
    const [listing] = JSON.parse(
      run("npm", ["pack", "--dry-run", "--ignore-scripts", "--json"]),
    ) as PackResult[];
    const paths = listing!.files.map((f) => f.path);
    expect(paths).toContain("package.json");
    expect(
      paths.filter(
        (p) =>
          /^(test|bench|examples|blueprints|scripts|docs|lib|stacks|node_modules)\//.test(p) ||
          /fixture|\.test\.|__snapshots__|(?<!\.d)\.ts$/.test(p),
      ),
    ).toEqual([]);
  });

  test("an AWS-only cdktf app on activeactive/aws loads no @cdktf/provider-google and no cdk8s module", () => {
    const out = path.join(consumer, "aws-app.out");
    const mods = consume(
      "aws-app.js",
      `const { App, TerraformStack } = require("cdktf");
const { CustomerManagedKey, RegionalNetwork, regionProvider } = require("activeactive/aws");
const app = new App({ outdir: process.argv[2], stackTraces: false });
const stack = new TerraformStack(app, "edge");
const provider = regionProvider(stack, { region: "eu-west-1", tags: { service: "edge" } });
const key = new CustomerManagedKey(stack, "key", { provider, region: "eu-west-1", alias: "edge" });
new RegionalNetwork(stack, "network", {
  provider, region: "eu-west-1", name: "edge", cidr: "10.1.0.0/16", kmsKeyArn: key.arn,
});
app.synth();
`,
      out,
    );
    const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", "edge", "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource)).toEqual(
      expect.arrayContaining(["aws_kms_key", "aws_vpc", "aws_subnet"]),
    );
    // The recorder works: the AWS bindings and our package were loaded, from the unpacked tarball.
    expect(mods.filter((m) => m.includes("/@cdktf/provider-aws/")).length).toBeGreaterThan(0);
    expect(ours(mods)).toContain(path.join(consumer, "node_modules/activeactive/build/lib/entry/aws.js"));
    expect(google(mods)).toEqual([]);
    expect(cdk8s(mods)).toEqual([]);
  });

  test("require('activeactive') loads no cdktf, provider or cdk8s module; an AWS-only blueprint synthesizes without google or cdk8s", () => {
    const loaded = consume("root.js", `require("activeactive");\n`);
    expect(ours(loaded)).toContain(path.join(consumer, "node_modules/activeactive/build/lib/index.js"));
    expect(cdktfOrProviders(loaded)).toEqual([]);
    expect(cdk8s(loaded)).toEqual([]);

    const out = path.join(consumer, "root-app.out");
    const mods = consume(
      "root-app.js",
      `const { App } = require("cdktf");
const { addBlueprintStacks, resolveBlueprint } = require("activeactive");
const app = new App({ outdir: process.argv[2], stackTraces: false });
const stacks = addBlueprintStacks(app, resolveBlueprint({
  apiVersion: "activeactive/v1", kind: "Blueprint", metadata: { name: "shop" },
  spec: {
    dns: { domain: "api.example.com", zoneId: "Z0123456789ABCDEFGHIJ" },
    regions: [
      { cloud: "aws", region: "us-east-1", cidr: "10.10.0.0/16" },
      { cloud: "aws", region: "eu-west-1", cidr: "10.20.0.0/16" },
    ],
    database: { engine: "dynamodb" },
    budget: { monthlyUsd: 2000, alertEmails: ["oncall@example.com"] },
  },
}));
app.synth();
process.stdout.write(stacks.map((s) => s.node.id).join(","));
`,
      out,
    );
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual([
      "shop-aws-eu-west-1",
      "shop-aws-us-east-1",
      "shop-global",
    ]);
    expect(google(mods)).toEqual([]);
    expect(cdk8s(mods)).toEqual([]);
  });

  test("activeactive/policy checks without loading cdktf, a provider or cdk8s", () => {
    const mods = consume(
      "policy.js",
      `const { checkSync } = require("activeactive/policy");
const report = checkSync([], { documents: [{ name: "a.tf.json", text: "{}" }] });
if (report.summary.exitCode !== 0) process.exit(3);
`,
    );
    expect(ours(mods)).toContain(path.join(consumer, "node_modules/activeactive/build/lib/policy/index.js"));
    expect(cdktfOrProviders(mods)).toEqual([]);
    expect(cdk8s(mods)).toEqual([]);
  });

  test.each(["node16", "node10"])(
    "a TypeScript consumer type-checks against every entry point (moduleResolution %s)",
    (resolution) => {
      fs.writeFileSync(
        path.join(consumer, "consumer.ts"),
        `import { App } from "cdktf";
import { addBlueprintStacks, type Blueprint, loadBlueprintFile, UsageError } from "activeactive";
import { RegionalNetwork, type RegionalNetworkProps } from "activeactive/aws";
import { GcpNetwork } from "activeactive/gcp";
import { Workload, writeManifests } from "activeactive/k8s";
import { checkSync, type Finding } from "activeactive/policy";
import { toPassActiveActiveChecks } from "activeactive/jest";

export function use(file: string): [number, Finding[], unknown[]] {
  const blueprint: Blueprint = loadBlueprintFile(file);
  const stacks = addBlueprintStacks(new App(), blueprint);
  const props: Partial<RegionalNetworkProps> = { cidr: "10.0.0.0/16" };
  const report = checkSync([file]);
  writeManifests(blueprint, "dist");
  return [stacks.length, report.findings, [props, RegionalNetwork, GcpNetwork, Workload, UsageError, toPassActiveActiveChecks]];
}
`,
      );
      const tsconfig = path.join(consumer, `tsconfig.${resolution}.json`);
      const module = resolution === "node16" ? "node16" : "commonjs";
      fs.writeFileSync(
        tsconfig,
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            target: "ES2022",
            module,
            moduleResolution: resolution,
            types: ["node"],
          },
          files: ["consumer.ts"],
        }),
      );
      run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", tsconfig], consumer);
    },
  );

  test("the activeactive executable runs from the installed package", () => {
    const bin = path.join(consumer, "node_modules", "activeactive", pkg.bin.activeactive!);
    expect(run(process.execPath, [bin, "--version"], consumer).trim()).toBe(pkg.version);
    const out = path.join(consumer, "cli.out");
    run(
      process.execPath,
      [
        bin,
        "synth",
        path.join(root, "blueprints/global-saas.yaml"),
        "--out",
        path.join(out, "cdktf.out"),
        "--manifests",
        path.join(out, "dist"),
      ],
      consumer,
    );
    expect(fs.readdirSync(path.join(out, "cdktf.out", "stacks")).length).toBe(4);
  });

  test("activeactive/gcp does load the Google bindings and activeactive/k8s cdk8s (so the recorder can see them)", () => {
    expect(google(consume("gcp.js", `require("activeactive/gcp");\n`)).length).toBeGreaterThan(0);
    const k8s = consume("k8s.js", `require("activeactive/k8s");\n`);
    expect(cdk8s(k8s).length).toBeGreaterThan(0);
    expect(k8s.filter((m) => /\/node_modules\/(cdktf|@cdktf\/provider-[^/]+)\//.test(m))).toEqual([]);
  });
});
