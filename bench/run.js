#!/usr/bin/env node
// Runs every bench/*.bench.js in its own process, in name order (`npm run bench`).
// `npm run bench -- synth` runs only the files whose name contains "synth".
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const filter = process.argv[2];
const files = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith(".bench.js") && (!filter || f.includes(filter)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  const r = spawnSync(process.execPath, [path.join(__dirname, f)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
