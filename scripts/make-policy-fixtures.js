#!/usr/bin/env node
// Regenerates the derived policy fixtures from each fixture's main.tf:
//   main.tf.json  HCL converted by @cdktf/hcl2json (resource bodies as objects)
//   plan.json     real `terraform plan` + `terraform show -json`, offline, for
//                 fixtures that only use the AWS provider (the machine's mirror
//                 has no Google provider)
// Each run records the sha256 of every case's main.tf, main.tf.json and
// plan.json in test/fixtures/policy/DERIVED.json; test/policy/fixtures.test.ts
// fails when a main.tf no longer matches what its derived files were made from.
// Usage: node scripts/make-policy-fixtures.js [AA101 ...]
//        node scripts/make-policy-fixtures.js --record   (only rewrite DERIVED.json from the files as they are)
// Needs terraform and the provider mirror at /opt/tf-plugins (TF_PLUGIN_MIRROR to change it).
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { parse } = require("@cdktf/hcl2json");

const ROOT = path.join(__dirname, "..", "test", "fixtures", "policy");
const MIRROR = process.env.TF_PLUGIN_MIRROR ?? "/opt/tf-plugins";
const MANIFEST = path.join(ROOT, "DERIVED.json");
const DERIVED = ["main.tf", "main.tf.json", "plan.json"];

const sha256 = (file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Every fixture case with a main.tf: `AA101/aws-fail`, … */
function cases() {
  const out = [];
  for (const rule of fs.readdirSync(ROOT).sort()) {
    const ruleDir = path.join(ROOT, rule);
    if (rule.startsWith("_") || !fs.statSync(ruleDir).isDirectory()) continue; // _inputs: hand-written loader inputs
    for (const kase of fs.readdirSync(ruleDir).sort())
      if (fs.existsSync(path.join(ruleDir, kase, "main.tf"))) out.push(`${rule}/${kase}`);
  }
  return out;
}

/** The hashes of a case's source and derived files, as DERIVED.json records them. */
function hashes(kase) {
  const dir = path.join(ROOT, kase);
  return Object.fromEntries(
    DERIVED.filter((f) => fs.existsSync(path.join(dir, f))).map((f) => [f, sha256(path.join(dir, f))]),
  );
}

/** Records the hashes of the given cases (all by default), keeping the others' as they were. */
function record(only = cases()) {
  const manifest = fs.existsSync(MANIFEST) ? JSON.parse(fs.readFileSync(MANIFEST, "utf8")) : {};
  for (const k of only) manifest[k] = hashes(k);
  for (const k of Object.keys(manifest))
    if (!fs.existsSync(path.join(ROOT, k, "main.tf"))) delete manifest[k];
  fs.writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Terraform JSON wants one object per resource name; hcl2json gives a list. */
function toTfJson(doc) {
  const out = { ...doc };
  if (doc.resource) {
    out.resource = {};
    for (const [type, byName] of Object.entries(doc.resource)) {
      out.resource[type] = {};
      for (const [name, bodies] of Object.entries(byName)) out.resource[type][name] = bodies[0];
    }
  }
  if (doc.variable) {
    out.variable = {};
    for (const [name, bodies] of Object.entries(doc.variable)) out.variable[name] = bodies[0];
  }
  return out;
}

function plan(dir) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aa-fixture-"));
  try {
    fs.copyFileSync(path.join(dir, "main.tf"), path.join(work, "main.tf"));
    const rc = path.join(work, "terraformrc");
    fs.writeFileSync(
      rc,
      `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }\n}\n`,
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const run = (...args) =>
      execFileSync("terraform", args, { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] }).toString();
    run("init", "-input=false", "-no-color");
    run("plan", "-refresh=false", "-lock=false", "-input=false", "-no-color", "-out=plan.out");
    const doc = JSON.parse(run("show", "-json", "plan.out"));
    delete doc.timestamp; // the only thing that changes between runs
    return `${JSON.stringify(doc, null, 1)}\n`;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  if (process.argv[2] === "--record") return record();
  const only = process.argv.slice(2);
  const made = [];
  for (const rule of fs.readdirSync(ROOT).sort()) {
    if (rule.startsWith("_") || (only.length && !only.includes(rule))) continue; // _inputs: hand-written loader inputs
    const ruleDir = path.join(ROOT, rule);
    if (!fs.statSync(ruleDir).isDirectory()) continue;
    for (const kase of fs.readdirSync(ruleDir).sort()) {
      const dir = path.join(ruleDir, kase);
      const tf = path.join(dir, "main.tf");
      if (!fs.existsSync(tf)) continue;
      const text = fs.readFileSync(tf, "utf8");
      const doc = await parse("main.tf", text);
      fs.writeFileSync(path.join(dir, "main.tf.json"), `${JSON.stringify(toTfJson(doc), null, 2)}\n`);
      // NOPLAN says why a fixture cannot be planned (e.g. the provider schema rejects it).
      if (!/resource\s+"google_/.test(text) && !fs.existsSync(path.join(dir, "NOPLAN"))) {
        const started = Date.now();
        fs.writeFileSync(path.join(dir, "plan.json"), plan(dir));
        process.stderr.write(`${rule}/${kase}: plan.json (${Date.now() - started} ms)\n`);
      } else process.stderr.write(`${rule}/${kase}: main.tf.json\n`);
      made.push(`${rule}/${kase}`);
    }
  }
  record(made);
}

module.exports = { toTfJson, plan, hashes, MANIFEST };

if (require.main === module)
  main().catch((e) => {
    process.stderr.write(`${e.stderr ? e.stderr.toString() : e.stack}\n`);
    process.exit(1);
  });
