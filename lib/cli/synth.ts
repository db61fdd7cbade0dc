import { loadBlueprintFile } from "../blueprint/load";
import { UsageError } from "../core/errors";
import { missingBindingNotices } from "../k8s/target-group-binding";
import { synthesize } from "../synth";
import { parseArgs } from "./args";
import type { Command } from "./command";

export const command: Command = {
  name: "synth",
  summary: "Synthesize a blueprint into Terraform JSON (cdktf.out) and Kubernetes manifests (dist)",
  usage: "activeactive synth <blueprint.yaml> [--out DIR] [--manifests DIR]",
  flags: [
    { name: "out", kind: "string", description: "Terraform JSON output folder (default cdktf.out)" },
    { name: "manifests", kind: "string", description: "Kubernetes and GitOps output folder (default dist)" },
  ],
  async run(argv) {
    const { positionals, flags } = parseArgs("synth", argv, this.flags);
    if (positionals.length !== 1) {
      throw new UsageError({
        message: "synth takes one blueprint file",
        found: positionals.length ? positionals.join(" ") : "none",
        expected: this.usage,
      });
    }
    const started = Date.now();
    const blueprint = loadBlueprintFile(positionals[0]!);
    const result = synthesize(blueprint, {
      outdir: (flags.out as string | undefined) ?? "cdktf.out",
      manifestsDir: (flags.manifests as string | undefined) ?? "dist",
    });
    const width = Math.max(...result.stacks.map((s) => s.name.length));
    process.stderr.write(
      `Synthesized ${blueprint.name} (${blueprint.pattern}) in ${Date.now() - started} ms\n`,
    );
    for (const s of result.stacks)
      process.stderr.write(`  ${s.name.padEnd(width)}  ${s.resources} resources\n`);
    if (result.manifests.length) process.stderr.write(`  ${result.manifests.length} manifest files\n`);
    for (const line of missingBindingNotices(blueprint)) process.stderr.write(`${line}\n`);
    return 0;
  },
};
