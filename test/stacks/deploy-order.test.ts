import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { addBlueprintStacks } from "../../stacks/app";
import { resolveEdited } from "../gcp/fixtures";
import {
  crossStackUses,
  deployOrder,
  negUses,
  orderProblems,
  readDependencies,
  transitiveDependencies,
} from "./name-flow";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => path.join("blueprints", f));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-order-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Synthesizes a blueprint the way `cdktf synth` does and returns the output folder. */
function synth(b: Blueprint, name: string): string {
  const outdir = path.join(tmp, name);
  const app = new App({ outdir, stackTraces: false });
  addBlueprintStacks(app, b);
  app.synth();
  return outdir;
}

describe.each(CATALOGUE)("GIVEN %s synthesized", (file) => {
  const outdir = synth(loadBlueprintFile(file), path.basename(file, ".yaml"));
  const deps = readDependencies(outdir);

  test("THEN manifest.json gives a deploy order without cycles that holds every stack", () => {
    const order = deployOrder(deps);
    expect(order.sort()).toEqual([...deps.keys()].sort());
  });

  test("THEN every name a stack uses from another is created by a stack deployed before it", () => {
    // The check sees the cross-stack names at all (a check that finds nothing proves nothing).
    expect(crossStackUses(outdir, deployOrder(deps)).length).toBeGreaterThan(0);
    expect(orderProblems(outdir)).toEqual([]);
  });

  test("THEN the first deploy names no NEG: GKE creates them only once the workloads run", () => {
    for (const stack of deps.keys()) expect(negUses(outdir, stack)).toEqual([]);
  });
});

describe("GIVEN multi-cloud.yaml", () => {
  const outdir = synth(loadBlueprintFile("blueprints/multi-cloud.yaml"), "mc-order");
  const deps = readDependencies(outdir);
  const order = deployOrder(deps);
  const precedes = (a: string, b: string) => order.indexOf(a) < order.indexOf(b);

  test("THEN the order is global, the primaries, their secondaries, then what spans the regions", () => {
    expect(precedes("multi-cloud-global", "multi-cloud-aws-us-east-1")).toBe(true);
    expect(precedes("multi-cloud-aws-us-east-1", "multi-cloud-aws-eu-west-1")).toBe(true);
    expect(precedes("multi-cloud-gcp-europe-west1", "multi-cloud-gcp-us-central1")).toBe(true);
    expect(order.slice(-2).sort()).toEqual(["multi-cloud-gcp-global", "multi-cloud-interconnect"]);
  });

  test("THEN the Cloud SQL replica, the secondary's subnet and the interconnect's gateways find what they name", () => {
    const uses = crossStackUses(outdir, order).map(
      (u) => `${u.user} ${u.address.split(".")[0]} ${u.creator}`,
    );
    expect(uses).toEqual(
      expect.arrayContaining([
        "multi-cloud-gcp-us-central1 google_sql_database_instance multi-cloud-gcp-europe-west1",
        "multi-cloud-gcp-us-central1 google_compute_subnetwork multi-cloud-gcp-europe-west1",
        "multi-cloud-interconnect data multi-cloud-aws-eu-west-1",
        "multi-cloud-interconnect google_compute_ha_vpn_gateway multi-cloud-gcp-europe-west1",
        "multi-cloud-aws-eu-west-1 aws_rds_cluster multi-cloud-global",
      ]),
    );
  });

  test("WHEN a stack's declared dependency is dropped THEN the check names the use that races", () => {
    const manifest = path.join(outdir, "manifest.json");
    const json = JSON.parse(fs.readFileSync(manifest, "utf8"));
    json.stacks["multi-cloud-gcp-us-central1"].dependencies = [];
    fs.writeFileSync(manifest, JSON.stringify(json));
    expect(orderProblems(outdir)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^multi-cloud-gcp-us-central1: google_sql_database_instance\.\S+ uses "multi-cloud-europe-west1", created by multi-cloud-gcp-europe-west1/,
        ),
      ]),
    );
  });
});

describe("GIVEN gcp-global.yaml with gcpBackends: attached (the second pass)", () => {
  const b = resolveEdited("blueprints/gcp-global.yaml", (d) => {
    d.spec.dns.gcpBackends = "attached";
  });
  const outdir = synth(b, "gcp-second-pass");
  const deps = readDependencies(outdir);

  test("THEN only the gcp global stack names the NEGs, and it comes after every cluster that creates them", () => {
    const users = [...deps.keys()].filter((s) => negUses(outdir, s).length > 0);
    expect(users).toEqual(["gcp-global-gcp-global"]);
    const gkeStacks = b.regions.map((r) => `gcp-global-${r.key}`);
    expect([...transitiveDependencies(deps, "gcp-global-gcp-global")].sort()).toEqual(gkeStacks.sort());
    expect(orderProblems(outdir)).toEqual([]);
  });
});
