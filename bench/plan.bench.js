#!/usr/bin/env node
// `activeactive check` on `terraform show -json` plans, as terraform writes
// them (ONE line) and pretty-printed (`jq .`), against a bare `node` that only
// reads and JSON.parses the same file. Whole processes, median of RUNS each.
// The one-line sizes show growth (per-resource time at each size); 100k is
// also run pretty-printed. Plans carry planned_values and configuration
// (references to other resources as configuration expressions), not
// resource_changes, provider_name or schema_version, to keep 1M resources
// under V8's 512 MB string limit.
// Usage: node bench/plan.bench.js [sizes...]   (default 10000 100000 1000000; needs `npm run build`)
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { median, time } = require("./process-time");
const { REGIONS, resources } = require("./resources");

const CLI = path.join(__dirname, "..", "build", "lib", "cli", "main.js");
const SIZES = process.argv.slice(2).map(Number).filter(Boolean);
const sizes = SIZES.length ? SIZES : [10_000, 100_000, 1_000_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** A plan of n resources, written piece by piece; `indent` 0 is terraform's one line. */
function generate(n, file, indent) {
  const fd = fs.openSync(file, "w");
  const j = (v) => JSON.stringify(v, null, indent || undefined);
  const nl = indent ? "\n" : "";
  const planned = [];
  const flush = (list, last) => {
    if (list.length) fs.writeSync(fd, list.join(`,${nl}`) + (last ? "" : `,${nl}`));
    list.length = 0;
  };
  fs.writeSync(
    fd,
    `{"format_version":"1.2","terraform_version":"1.11.4",${nl}"planned_values":{"root_module":{"resources":[${nl}`,
  );
  let i = 0;
  const configs = [];
  for (const [type, name, body] of resources(n)) {
    const { provider, ...rest } = body;
    const values = {};
    const expressions = {};
    for (const [k, v] of Object.entries(rest)) {
      if (typeof v === "string" && v.startsWith("${")) {
        const ref = v.slice(2, -1);
        expressions[k] = { references: [ref, ref.replace(/\.[a-z_]+$/, "")] };
      } else values[k] = v;
    }
    // Plans carry tags and tags_all; only tags_all (what the rules read) is kept, for size.
    if (values.tags) {
      values.tags_all = values.tags;
      delete values.tags;
    }
    const address = `${type}.${name}`;
    planned.push(j({ address, mode: "managed", type, name, values }));
    configs.push(
      j({
        address,
        provider_config_key: provider,
        ...(Object.keys(expressions).length ? { expressions } : {}),
      }),
    );
    if (++i % 1000 === 0) flush(planned, i === n);
  }
  flush(planned, true);
  const providers = Object.fromEntries(
    REGIONS.map((r) => {
      const alias = r.replace(/-/g, "_");
      return [
        `aws.${alias}`,
        {
          name: "aws",
          full_name: "registry.terraform.io/hashicorp/aws",
          alias,
          expressions: { region: { constant_value: r } },
        },
      ];
    }),
  );
  fs.writeSync(
    fd,
    `]}},${nl}"configuration":{"provider_config":${j(providers)},"root_module":{"resources":[${nl}`,
  );
  for (let k = 0; k < configs.length; k += 1000)
    flush(configs.slice(k, k + 1000), k + 1000 >= configs.length);
  fs.writeSync(fd, `]}}}${nl}`);
  fs.closeSync(fd);
}

function main() {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-plan-bench-"));
  const cases = [...sizes.map((n) => [n, 0]), ...(sizes.includes(100_000) ? [[100_000, 2]] : [])];
  const rows = [];
  try {
    for (const [n, indent] of cases) {
      const file = path.join(dir, `plan-${n}-${indent}.json`);
      generate(n, file, indent);
      const mb = fs.statSync(file).size / 1e6;
      const heap = n >= 1_000_000 ? ["--max-old-space-size=8192"] : [];
      const runs = n >= 1_000_000 ? 1 : RUNS;
      const report = path.join(dir, "report.json");
      const bare = [];
      const ours = [];
      for (let i = 0; i < runs; i++) {
        bare.push(
          time([...heap, "-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`]),
        );
        ours.push(
          time([
            ...heap,
            CLI,
            "check",
            file,
            "--format",
            "json",
            "--output",
            report,
            "--config",
            "/dev/null",
          ]),
        );
      }
      const out = JSON.parse(fs.readFileSync(report, "utf8"));
      const located = out.findings.filter((f) => f.resource && f.column && f.pointer).length;
      const b = median(bare);
      const o = median(ours);
      const layout = indent ? "pretty  " : "one-line";
      rows.push({ n, indent, b, o });
      process.stdout.write(
        `${layout} ${String(n).padStart(8)} resources ${mb.toFixed(0).padStart(5)} MB  parse ${b.toFixed(0).padStart(6)} ms  check ${o.toFixed(0).padStart(6)} ms  ratio ${(o / b).toFixed(2)}x  ${((o / n) * 1000).toFixed(1)} µs/resource  ${out.findings.length} findings (${located} with column+pointer)\n`,
      );
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const line = rows.filter((r) => r.indent === 0);
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1], line[i]];
    process.stdout.write(
      `growth one-line ${a.n} -> ${b.n} (x${b.n / a.n}): check x${(b.o / a.o).toFixed(1)}, parse x${(b.b / a.b).toFixed(1)}\n`,
    );
  }
}

module.exports = { generate };
if (require.main === module) main();
