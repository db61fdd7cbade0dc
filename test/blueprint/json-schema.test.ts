import * as fs from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { blueprintJsonSchema } from "../../lib/blueprint/json-schema";

describe("blueprint.schema.json", () => {
  test("is up to date with the TypeBox definition (regenerate: npm run schema)", () => {
    expect(fs.readFileSync("blueprint.schema.json", "utf8")).toBe(blueprintJsonSchema());
  });

  test("accepts every catalogue blueprint on its own, as an editor would", () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(blueprintJsonSchema()));
    const files = fs.readdirSync("blueprints").filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const ok = validate(parse(fs.readFileSync(`blueprints/${f}`, "utf8")));
      expect({ file: f, errors: ok ? null : validate.errors }).toEqual({ file: f, errors: null });
    }
  });
});
