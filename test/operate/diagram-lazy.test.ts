import * as path from "node:path";
import { runCli } from "../helpers/run-cli";

/** Counts mockLoads of Graphviz: the factory runs on the first require only. */
const mockLoads: string[] = [];
jest.mock("@viz-js/viz", () => {
  mockLoads.push("@viz-js/viz");
  return jest.requireActual("@viz-js/viz");
});

test("GIVEN check and help THEN Graphviz is not loaded; GIVEN diagram THEN it is", async () => {
  const pass = path.join(__dirname, "..", "fixtures", "policy", "AA104/aws-pass/main.tf.json");
  expect((await runCli("check", pass, "--rules", "AA104")).code).toBe(0);
  expect((await runCli("--help")).code).toBe(0);
  expect((await runCli("diagram", "--help")).code).toBe(0);
  expect((await runCli("diagram", "blueprints/profiles-local.yaml", "--format", "mermaid")).code).toBe(0);
  expect(mockLoads).toEqual([]);
  expect((await runCli("diagram", "blueprints/profiles-local.yaml")).code).toBe(0);
  expect(mockLoads).toEqual(["@viz-js/viz"]);
});
