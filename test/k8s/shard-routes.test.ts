import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Blueprint } from "../../lib/blueprint/model";
import { renderManifests, writeManifests } from "../../lib/k8s/synth";
import { checkSync } from "../../lib/policy/check";
import { fullWorkload, threeRegions, threeRegionsYaml } from "./fixtures";
import { upstreamErrors } from "./upstream-models";

const { regionEnv: _omit, ...rest } = fullWorkload;
const api = { ...rest, name: "api" };
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-1"];
const OWNERS = { acme: "eu-west-1", globex: "us-east-1", initech: "eu-west-1", umbrella: "ap-southeast-1" };
const sharded = (owners: Record<string, string> = OWNERS) =>
  threeRegions([40, 40, 20], [api], {
    pattern: "primary-per-shard",
    sharding: { header: "X-Tenant-Id", owners },
  });

type Doc = Record<string, any>;
const docsOf = (b: Blueprint, region: string, file: string): Doc[] =>
  (renderManifests(b).get(`k8s/svc-aws-${region}/${file}`) ?? []) as Doc[];

/**
 * Follows the generated configuration for a request with `X-Tenant-Id: shard`
 * arriving in `region`: the rule whose header match takes it, the Service it
 * forwards to, and the hostname it ends at. Undefined: no rule, served locally.
 */
function follow(b: Blueprint, region: string, shard: string): string | undefined {
  const docs = docsOf(b, region, "shard-routes.yaml");
  const route = docs.find((d) => d.kind === "HTTPRoute")!;
  const rule = (route.spec.rules as Doc[]).find((r) =>
    (r.matches as Doc[]).some((m) =>
      (m.headers as Doc[]).some((h) => h.type === "Exact" && h.name === "X-Tenant-Id" && h.value === shard),
    ),
  );
  if (rule === undefined) return undefined;
  const backend = rule.backendRefs[0];
  const service = docs.find((d) => d.kind === "Service" && d.metadata.name === backend.name)!;
  const tls = docs.find((d) => d.kind === "BackendTLSPolicy" && d.spec.targetRefs[0].name === backend.name)!;
  const rewrite = (rule.filters as Doc[]).find((f) => f.type === "URLRewrite")!.urlRewrite.hostname;
  // The Host the owner's front door sees, the name the TLS is checked against and the DNS name must agree.
  expect(rewrite).toBe(service.spec.externalName);
  expect(tls.spec.validation.hostname).toBe(service.spec.externalName);
  expect(backend.port).toBe(443);
  return service.spec.externalName;
}

describe("primary-per-shard write routing", () => {
  const b = sharded();

  test.each(REGIONS)("from %s, a request with the shard key reaches its owner region", (region) => {
    for (const [shard, owner] of Object.entries(OWNERS)) {
      const reached = follow(b, region, shard);
      // In its owner region a shard stays on the local routes; elsewhere it goes to <owner>.<domain>.
      expect(reached).toBe(owner === region ? undefined : `${owner}.svc.example.com`);
    }
  });

  test("every routing object validates against its Gateway API / Kubernetes schema", () => {
    for (const region of REGIONS) {
      const docs = docsOf(b, region, "shard-routes.yaml");
      expect(docs.map((d) => d.kind).sort()).toEqual([
        "BackendTLSPolicy",
        "BackendTLSPolicy",
        "BackendTLSPolicy",
        "HTTPRoute",
        "Service",
        "Service",
        "Service",
      ]);
      for (const d of docs) expect(upstreamErrors(d)).toBeUndefined();
    }
    // The schema can fail: a header match type Gateway API does not have.
    const route = structuredClone(
      docsOf(b, "us-east-1", "shard-routes.yaml").find((d) => d.kind === "HTTPRoute")!,
    );
    route.spec.rules[0].matches[0].headers[0].type = "Prefix";
    expect(upstreamErrors(route)).toMatch(/type/);
  });

  test("every cluster's AppProject admits the routing kinds", () => {
    const withGitops = threeRegions([40, 40, 20], [api], {
      pattern: "primary-per-shard",
      sharding: { header: "X-Tenant-Id", owners: OWNERS },
      gitops: { repoURL: "https://git.example.com/svc.git" },
    });
    const projects = [...renderManifests(withGitops).values()]
      .flat()
      // The workload project of each cluster (the `-gitops` one holds Argo CD's own objects).
      .filter((d) => d.kind === "AppProject" && (d.metadata as Doc).name === "svc") as Doc[];
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) {
      const admitted = [
        ...(project.spec.namespaceResourceWhitelist ?? []),
        ...(project.spec.clusterResourceWhitelist ?? []),
      ].map((k: Doc) => `${k.group}/${k.kind}`);
      for (const kind of [
        "gateway.networking.k8s.io/HTTPRoute",
        "gateway.networking.k8s.io/BackendTLSPolicy",
        "/Service",
      ]) {
        expect(
          admitted.includes(kind) || admitted.includes(`${kind.split("/")[0]}/*`) || admitted.includes("*/*"),
        ).toBe(true);
      }
    }
  });

  test("the regions differ only where the parity contract allows (AA502 is clean)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shard-parity-"));
    writeManifests(b, dir);
    const report = checkSync([path.join(dir, "k8s")], { rules: ["AA502"], config: false });
    expect(report.findings.map((f) => f.message)).toEqual([]);
  });

  test("no owners, no routes", () => {
    expect(docsOf(sharded({}), "us-east-1", "shard-routes.yaml")).toEqual([]);
  });

  test("an owner region that is not in the blueprint is a load-time error with file and path", () => {
    expect(() =>
      threeRegionsYaml("shop.yaml", [40, 40, 20], [api], {
        pattern: "primary-per-shard",
        sharding: { owners: { acme: "eu-central-1" } },
      }),
    ).toThrow(
      /shop\.yaml:\d+:\d+[\s\S]*spec\.sharding\.owners\.acme[\s\S]*"eu-central-1"[\s\S]*us-east-1, eu-west-1, ap-southeast-1/,
    );
  });

  test("owners without primary-per-shard are rejected", () => {
    expect(() => threeRegions([40, 40, 20], [api], { sharding: { owners: { acme: "eu-west-1" } } })).toThrow(
      /primary-per-shard/,
    );
  });
});
