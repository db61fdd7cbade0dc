import * as fs from "node:fs";
import * as path from "node:path";
import { ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";
import Ajv from "ajv";
import { parseAllDocuments } from "yaml";
import { loadBlueprintFile } from "../../../lib/blueprint/load";
import { clusterName, regionalHostname } from "../../../lib/core/names";
import { chaosManifests, datastoreTargets } from "../../../lib/operate/game-days/chaos-manifests";
import { renderChaosManifests, writeChaosManifests } from "../../../lib/operate/game-days/write-chaos";

// No Chaos Mesh types exist in kubernetes-models: the fields we write are
// checked against a hand-written schema taken from the v2.7.3 CRDs (see its
// $comment), and metadata against the upstream ObjectMeta model.
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "chaos-mesh-v2.7.3.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function problems(object: unknown): string[] {
  const errors: string[] = [];
  if (!validate(object)) {
    errors.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  }
  try {
    new ObjectMeta((object as { metadata: never }).metadata).validate();
  } catch (e) {
    errors.push(`metadata: ${(e as Error).message}`);
  }
  return errors;
}

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => `blueprints/${f}`);

describe.each(CATALOGUE)("Chaos Mesh game days of %s", (file) => {
  const b = loadBlueprintFile(file);
  const files = renderChaosManifests(b);

  test("THEN every cluster has its files under chaos/<cluster>/, never under k8s/", () => {
    for (const r of b.regions) {
      const mine = [...files.keys()].filter((f) => f.startsWith(`chaos/${clusterName(b, r)}/`));
      const expected = ["partition.yaml", "region-outage.yaml"];
      if (datastoreTargets(b.database.engines[r.cloud], r).length > 0) expected.push("replication-lag.yaml");
      expect(mine.map((f) => path.basename(f)).sort()).toEqual(expected.sort());
    }
    expect([...files.keys()].every((f) => f.startsWith("chaos/"))).toBe(true);
  });

  test("THEN each object validates against the Chaos Mesh v2.7.3 fields and ObjectMeta", () => {
    for (const [name, text] of files) {
      const docs = parseAllDocuments(text).map((d) => d.toJS());
      expect(docs).toHaveLength(1);
      expect({ name, problems: problems(docs[0]) }).toEqual({ name, problems: [] });
    }
  });

  test("THEN the partition cuts every other region, by range and by front door", () => {
    for (const r of b.regions) {
      const partition = chaosManifests(b, r).find((m) => m.kind === "partition")!;
      const targets = partition.object.spec.externalTargets as string[];
      for (const o of b.regions.filter((x) => x.key !== r.key)) {
        expect(targets).toContain(o.cidr);
        expect(targets).toContain(regionalHostname(b, o));
      }
      expect(targets).not.toContain(r.cidr);
    }
  });

  test("THEN the same blueprint renders byte-identical files", () => {
    expect(renderChaosManifests(loadBlueprintFile(file))).toEqual(files);
  });
});

describe("the schema catches what Chaos Mesh would refuse", () => {
  const b = loadBlueprintFile("blueprints/global-saas.yaml");
  const [outage, partition, lag] = chaosManifests(b, b.regions[0]!).map((m) => m.object);

  test("GIVEN the generated objects THEN they pass (the compliant case)", () => {
    for (const o of [outage, partition, lag]) expect(problems(o)).toEqual([]);
  });

  test("GIVEN an action the CRD does not list THEN it fails", () => {
    expect(problems({ ...outage, spec: { ...outage!.spec, action: "pod-freeze" } }).join()).toMatch(
      /spec\/action/,
    );
  });

  test("GIVEN pod-failure without a duration THEN it fails (the CRD requires one)", () => {
    const { duration: _omit, ...spec } = outage!.spec as Record<string, unknown>;
    expect(problems({ ...outage, spec }).join()).toMatch(/duration/);
  });

  test("GIVEN a delay toward external targets in both directions THEN it fails (the webhook refuses it)", () => {
    expect(problems({ ...lag, spec: { ...lag!.spec, direction: "both" } }).join()).toMatch(/direction/);
  });

  test("GIVEN a field outside the checked list THEN it fails until checked against the CRD", () => {
    expect(
      problems({ ...partition, spec: { ...partition!.spec, scheduler: { cron: "@every 1h" } } }).join(),
    ).toMatch(/additional properties/);
  });

  test("GIVEN a metadata label that is not a string THEN ObjectMeta refuses it", () => {
    const metadata = { ...outage!.metadata, labels: { n: 1 } };
    expect(problems({ ...outage, metadata }).join()).toMatch(/metadata/);
  });
});

describe("datastore targets", () => {
  const b = loadBlueprintFile("blueprints/global-saas.yaml");
  const r = b.regions[1]!;
  test.each([
    ["aurora-postgresql", [`${r.cidr}:5432`]],
    ["dynamodb", [`dynamodb.${r.region}.amazonaws.com:443`]],
    ["kinesis", [`dynamodb.${r.region}.amazonaws.com:443`, `kinesis.${r.region}.amazonaws.com:443`]],
    ["spanner", ["spanner.googleapis.com:443"]],
  ] as const)("GIVEN %s THEN the delay aims at %j", (engine, expected) => {
    expect(datastoreTargets(engine, r)).toEqual(expected);
  });
});

test("writeChaosManifests writes what renderChaosManifests renders and returns the paths", () => {
  const b = loadBlueprintFile("blueprints/profiles-local.yaml");
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "chaos-"));
  try {
    const written = writeChaosManifests(b, dir);
    const rendered = renderChaosManifests(b);
    expect(written).toEqual([...rendered.keys()]);
    for (const f of written) expect(fs.readFileSync(path.join(dir, f), "utf8")).toBe(rendered.get(f));
    expect(fs.existsSync(path.join(dir, "k8s"))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
