import fc from "fast-check";
import { stringify } from "yaml";
import { parseBlueprint } from "../../lib/blueprint/load";
import { UsageError } from "../../lib/core/errors";
import { minimalBlueprint } from "../helpers/blueprints";

/** The loader either returns a blueprint or throws UsageError: never anything else. */
function loadsOrRejectsCleanly(text: string): void {
  try {
    parseBlueprint(text, "fuzz.yaml");
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    expect(e.message).toMatch(/^fuzz\.yaml/);
  }
}

describe("blueprint loader fuzzing", () => {
  test("arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), loadsOrRejectsCleanly), { numRuns: 500 });
  });

  test("arbitrary YAML-shaped values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => loadsOrRejectsCleanly(stringify(v))),
      { numRuns: 300 },
    );
  });

  test("a valid blueprint with one field replaced by anything", () => {
    const paths = [
      ["metadata", "name"],
      ["spec", "regions"],
      ["spec", "regions", 0],
      ["spec", "regions", 0, "cidr"],
      ["spec", "dns"],
      ["spec", "dns", "ttlSeconds"],
      ["spec", "database", "engine"],
      ["spec", "budget", "alertEmails"],
      ["spec", "workloads"],
      ["spec", "interconnect"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (p, value) => {
        const doc: any = minimalBlueprint();
        let node = doc;
        for (const k of p.slice(0, -1)) node = node[k];
        node[p[p.length - 1]!] = value;
        loadsOrRejectsCleanly(stringify(doc));
      }),
      { numRuns: 400 },
    );
  });
});
