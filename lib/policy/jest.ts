// `import "activeactive/jest"` (or add it to jest's setupFilesAfterEnv): adds
// `expect(stack).toPassActiveActiveChecks(options?)` for a user's cdktf tests.
import { type CheckOptions, checkSync } from "./check";
import { atLeast } from "./engine";
import type { InputDocument } from "./load";

declare global {
  namespace jest {
    interface Matchers<R> {
      /** The synthesized stack(s) pass the active-active policy pack at `failOn` (default error). */
      toPassActiveActiveChecks(options?: CheckOptions): R;
    }
  }
}

/**
 * What the matcher accepts: a TerraformStack (anything with `toTerraform()`,
 * which keeps the `//` suppression metadata that `Testing.synth` strips), its
 * JSON text, a parsed object, or a list of those.
 */
export function toDocuments(received: unknown): InputDocument[] {
  const list = Array.isArray(received) ? received : [received];
  return list.map((item, i) => {
    let value: unknown = item;
    let name = `stack-${i + 1}.tf.json`;
    if (item && typeof (item as { toTerraform?: unknown }).toTerraform === "function") {
      const stack = item as { toTerraform(): unknown; node?: { id?: string } };
      value = stack.toTerraform();
      if (stack.node?.id) name = `${stack.node.id}.tf.json`;
    }
    if (typeof value === "string") return { name, text: value };
    if (value && typeof value === "object") return { name, text: JSON.stringify(value, null, 2) };
    throw new Error(
      `toPassActiveActiveChecks: expected a TerraformStack, synthesized JSON text or object, got ${typeof value}`,
    );
  });
}

export function toPassActiveActiveChecks(
  this: { isNot?: boolean } | undefined,
  received: unknown,
  options: CheckOptions = {},
) {
  const report = checkSync([], { ...options, documents: toDocuments(received) });
  const failOn = report.summary.failOn;
  const failing = report.findings.filter(
    (f) => !f.suppressed && (f.ruleId === "AA000" || atLeast(f.severity, failOn)),
  );
  const pass = report.summary.exitCode === 0;
  return {
    pass,
    message: () =>
      pass
        ? `expected the stack to fail the active-active checks, but it passed (${report.summary.warnings} warning(s), ${report.summary.suppressed} suppressed)`
        : `expected the stack to pass the active-active checks (fail on ${failOn}), but found:\n${failing
            .map((f) => `  ${f.severity} ${f.ruleId} ${f.resource ?? f.file ?? ""}: ${f.message}`)
            .join("\n")}`,
  };
}

const g = globalThis as { expect?: { extend?(m: Record<string, unknown>): void } };
if (typeof g.expect?.extend === "function") g.expect.extend({ toPassActiveActiveChecks });
