import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Testing } from "cdktf";
import { GcpGlobalLoadBalancer, type HeaderRoute } from "../../lib/gcp/global-lb";

type Body = Record<string, any>;
const REGIONS = [
  { key: "gcp-europe-west1", hostname: "europe-west1.api.example.com", zones: ["europe-west1-b"] },
  { key: "gcp-us-central1", hostname: "us-central1.api.example.com", zones: ["us-central1-a"] },
];

function urlMap(headerRoutes?: HeaderRoute[]): Body {
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      const provider = new GoogleProvider(scope, "google", { project: "p" });
      new GcpGlobalLoadBalancer(scope, "Lb", {
        provider,
        project: "p",
        name: "shop",
        domain: "api.example.com",
        regions: REGIONS,
        negName: "shop-api",
        healthCheckPath: "/healthz",
        ...(headerRoutes !== undefined ? { headerRoutes } : {}),
      });
    }),
  );
  return Object.values(json.resource.google_compute_url_map as Record<string, Body>).find(
    (m) => m.host_rule,
  )!;
}

const routes: HeaderRoute[] = [
  { header: "X-Tenant-Id", value: "acme", redirectHost: "us-east-1.api.example.com" },
  { header: "X-Tenant-Id", value: "initech", regionKey: "gcp-europe-west1" },
];
const matcher = (map: Body, name: string): Body => map.path_matcher.find((p: Body) => p.name === name);
const values = (m: Body): string[] =>
  (m.route_rules ?? []).map((r: Body) => r.match_rules[0].header_matches[0].exact_match);

describe("GcpGlobalLoadBalancer header routes", () => {
  test("GIVEN none THEN the URL map is host rules per region only (no global matcher)", () => {
    const map = urlMap();
    expect(map.host_rule.map((h: Body) => h.path_matcher)).toEqual(["gcp-europe-west1", "gcp-us-central1"]);
    for (const m of map.path_matcher) expect(m.route_rules).toBeUndefined();
  });

  test("GIVEN routes THEN the global name and every other region match them; a region's own routes are left to its backends", () => {
    const map = urlMap(routes);
    expect(map.host_rule).toContainEqual({ hosts: ["api.example.com"], path_matcher: "global" });
    expect(values(matcher(map, "global"))).toEqual(["acme", "initech"]);
    expect(values(matcher(map, "gcp-us-central1"))).toEqual(["acme", "initech"]);
    expect(values(matcher(map, "gcp-europe-west1"))).toEqual(["acme"]);
    const [redirect, forward] = matcher(map, "gcp-us-central1").route_rules as Body[];
    expect(redirect!.url_redirect).toEqual({
      host_redirect: "us-east-1.api.example.com",
      redirect_response_code: "TEMPORARY_REDIRECT",
      strip_query: false,
    });
    expect(forward!.service).toBe(matcher(map, "gcp-europe-west1").default_service);
    // Unique priorities in each matcher: the API refuses duplicates.
    for (const m of map.path_matcher as Body[]) {
      const p = (m.route_rules ?? []).map((r: Body) => r.priority);
      expect(new Set(p).size).toBe(p.length);
    }
  });

  test.each([
    [{ header: "X-Tenant-Id", value: "a" }, /exactly one destination/],
    [
      { header: "X-Tenant-Id", value: "a", regionKey: "gcp-europe-west1", redirectHost: "h" },
      /exactly one destination/,
    ],
    [{ header: "X-Tenant-Id", value: "a", regionKey: "gcp-asia-east1" }, /does not serve/],
  ])("GIVEN a route it cannot build THEN a construct error (%#)", (route, message) => {
    expect(() => urlMap([route])).toThrow(message);
  });
});
