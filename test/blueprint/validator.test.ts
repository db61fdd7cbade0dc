import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { compileBlueprintValidator, PRECOMPILED_VALIDATOR } from "../../lib/blueprint/validator";

// `npm install` / `npm run build` ship the validator precompiled; it must judge
// exactly as the schema compiled at run time does.
const file = path.resolve("build/lib/blueprint", PRECOMPILED_VALIDATOR);

describe("the precompiled blueprint validator", () => {
  test("agrees with the run-time compiled schema, errors included", () => {
    expect(fs.existsSync(file)).toBe(true);
    const precompiled = require(file);
    const { validate } = compileBlueprintValidator();
    const good = parse(fs.readFileSync("blueprints/global-saas.yaml", "utf8"));
    const inputs = [
      good,
      { ...good, spec: { ...good.spec, regoins: [] } },
      { ...good, spec: { ...good.spec, budget: { monthlyUsd: -1, alertEmails: ["not-an-email"] } } },
      { ...good, spec: { ...good.spec, database: { engine: { aws: "dynamodb", azure: "x" } } } },
      { apiVersion: "v2" },
    ];
    const judge = (v: typeof validate, input: unknown) => {
      const ok = v(input);
      return { ok, errors: (v.errors ?? []).map((e) => [e.instancePath, e.keyword, e.params]) };
    };
    for (const input of inputs) expect(judge(precompiled, input)).toEqual(judge(validate, input));
    expect(judge(precompiled, inputs[2]).errors.map((e) => e[1])).toEqual(["exclusiveMinimum", "format"]);
  });
});
