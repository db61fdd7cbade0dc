import * as fs from "node:fs";
import * as path from "node:path";
import { synthBlueprint } from "./helpers";

// Construct ids are API: they become Terraform addresses, and a changed
// address is a destroy and create on the next apply. This pins, per stack of
// each catalogue blueprint, the sorted list of addresses (resources and data
// sources). A deliberate change updates addresses.json:
//   ACTIVEACTIVE_UPDATE_ADDRESSES=1 npx jest test/stacks/addresses.test.ts
// and the diff of that file is what a reviewer reads.

const EXPECTED = path.join(__dirname, "addresses.json");
const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => `blueprints/${f}`);

type Addresses = Record<string, Record<string, string[]>>;

/** `type.name` for each resource and `data.type.name` for each data source, sorted. */
function addresses(json: {
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
}): string[] {
  const list: string[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {}))
    for (const name of Object.keys(byName)) list.push(`${type}.${name}`);
  for (const [type, byName] of Object.entries(json.data ?? {}))
    for (const name of Object.keys(byName)) list.push(`data.${type}.${name}`);
  return list.sort();
}

const actual: Addresses = Object.fromEntries(
  CATALOGUE.map((file) => {
    const { stacks, names } = synthBlueprint(file);
    return [file, Object.fromEntries(names.map((n) => [n, addresses(stacks[n] as never)]))];
  }),
);

if (process.env.ACTIVEACTIVE_UPDATE_ADDRESSES === "1") {
  fs.writeFileSync(EXPECTED, `${JSON.stringify(actual, null, 2)}\n`);
}
const expected = JSON.parse(fs.readFileSync(EXPECTED, "utf8")) as Addresses;

describe("the Terraform addresses of the catalogue blueprints", () => {
  test("addresses.json covers exactly the catalogue", () => {
    expect(Object.keys(expected).sort()).toEqual(CATALOGUE);
  });

  test.each(CATALOGUE)("%s: the same stacks, each with the same addresses", (file) => {
    expect(Object.keys(actual[file]!)).toEqual(Object.keys(expected[file] ?? {}));
    for (const stack of Object.keys(actual[file]!)) {
      expect({ stack, addresses: actual[file]![stack] }).toEqual({
        stack,
        addresses: expected[file]![stack],
      });
    }
  });

  test("GIVEN a stack JSON THEN resources and data sources become sorted addresses", () => {
    expect(
      addresses({
        resource: { aws_vpc: { vpc: {} }, aws_subnet: { b: {}, a: {} } },
        data: { google_project: { project: {} } },
      }),
    ).toEqual(["aws_subnet.a", "aws_subnet.b", "aws_vpc.vpc", "data.google_project.project"]);
  });
});
