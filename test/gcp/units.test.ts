import * as fs from "node:fs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Testing } from "cdktf";
import { parseBlueprint } from "../../lib/blueprint/load";
import { awsLatencyRegionFor } from "../../lib/core/aws-latency-region";
import { parseCidr } from "../../lib/core/cidr";
import { REGIONS } from "../../lib/core/regions";
import { SPANNER_CONFIGS, spannerConfigFor, spannerConfigRegions } from "../../lib/core/spanner-config";
import { gcpZones } from "../../lib/core/zones";
import { GcpBudget } from "../../lib/gcp/budget";
import { CloudSqlPostgres } from "../../lib/gcp/cloudsql";
import { GcpKeyRing } from "../../lib/gcp/kms";
import { gcpLabels } from "../../lib/gcp/labels";
import { subnetPlan } from "../../lib/gcp/subnet-plan";

const inside = (inner: string, outer: string) => {
  const a = parseCidr(inner)!;
  const b = parseCidr(outer)!;
  return a.start >= b.start && a.end <= b.end;
};

describe("subnet plan", () => {
  test.each(["10.40.0.0/16", "10.0.0.0/8", "172.16.0.0/20"])(
    "GIVEN %s THEN every part lies inside it and no two parts overlap",
    (cidr) => {
      const plan = subnetPlan(cidr);
      const parts = Object.values(plan);
      for (const p of parts) expect([p, inside(p, cidr)]).toEqual([p, true]);
      for (let i = 0; i < parts.length; i++)
        for (let j = i + 1; j < parts.length; j++) {
          const a = parseCidr(parts[i]!)!;
          const b = parseCidr(parts[j]!)!;
          expect([parts[i], parts[j], a.start <= b.end && b.start <= a.end]).toEqual([
            parts[i],
            parts[j],
            false,
          ]);
        }
    },
  );

  test("GIVEN a /20 THEN private services access still gets the /24 Cloud SQL needs and the control plane a /28", () => {
    expect(subnetPlan("172.16.0.0/20")).toEqual({
      nodes: "172.16.0.0/22",
      services: "172.16.4.0/23",
      privateServices: "172.16.6.0/24",
      controlPlane: "172.16.7.0/28",
      pods: "172.16.8.0/21",
    });
  });

  test("GIVEN a range outside /8-/20 THEN it throws", () => {
    expect(() => subnetPlan("10.0.0.0/24")).toThrow("10.0.0.0/24 is not a /8 to /20");
  });
});

describe("Spanner configuration from regions", () => {
  test.each([
    [["us-central1", "europe-west1", "asia-east1"], "nam-eur-asia1"],
    [["us-east1", "us-east4"], "nam3"],
    [["europe-west1", "europe-west4"], "eur3"],
    [["us-central1", "us-east1"], "nam6"],
    [["us-central1", "europe-west1"], "nam-eur-asia1"],
    [["europe-west2"], "regional-europe-west2"],
  ])("GIVEN %j THEN %s", (regions, name) => {
    expect(spannerConfigFor(regions)?.name).toBe(name);
  });

  test("GIVEN regions no configuration serves THEN undefined (custom configurations are out of scope)", () => {
    expect(spannerConfigFor(["us-central1", "australia-southeast1"])).toBeUndefined();
  });

  test("THEN every configuration's regions are known and its keys go to every replica region, witness included", () => {
    expect(spannerConfigRegions(SPANNER_CONFIGS.find((c) => c.name === "nam3")!)).toEqual([
      "us-east4",
      "us-east1",
      "us-central1",
    ]);
    for (const c of SPANNER_CONFIGS) {
      // us-central2 is a Google-internal region: Spanner uses it, blueprints cannot.
      for (const r of spannerConfigRegions(c))
        expect([c.name, r, REGIONS.gcp.includes(r) || r === "us-central2"]).toEqual([c.name, r, true]);
    }
  });
});

describe("labels, zones, latency regions", () => {
  const b = parseBlueprint(fs.readFileSync("blueprints/multi-cloud.yaml", "utf8"));

  test("GIVEN tags with upper case and punctuation THEN valid Google labels, with the region", () => {
    const tagged = { ...b, tags: { service: "multi-cloud", "Cost:Center": "R&D 42", "9lives": "x" } };
    expect(gcpLabels(tagged, b.regions[2]!)).toEqual({
      cost_center: "r_d_42",
      region: "europe-west1",
      service: "multi-cloud",
      "t-9lives": "x",
    });
    expect(gcpLabels(b, "global").region).toBe("global");
  });

  test("THEN every gcp region has three zones; the two without an -a zone are listed", () => {
    for (const r of REGIONS.gcp) expect(gcpZones(r)).toHaveLength(3);
    expect(gcpZones("europe-west1")).toEqual(["europe-west1-b", "europe-west1-c", "europe-west1-d"]);
    expect(gcpZones("us-central1")).toEqual(["us-central1-a", "us-central1-b", "us-central1-c"]);
  });

  test("THEN a gcp region's latency record takes the nearest AWS region not taken, and every gcp region has one", () => {
    expect(awsLatencyRegionFor("europe-west1", new Set())).toBe("eu-west-3");
    expect(awsLatencyRegionFor("europe-west1", new Set(["eu-west-3", "eu-west-2"]))).toBe("eu-central-1");
    expect(awsLatencyRegionFor("southamerica-east1", new Set(["sa-east-1"]))).toBe("af-south-1");
    for (const r of REGIONS.gcp) expect(REGIONS.aws).toContain(awsLatencyRegionFor(r, new Set()));
  });
});

describe("constructs on their own", () => {
  const build = (fn: (scope: import("constructs").Construct, p: GoogleProvider) => void) =>
    JSON.parse(
      Testing.synthScope((scope) => {
        fn(
          scope,
          new GoogleProvider(scope, "google", { alias: "t", project: "p-test-1", region: "europe-west1" }),
        );
      }),
    );

  test("GIVEN both or neither of primary and replicaOf THEN CloudSqlPostgres refuses", () => {
    const base = { project: "p", region: "europe-west1", name: "db", network: "n", kmsKeyId: "k" };
    expect(() => build((s, provider) => new CloudSqlPostgres(s, "Db", { ...base, provider }))).toThrow(
      "stack/Db: a Cloud SQL instance is a primary or a replica (found neither primary nor replicaOf, expected exactly one of primary and replicaOf)",
    );
    expect(() =>
      build(
        (s, provider) =>
          new CloudSqlPostgres(s, "Db", {
            ...base,
            provider,
            replicaOf: "x",
            primary: { databaseName: "d", backupRetentionDays: 7 },
          }),
      ),
    ).toThrow(
      "stack/Db: a Cloud SQL instance is a primary or a replica (found both primary and replicaOf, expected exactly one of primary and replicaOf)",
    );
  });

  test("GIVEN a fractional amount THEN the budget keeps the cents; thresholds are sorted", () => {
    const json = build(
      (s, provider) =>
        new GcpBudget(s, "Budget", {
          provider,
          billingAccount: "012345-6789AB-CDEF01",
          displayName: "b",
          projectNumber: "123",
          monthlyUsd: 99.5,
          thresholdsPercent: [100, 50],
          notificationChannels: [],
        }),
    );
    const budget = Object.values(json.resource.google_billing_budget)[0] as Record<string, any>;
    expect(budget.amount.specified_amount).toEqual({ currency_code: "USD", units: "99", nanos: 500000000 });
    expect(budget.threshold_rules.map((r: Record<string, unknown>) => r.threshold_percent)).toEqual([
      0.5, 1, 1,
    ]);
    expect(budget.budget_filter).not.toHaveProperty("labels");
  });

  test("GIVEN a rotation period THEN it is used; 0 is refused, not replaced by the default", () => {
    const ring = (rotationPeriodSeconds: number) =>
      build((s, provider) => {
        new GcpKeyRing(s, "A", {
          provider,
          project: "p",
          location: "europe-west1",
          name: "a",
          keys: ["k"],
          rotationPeriodSeconds,
        });
      });
    const periods = Object.values(ring(86400).resource.google_kms_crypto_key).map(
      (k: any) => k.rotation_period,
    );
    expect(periods).toEqual(["86400s"]);
    expect(() => ring(0)).toThrow(
      "stack/A: rotationPeriodSeconds: Cloud KMS rotates at most daily (found 0, expected 86400 or more)",
    );
  });

  test("GIVEN a key name the ring lacks THEN key() throws naming the ring", () => {
    expect(() =>
      build((s, provider) => {
        new GcpKeyRing(s, "A", {
          provider,
          project: "p",
          location: "europe-west1",
          name: "a",
          keys: ["k"],
        }).key("other");
      }),
    ).toThrow(/: no such key in the key ring \(found "other", expected one of k\)$/);
  });
});
