import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { runCli } from "../helpers/run-cli";
import { blueprintDoc, GCP_GLOBAL, MULTI_CLOUD, rejection, resolveEdited } from "./fixtures";

describe("gcp blueprint checks", () => {
  test("GIVEN the catalogue blueprints THEN both resolve, with the gcp defaults applied", () => {
    const mixed = resolveEdited(MULTI_CLOUD, () => {});
    expect(mixed.database.engines).toEqual({ aws: "aurora-postgresql", gcp: "cloudsql-postgres" });
    const gcp = resolveEdited(GCP_GLOBAL, (d) => {
      delete d.spec.cluster.releaseChannel;
    });
    expect(gcp.cluster.releaseChannel).toBe("REGULAR");
  });

  test("GIVEN gcp regions in two projects THEN rejected at the second region's project", () => {
    const message = rejection(MULTI_CLOUD, (d) => {
      d.spec.regions[3].project = "acme-other-prod";
    });
    expect(message).toContain(
      "blueprints/multi-cloud.yaml: spec.regions[3].project: the gcp regions of a blueprint share one project",
    );
    expect(message).toContain('(found "acme-other-prod", expected "acme-shop-prod")');
  });

  test("GIVEN spanner on regions no multi-region configuration serves THEN rejected naming the regions and the choices", () => {
    const message = rejection(GCP_GLOBAL, (d) => {
      d.spec.regions[2].region = "australia-southeast1";
    });
    expect(message).toContain(
      "spec.database.engine: no Spanner multi-region configuration has a replica in every gcp region (us-central1, europe-west1, australia-southeast1)",
    );
    expect(message).toContain("nam-eur-asia1 (us-central1, us-central2, europe-west1, asia-east1)");
    expect(message).toContain("or use cloudsql-postgres");
  });

  test("GIVEN cloudsql-postgres on ten gcp regions THEN rejected: a primary has at most 8 replicas", () => {
    const names = [
      "europe-west1",
      "us-central1",
      "us-east1",
      "us-east4",
      "us-west1",
      "us-west2",
      "europe-west2",
      "europe-west3",
      "europe-west4",
      "asia-east1",
    ];
    const message = rejection(MULTI_CLOUD, (d) => {
      d.spec.regions = [
        ...d.spec.regions.slice(0, 2),
        ...names.map((region, i) => ({
          cloud: "gcp",
          region,
          cidr: `10.${100 + i}.0.0/16`,
          project: "acme-shop-prod",
        })),
      ];
    });
    expect(message).toContain("spec.regions: Cloud SQL allows at most 8 read replicas per primary");
    expect(message).toContain("found 10 gcp regions");
  });

  test("GIVEN an unknown release channel THEN rejected by the schema with the choices", () => {
    const message = rejection(GCP_GLOBAL, (d) => {
      d.spec.cluster.releaseChannel = "NIGHTLY";
    });
    expect(message).toContain("spec.cluster.releaseChannel: value not allowed");
    expect(message).toContain("expected one of RAPID, REGULAR, STABLE");
  });

  test("GIVEN a gcp region without project through the CLI THEN exit 2, the path, no stack trace", async () => {
    const doc = blueprintDoc(GCP_GLOBAL);
    delete doc.spec.regions[1].project;
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "gcp-bp-"));
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, stringify(doc));
    const run = await runCli(
      "synth",
      file,
      "--out",
      path.join(dir, "out"),
      "--manifests",
      path.join(dir, "m"),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("spec.regions[1]: a gcp region needs its Google Cloud project");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });
});
