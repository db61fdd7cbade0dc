#!/usr/bin/env node
// `activeactive check` throughput: a generated Terraform JSON of N resources,
// checked with every rule, against a bare `node` that only reads and
// JSON.parses the same file. Whole processes, median of RUNS each.
// Usage: node bench/check.bench.js [sizes...]   (default 10000 100000 1000000; needs `npm run build`)
// The generated files go to the OS temp folder and are removed afterwards.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { median, time } = require("./process-time");

const CLI = path.join(__dirname, "..", "build", "lib", "cli", "main.js");
const SIZES = process.argv.slice(2).map(Number).filter(Boolean);
const sizes = SIZES.length ? SIZES : [10_000, 100_000, 1_000_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const { REGIONS, resources } = require("./resources");

/** Writes the document the way cdktf does (pretty, grouped by type) without holding it twice. */
function generate(n, file) {
  const byType = new Map();
  for (const [type, name, body] of resources(n)) {
    if (!byType.has(type)) byType.set(type, []);
    byType.get(type).push([name, body]);
  }
  const fd = fs.openSync(file, "w");
  const provider = { aws: REGIONS.map((r) => ({ alias: r.replace(/-/g, "_"), region: r })) };
  fs.writeSync(
    fd,
    `{\n  "provider": ${JSON.stringify(provider, null, 2).replace(/\n/g, "\n  ")},\n  "resource": {\n`,
  );
  let firstType = true;
  for (const [type, list] of byType) {
    fs.writeSync(fd, `${firstType ? "" : ",\n"}    ${JSON.stringify(type)}: {\n`);
    firstType = false;
    let chunk = [];
    for (let j = 0; j < list.length; j++) {
      const [name, body] = list[j];
      chunk.push(
        `      ${JSON.stringify(name)}: ${JSON.stringify(body, null, 2).replace(/\n/g, "\n      ")}`,
      );
      if (chunk.length === 1000 || j === list.length - 1) {
        fs.writeSync(fd, chunk.join(",\n") + (j === list.length - 1 ? "\n" : ",\n"));
        chunk = [];
      }
    }
    fs.writeSync(fd, "    }");
  }
  fs.writeSync(fd, "\n  }\n}\n");
  fs.closeSync(fd);
}

function main() {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-check-bench-"));
  const rows = [];
  try {
    for (const n of sizes) {
      const file = path.join(dir, `bench-${n}.tf.json`);
      generate(n, file);
      const mb = fs.statSync(file).size / 1e6;
      const heap = n >= 1_000_000 ? ["--max-old-space-size=8192"] : [];
      const runs = n >= 1_000_000 ? Math.min(RUNS, 3) : RUNS;
      const report = path.join(dir, "report.json");
      const bare = [];
      const ours = [];
      for (let i = 0; i < runs; i++) {
        bare.push(
          time([...heap, "-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`]),
        );
        ours.push(time([...heap, CLI, "check", file, "--format", "json", "--output", report]));
      }
      const findings = JSON.parse(fs.readFileSync(report, "utf8")).findings.length;
      const b = median(bare);
      const o = median(ours);
      rows.push({ n, mb, b, o, findings });
      process.stdout.write(
        `${String(n).padStart(9)} resources  ${mb.toFixed(1).padStart(6)} MB  bare node ${b.toFixed(0).padStart(6)} ms  check ${o.toFixed(0).padStart(6)} ms  ratio ${(o / b).toFixed(2)}x  ${((o / n) * 1000).toFixed(1)} µs/resource  ${findings} findings\n`,
      );
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    process.stdout.write(
      `growth ${a.n} -> ${b.n} resources (x${b.n / a.n}): check x${(b.o / a.o).toFixed(1)}, bare parse x${(b.b / a.b).toFixed(1)}\n`,
    );
  }
}

main();
