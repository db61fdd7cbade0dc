import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REQUIRE_TERRAFORM, terraformGate, terraformTest } from "../helpers/terraform";

const emptyDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "no-tf-"));

describe("ACTIVEACTIVE_REQUIRE_TERRAFORM: a missing terraform fails in CI instead of skipping", () => {
  test("GIVEN no terraform on PATH THEN the terraform tests skip, saying why", () => {
    expect(terraformGate({ PATH: emptyDir() })).toEqual({
      mode: "skip",
      reason: "terraform is not on PATH; install terraform 1.11+ (CI has it) to run these tests",
    });
  });

  test("GIVEN no terraform on PATH and ACTIVEACTIVE_REQUIRE_TERRAFORM=1 THEN they fail, saying why", () => {
    expect(terraformGate({ PATH: emptyDir(), [REQUIRE_TERRAFORM]: "1" })).toEqual({
      mode: "fail",
      reason:
        "terraform is not on PATH, and ACTIVEACTIVE_REQUIRE_TERRAFORM=1 requires it: install terraform 1.11+",
    });
    const missing = path.join(emptyDir(), "terraform");
    expect(terraformGate({ ACTIVEACTIVE_TERRAFORM: missing, [REQUIRE_TERRAFORM]: "1" })).toMatchObject({
      mode: "fail",
      reason: expect.stringContaining(`ACTIVEACTIVE_TERRAFORM=${missing} does not exist`),
    });
  });

  test("GIVEN a terraform binary THEN the tests run, with or without the switch", () => {
    const bin = path.join(emptyDir(), "terraform");
    fs.writeFileSync(bin, "#!/bin/sh\n", { mode: 0o755 });
    expect(terraformGate({ ACTIVEACTIVE_TERRAFORM: bin, [REQUIRE_TERRAFORM]: "1" })).toEqual({
      mode: "run",
      terraform: bin,
    });
    expect(terraformGate({ PATH: path.dirname(bin) })).toEqual({ mode: "run", terraform: bin });
  });

  test("GIVEN the fail gate THEN each terraform test is registered as a test that throws the reason", () => {
    const registered: [string, () => unknown][] = [];
    const register = ((name: string, fn: () => unknown) =>
      registered.push([name, fn])) as unknown as typeof test;
    const withTerraform = terraformTest("x", { mode: "fail", reason: "no terraform" }, register);
    withTerraform("plans offline", async () => {}, 1000);
    expect(registered.map(([name]) => name)).toEqual(["plans offline"]);
    expect(registered[0]![1]).toThrow("no terraform");
  });

  test("GIVEN the skip gate THEN the tests are skipped; GIVEN the run gate THEN they run as written", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(terraformTest("x", { mode: "skip", reason: "r" })).toBe(test.skip);
      expect(warn).toHaveBeenCalledWith("\n!!! SKIPPING x: r.\n");
    } finally {
      warn.mockRestore();
    }
    expect(terraformTest("x", { mode: "run", terraform: "/bin/terraform" })).toBe(test);
  });

  test(".ci/run turns the switch on", () => {
    expect(fs.readFileSync(".ci/run", "utf8")).toMatch(/^export ACTIVEACTIVE_REQUIRE_TERRAFORM=1$/m);
  });
});
