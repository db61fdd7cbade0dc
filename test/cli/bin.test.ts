import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

// The installed entry point (`npm install` builds it through `prepare`).
const bin = path.resolve("build/lib/cli/main.js");

const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

describe("the activeactive executable", () => {
  beforeAll(() => {
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run npm install (or npm run build) first`);
  });

  test("prints usage and exits 2 without a command", () => {
    const r = run();
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/Usage: activeactive <command>/);
  });

  test("an unknown command exits 2 with the list of commands", () => {
    const r = run("deploy");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "deploy"; expected one of synth, validate, check/);
  });

  test("a bad blueprint exits 2 with one line per problem and no stack trace", () => {
    const r = run("synth", "does/not/exist.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "error: does/not/exist.yaml: blueprint file not found (expected a readable YAML or JSON blueprint file)\n",
    );
  });

  test("--version prints the package version", () => {
    const r = run("--version");
    expect(r.stdout.trim()).toBe(require("../../package.json").version);
  });
});
