import * as fs from "node:fs";
import { parseBlueprint } from "../../lib/blueprint/load";

/**
 * What the stacks used to check again on a resolved Blueprint is refused by
 * the loader, the one way to a Blueprint, with the file, line and path.
 */
const MULTI = fs.readFileSync("blueprints/multi-cloud.yaml", "utf8");
const GCP = fs.readFileSync("blueprints/gcp-global.yaml", "utf8");

function rejection(text: string): string {
  try {
    parseBlueprint(text, "bp.yaml");
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the loader to refuse the blueprint");
}

describe("the loader refuses what the stacks no longer check", () => {
  test("GIVEN an aws region and no Route 53 zone id THEN refused at spec.dns with file and line", () => {
    const text = MULTI.replace(/\n\s+zoneId: Z0123456789ABCDEFGHIJ/, "");
    expect(text).not.toBe(MULTI);
    expect(rejection(text)).toMatch(
      /^bp\.yaml:\d+:\d+: spec\.dns\.zoneId: Route 53 routing needs the hosted zone id of the domain \(found no zoneId, expected a hosted zone id such as Z0123456789ABCDEFGHIJ\)$/m,
    );
  });

  test.each([
    ["multi-cloud", MULTI],
    ["gcp-global", GCP],
  ])("GIVEN %s without a billing account THEN refused at spec.budget with file and line", (_, source) => {
    const text = source.replace(/\n\s+billingAccount: [\w-]+/, "");
    expect(text).not.toBe(source);
    expect(rejection(text)).toMatch(
      /^bp\.yaml:\d+:\d+: spec\.budget\.billingAccount: a gcp region needs a billing account for its budget \(found no billingAccount, expected a billing account id such as 012345-6789AB-CDEF01\)$/m,
    );
  });

  test("GIVEN a gcp region without a project THEN refused at that region with file and line", () => {
    const text = MULTI.replace(", project: acme-shop-prod }", " }");
    expect(text).not.toBe(MULTI);
    // The line of the first gcp region (spec.regions[2]), wherever the blueprint puts it.
    const line = text.split("\n").findIndex((l) => /^\s+- \{ cloud: gcp,/.test(l)) + 1;
    expect(line).toBeGreaterThan(0);
    expect(rejection(text)).toMatch(
      new RegExp(
        `^bp\\.yaml:${line}:\\d+: spec\\.regions\\[2\\]: a gcp region needs its Google Cloud project \\(found no project, expected a project id, e\\.g\\. project: "acme-shop-prod"\\)$`,
        "m",
      ),
    );
  });

  test("GIVEN an interconnect pair naming a region the blueprint lacks THEN refused at the pair with file and line", () => {
    const text = MULTI.replace(/gcp: europe-west1 \}/, "gcp: europe-west4 }");
    expect(text).not.toBe(MULTI);
    expect(rejection(text)).toMatch(
      /^bp\.yaml:\d+:\d+: spec\.interconnect\.pairs\[\d\]\.gcp: not a gcp region of this blueprint \(found "europe-west4", expected one of europe-west1, us-central1\)$/m,
    );
  });
});
