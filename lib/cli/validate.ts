import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../core/errors";
import {
  findProviderMirror,
  findTerraform,
  listStacks,
  runOffline,
  type StackResult,
} from "../terraform/offline";
import { parseArgs } from "./args";
import type { Command } from "./command";

export const command: Command = {
  name: "validate",
  summary: "Run terraform init, validate and plan offline on every synthesized AWS stack",
  usage: "activeactive validate [DIR] [--jobs N] [--require-terraform]",
  flags: [
    { name: "jobs", kind: "string", description: "Stacks checked in parallel (default 2)" },
    {
      name: "require-terraform",
      kind: "boolean",
      description: "Fail (exit 1) instead of skipping when terraform is not installed",
    },
  ],
  async run(argv) {
    const { positionals, flags } = parseArgs("validate", argv, this.flags);
    if (positionals.length > 1) {
      throw new UsageError({
        message: "validate takes at most one folder",
        found: positionals.join(" "),
        expected: this.usage,
      });
    }
    const dir = positionals[0] ?? "cdktf.out";
    const jobsFlag = flags.jobs as string | undefined;
    const jobs = jobsFlag === undefined ? 2 : Number(jobsFlag);
    if (!Number.isInteger(jobs) || jobs < 1) {
      throw new UsageError({
        message: "bad value for --jobs",
        found: JSON.stringify(jobsFlag),
        expected: "a whole number, 1 or more",
      });
    }
    if (!fs.existsSync(dir) || listStacks(dir).length === 0) {
      throw new UsageError({
        file: dir,
        message: fs.existsSync(dir) ? "no synthesized stacks in this folder" : "folder not found",
        expected: `a cdktf output folder with stacks/<name>/cdk.tf.json (run \`activeactive synth <blueprint> --out ${dir}\` first)`,
      });
    }
    const err = (line: string) => process.stderr.write(`${line}\n`);
    const terraform = findTerraform();
    if (terraform === undefined) {
      err("");
      err("!!! SKIPPED: terraform is not installed, so no stack was validated or planned.");
      err(
        "!!! Install terraform 1.11+ (and set ACTIVEACTIVE_TF_MIRROR to a provider mirror to stay offline).",
      );
      err("");
      return flags["require-terraform"] === true ? 1 : 0;
    }
    const mirror = findProviderMirror();
    err(`Validating ${dir} with ${terraform}`);
    err(
      mirror
        ? `  provider mirror: ${mirror}`
        : "  no provider mirror found (set ACTIVEACTIVE_TF_MIRROR): terraform init will download providers",
    );
    const started = Date.now();
    const results = await runOffline(dir, {
      terraform,
      ...(mirror !== undefined ? { mirrorDir: mirror } : {}),
      jobs,
      onProgress: (e) => {
        if (e.phase === "done") err(`  ${e.stack}: ${e.step} ${(e.ms! / 1000).toFixed(1)} s`);
      },
    });
    for (const r of results) err(describe(r));
    const failed = results.filter((r) => r.status === "failed").length;
    const passed = results.filter((r) => r.status === "passed").length;
    const skipped = results.filter((r) => r.status === "skipped").length;
    err(
      `${failed ? "FAILED" : "OK"}: ${passed} passed, ${failed} failed, ${skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s (${path.resolve(dir)})`,
    );
    return failed ? 1 : 0;
  },
};

function describe(r: StackResult): string {
  if (r.status === "passed")
    return `ok      ${r.stack}: init, validate, plan passed${r.planSummary ? ` (${r.planSummary})` : ""}`;
  if (r.status === "skipped") return `skipped ${r.stack}: ${r.reason}`;
  return `FAILED  ${r.stack}: ${r.reason}`;
}
