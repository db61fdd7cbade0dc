import { findTerraform } from "../../lib/terraform/offline";

/** Set to 1 (as `.ci/run` does) and a missing terraform fails the tests that need it instead of skipping them. */
export const REQUIRE_TERRAFORM = "ACTIVEACTIVE_REQUIRE_TERRAFORM";

export type TerraformGate =
  | { readonly mode: "run"; readonly terraform: string }
  | { readonly mode: "skip" | "fail"; readonly reason: string };

/** Whether the terraform tests run, skip (a developer machine without terraform) or fail (CI). */
export function terraformGate(env: NodeJS.ProcessEnv = process.env): TerraformGate {
  const terraform = findTerraform(env);
  if (terraform !== undefined) return { mode: "run", terraform };
  const where = env.ACTIVEACTIVE_TERRAFORM
    ? `ACTIVEACTIVE_TERRAFORM=${env.ACTIVEACTIVE_TERRAFORM} does not exist`
    : "terraform is not on PATH";
  if (env[REQUIRE_TERRAFORM] === "1") {
    return {
      mode: "fail",
      reason: `${where}, and ${REQUIRE_TERRAFORM}=1 requires it: install terraform 1.11+`,
    };
  }
  return { mode: "skip", reason: `${where}; install terraform 1.11+ (CI has it) to run these tests` };
}

/**
 * `test` for tests that need terraform: runs them when it is installed; else
 * skips them with a loud warning, or, under ACTIVEACTIVE_REQUIRE_TERRAFORM=1,
 * replaces each with a test that fails saying why.
 */
export function terraformTest(
  what: string,
  gate: TerraformGate = terraformGate(),
  register: typeof test = test,
): typeof test {
  if (gate.mode === "run") return register;
  if (gate.mode === "skip") {
    console.warn(`\n!!! SKIPPING ${what}: ${gate.reason}.\n`);
    return register.skip;
  }
  const failing = (name: string) =>
    register(name, () => {
      throw new Error(gate.reason);
    });
  return failing as unknown as typeof test;
}
