#!/usr/bin/env node
// Whole-process time of `activeactive synth` against a floor (a bare node that
// only loads the modules synth loads), and how synth time grows with regions.
// Needs `npm run build` first (npm run bench does it). BENCH_RUNS sets N.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.join(__dirname, "..");
const cli = path.join(root, "build", "lib", "cli", "main.js");
const runs = Number(process.env.BENCH_RUNS ?? 7);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "activeactive-bench-"));

// Every measured process reports its own CPU time (user + system) on exit:
// on a shared machine CPU time is steadier than wall time, so both are shown.
const cpuHook = path.join(tmp, "cpu.js");
fs.writeFileSync(
  cpuHook,
  `process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write("\\n__cpu_ms=" + (u.user + u.system) / 1000 + "\\n"); });`,
);

function timeOnce(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", cpuHook, ...args], { cwd: root, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return { wall, cpu: Number(/__cpu_ms=([\d.]+)/.exec(r.stderr)[1]) };
}

const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the commands round-robin (so they share the same machine load), `runs` times each, after one warm-up. */
function measure(commands) {
  for (const c of commands) timeOnce(c);
  const samples = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, c] of commands.entries()) samples[j].push(timeOnce(c));
  }
  return samples.map((s) => ({ wall: med(s.map((x) => x.wall)), cpu: med(s.map((x) => x.cpu)) }));
}
const fmt = (m) => `${m.wall.toFixed(0)} ms wall, ${m.cpu.toFixed(0)} ms CPU`;

const synthArgs = (blueprint) => [
  cli,
  "synth",
  blueprint,
  "--out",
  path.join(tmp, "out"),
  "--manifests",
  path.join(tmp, "dist"),
];

// 1. The floor: record every module synth loads from node_modules, then time a
//    process that only requires those files, in the same order.
const recorder = path.join(tmp, "record.js");
const modulesFile = path.join(tmp, "modules.json");
fs.writeFileSync(
  recorder,
  `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(modulesFile)},
     JSON.stringify(Object.keys(require.cache).filter((f) => f.includes("${path.sep}node_modules${path.sep}")))));`,
);
const defaultBlueprint = path.join(root, "blueprints", "global-saas.yaml");
timeOnce(["-r", recorder, ...synthArgs(defaultBlueprint)]);
const floorScript = path.join(tmp, "floor.js");
fs.writeFileSync(floorScript, `for (const f of require(${JSON.stringify(modulesFile)})) require(f);`);
const moduleCount = JSON.parse(fs.readFileSync(modulesFile, "utf8")).length;

const [floor, synth] = measure([[floorScript], synthArgs(defaultBlueprint)]);
console.log(`synth blueprints/global-saas.yaml: median of ${runs} interleaved runs`);
console.log(`  floor (node + the ${moduleCount} module files synth loads): ${fmt(floor)}`);
console.log(`  activeactive synth:                                 ${fmt(synth)}`);
console.log(
  `  ratio: ${(synth.wall / floor.wall).toFixed(2)}x wall, ${(synth.cpu / floor.cpu).toFixed(2)}x CPU (aim <= 1.5x)`,
);

// 2. Growth with the number of regions (AWS, Aurora global, distinct /16s).
const { REGIONS } = require(path.join(root, "build", "lib", "blueprint", "regions.js"));
const awsRegions = REGIONS.aws;
function blueprintWith(n) {
  const file = path.join(tmp, `regions-${n}.yaml`);
  const regions = awsRegions
    .slice(0, n)
    .map((r, i) => `    - { cloud: aws, region: ${r}, cidr: 10.${i + 1}.0.0/16 }`)
    .join("\n");
  fs.writeFileSync(
    file,
    [
      "apiVersion: activeactive/v1",
      "kind: Blueprint",
      `metadata: { name: bench-${n} }`,
      "spec:",
      "  dns: { domain: api.example.com, zoneId: Z0123456789ABCDEFGHIJ }",
      "  regions:",
      regions,
      "  database: { engine: aurora-postgresql }",
      "  budget: { monthlyUsd: 1000, alertEmails: [oncall@example.com] }",
      "  workloads:",
      "    - { name: api, image: ghcr.io/example/api:1.0.0, port: 8080 }",
      "",
    ].join("\n"),
  );
  return file;
}
const sizes = [2, 10, 20].filter((n) => n <= awsRegions.length);
const growth = measure(sizes.map((n) => synthArgs(blueprintWith(n)))).map((m, i) => ({ n: sizes[i], ...m }));
console.log("growth with regions (whole process, median):");
for (const g of growth) {
  console.log(
    `  ${String(g.n).padStart(2)} regions: ${fmt(g)} (${(g.cpu / g.n).toFixed(0)} ms CPU per region)`,
  );
}
const first = growth[0];
const last = growth[growth.length - 1];
console.log(
  `  marginal cost: ${((last.wall - first.wall) / (last.n - first.n)).toFixed(1)} ms wall, ${((last.cpu - first.cpu) / (last.n - first.n)).toFixed(1)} ms CPU per added region`,
);

fs.rmSync(tmp, { recursive: true, force: true });
