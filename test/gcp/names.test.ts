import { resolveBlueprint } from "../../lib/blueprint/load";
import type { StackJson } from "../aws/synth";
import { synthBlueprint } from "../stacks/helpers";
import { blueprintDoc, GCP_GLOBAL, MULTI_CLOUD, rejection } from "./fixtures";

const LONGEST_NAME = "a-blueprint-name-of-32-character";

/** Every `[type, name-like field, value]` of the Google resources of a stack. */
function names(json: StackJson): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    if (!type.startsWith("google_")) continue;
    for (const body of Object.values(byName)) {
      for (const field of ["name", "account_id", "display_name"]) {
        if (typeof body[field] === "string" && !String(body[field]).includes("$")) {
          out.push([type, field, body[field] as string]);
        }
      }
    }
  }
  return out;
}

describe("GIVEN the longest blueprint name and the longest region names", () => {
  const doc = blueprintDoc(MULTI_CLOUD);
  doc.metadata.name = LONGEST_NAME;
  doc.spec.regions = [
    { cloud: "aws", region: "ca-central-1", cidr: "10.10.0.0/16" },
    { cloud: "aws", region: "us-east-1", cidr: "10.20.0.0/16" },
    { cloud: "gcp", region: "northamerica-northeast1", cidr: "10.40.0.0/16", project: "acme-shop-prod" },
    { cloud: "gcp", region: "northamerica-northeast2", cidr: "10.50.0.0/16", project: "acme-shop-prod" },
  ];
  doc.spec.interconnect.pairs = [{ aws: "ca-central-1", gcp: "northamerica-northeast1" }];
  doc.spec.sharding.owners = { acme: "ca-central-1", globex: "northamerica-northeast1" };
  const b = resolveBlueprint(doc, "long.yaml");
  const { stacks } = synthBlueprint(b);
  const all = Object.values(stacks).flatMap(names);

  test("THEN the blueprint name is 32 characters, the schema's maximum", () => {
    expect(LONGEST_NAME).toHaveLength(32);
  });

  test("THEN every Google name fits its limit and Compute names are RFC 1035 labels", () => {
    expect(all.length).toBeGreaterThan(50);
    const tooLong = all.filter(([type, field, value]) => {
      if (type === "google_dns_record_set") return false;
      if (type === "google_container_cluster") return value.length > 40;
      if (field === "account_id") return value.length > 30 || value.length < 6;
      if (type === "google_billing_budget") return value.length > 60;
      if (field === "display_name") return false;
      return value.length > 63;
    });
    expect(tooLong).toEqual([]);
    const rfc1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
    const bad = all.filter(
      ([type, field, value]) =>
        field === "name" &&
        (type.startsWith("google_compute_") || type === "google_container_cluster") &&
        !rfc1035.test(value),
    );
    expect(bad).toEqual([]);
  });
});

describe("Spanner database name", () => {
  test("GIVEN spanner and a 32-character blueprint name with no database name THEN rejected at metadata.name", () => {
    const message = rejection(GCP_GLOBAL, (d) => {
      d.metadata.name = LONGEST_NAME;
    });
    expect(message).toContain(
      "metadata.name: a Spanner database name has at most 30 characters (it defaults to the blueprint name)",
    );
  });

  test("GIVEN a database name of 31 characters THEN rejected at spec.database.name", () => {
    const message = rejection(GCP_GLOBAL, (d) => {
      d.spec.database.name = "d".repeat(31);
    });
    expect(message).toContain("spec.database.name: a Spanner database name has at most 30 characters (found");
  });
});
