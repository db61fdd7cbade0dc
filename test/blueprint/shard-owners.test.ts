import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { loadBlueprintFile, resolveBlueprint } from "../../lib/blueprint/load";
import { writingRegions } from "../../lib/blueprint/shard-owner-checks";
import { runCli } from "../helpers/run-cli";

type Doc = Record<string, any>;
const MULTI_CLOUD = "blueprints/multi-cloud.yaml";
const multiCloud = (): Doc => parse(fs.readFileSync(MULTI_CLOUD, "utf8"));

/** Writes `doc` as `<tmp>/name.yaml` and runs `activeactive synth` on it. */
async function synth(doc: Doc, name = "shop") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "owners-"));
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  const run = await runCli(
    "synth",
    file,
    "--out",
    path.join(dir, "out"),
    "--manifests",
    path.join(dir, "dist"),
  );
  return { ...run, file };
}

describe("GIVEN shard owners and a single-writer engine per cloud (Aurora global, Cloud SQL)", () => {
  test("THEN the catalogue's multi-cloud blueprint owns shards only in the writer regions", () => {
    const b = loadBlueprintFile(MULTI_CLOUD);
    const writers = b.regions.filter((r) => r.writer).map((r) => r.key);
    expect(writers).toEqual(["aws-us-east-1", "gcp-europe-west1"]);
    expect(Object.keys(b.sharding.owners)).toHaveLength(4);
    for (const owner of Object.values(b.sharding.owners)) expect(writers).toContain(owner);
  });

  test.each([
    ["umbrella", "us-central1"],
    ["globex", "eu-west-1"],
  ])(
    "WHEN %s is owned by %s (a read replica / forwarder) THEN exit 2 with file, path, found and the regions that can own shards",
    async (shard, owner) => {
      const doc = multiCloud();
      doc.spec.sharding.owners[shard] = owner;
      const run = await synth(doc);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${run.file}:`);
      expect(run.stderr).toContain(`spec.sharding.owners.${shard}: shard "${shard}" is owned by ${owner}`);
      expect(run.stderr).toContain(`found "${owner}"`);
      expect(run.stderr).toContain("expected a region that takes writes: us-east-1, europe-west1");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
  );

  test("WHEN the writer moves (writerRegion) THEN the shards must move with it", async () => {
    const doc = multiCloud();
    doc.spec.database.writerRegion = "eu-west-1";
    const run = await synth(doc);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("spec.sharding.owners.acme");
    expect(run.stderr).toContain("expected a region that takes writes: eu-west-1, europe-west1");
    doc.spec.sharding.owners.acme = "eu-west-1";
    doc.spec.sharding.owners.globex = "eu-west-1";
    expect(() => resolveBlueprint(doc)).not.toThrow();
  });
});

describe("GIVEN a multi-writer engine", () => {
  test("THEN every region may own shards (DynamoDB)", () => {
    const doc = multiCloud();
    doc.spec.regions = doc.spec.regions.filter((r: Doc) => r.cloud === "aws");
    delete doc.spec.interconnect;
    delete doc.spec.budget.billingAccount;
    doc.spec.database = { engine: "dynamodb" };
    doc.spec.sharding.owners = { acme: "us-east-1", globex: "eu-west-1" };
    expect(writingRegions(doc as never)).toEqual(["us-east-1", "eu-west-1"]);
    expect(() => resolveBlueprint(doc)).not.toThrow();
  });

  test("THEN every gcp region may own shards on Spanner, while Aurora still has one writer", () => {
    const doc = multiCloud();
    doc.spec.database.engine = { aws: "aurora-postgresql", gcp: "spanner" };
    expect(writingRegions(doc as never)).toEqual(["us-east-1", "europe-west1", "us-central1"]);
  });
});
