import type { WorkloadInput } from "../../lib/blueprint/schema";
import { workloadProblems } from "../../lib/blueprint/workload-checks";
import { UsageError } from "../../lib/core/errors";
import { renderManifests } from "../../lib/k8s/synth";
import { imageVersion, resolveWorkloads, WORKLOAD_DEFAULTS } from "../../lib/k8s/workload-defaults";
import { threeRegions, threeRegionsYaml } from "./fixtures";

const minimal: WorkloadInput = { name: "web", image: "ghcr.io/acme/web:3.0.0", port: 8080 };
const resolve = (w: Partial<WorkloadInput>) =>
  resolveWorkloads(threeRegions([1, 1, 1], [{ ...minimal, ...w }]))[0]!;

/** The rendered objects of one region's cluster, by kind. */
function objectsIn(w: Partial<WorkloadInput>, region = "us-east-1") {
  const b = threeRegions([1, 1, 1], [{ ...minimal, ...w }]);
  const docs = [...renderManifests(b).entries()]
    .filter(([file]) => file.startsWith(`k8s/svc-aws-${region}/`))
    .flatMap(([, d]) => d) as { kind: string; spec?: Record<string, unknown> }[];
  return (kind: string) => docs.filter((d) => d.kind === kind);
}

type PodSpec = {
  topologySpreadConstraints?: unknown[];
  containers: { readinessProbe: Record<string, unknown>; livenessProbe?: Record<string, unknown> }[];
};
const podSpec = (d: { spec?: Record<string, unknown> }) =>
  (d.spec as { template: { spec: PodSpec } }).template.spec;

describe("workload defaults", () => {
  test("a minimal workload gets the documented defaults", () => {
    const w = resolve({});
    expect(w.replicas).toEqual({ "us-east-1": 2, "eu-west-1": 2, "ap-southeast-1": 2 });
    expect(w.resources).toEqual(WORKLOAD_DEFAULTS.resources);
    expect(w.probes.readiness).toEqual({
      port: 8080,
      periodSeconds: 10,
      failureThreshold: 3,
      initialDelaySeconds: 0,
    });
    expect(w.probes.liveness).toBeUndefined();
    expect(w.disruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(w.spreadAcrossZones).toBe(true);
    expect(w.autoscaling).toBeUndefined();
  });

  test("spreadAcrossZones: false survives the defaults: no topology spread constraints", () => {
    const kinds = objectsIn({ spreadAcrossZones: false });
    expect(podSpec(kinds("Deployment")[0]!).topologySpreadConstraints).toBeUndefined();
    // and the default spreads across zones
    const spread = podSpec(objectsIn({})("Deployment")[0]!).topologySpreadConstraints as {
      topologyKey: string;
    }[];
    expect(spread.map((c) => c.topologyKey)).toEqual([
      "topology.kubernetes.io/zone",
      "kubernetes.io/hostname",
    ]);
  });

  test("0 survives the defaults: initialDelaySeconds 0 and minAvailable 0 are kept", () => {
    // GIVEN a probe delay of 0 (next to a non-default one) and a budget of minAvailable 0
    const kinds = objectsIn({
      probes: {
        readiness: { initialDelaySeconds: 0, periodSeconds: 5 },
        liveness: { path: "/l", initialDelaySeconds: 7 },
      },
      disruptionBudget: { minAvailable: 0 },
    });
    const container = podSpec(kinds("Deployment")[0]!).containers[0]!;
    // THEN the readiness probe is TCP with delay 0, the liveness probe keeps 7
    expect(container.readinessProbe).toEqual({
      tcpSocket: { port: 8080 },
      initialDelaySeconds: 0,
      periodSeconds: 5,
      failureThreshold: 3,
    });
    expect(container.livenessProbe).toMatchObject({
      httpGet: { path: "/l", port: 8080 },
      initialDelaySeconds: 7,
    });
    // AND the budget is minAvailable 0, not replaced by the default maxUnavailable 1
    expect(kinds("PodDisruptionBudget")[0]!.spec).toMatchObject({ minAvailable: 0 });
    expect(kinds("PodDisruptionBudget")[0]!.spec).not.toHaveProperty("maxUnavailable");
  });

  test("autoscaling defaults: floor is the region's replicas, target 70% CPU", () => {
    const w = resolve({ replicas: 3, autoscaling: { max: 9 } });
    expect(w.autoscaling).toEqual({
      min: { "us-east-1": 3, "eu-west-1": 3, "ap-southeast-1": 3 },
      max: 9,
      targetCpuPercent: 70,
    });
  });

  test("the image version label: tag, else digest, never latest", () => {
    expect(imageVersion("registry:5000/team/api:1.2.3")).toBe("1.2.3");
    expect(imageVersion(`api@sha256:${"ab".repeat(32)}`)).toBe("sha256-abababababab");
    expect(imageVersion(`api:latest@sha256:${"ab".repeat(32)}`)).toBe("sha256-abababababab");
    expect(imageVersion("registry:5000/api")).toBeUndefined();
    expect(imageVersion("api:latest")).toBeUndefined();
  });
});

describe("workload errors", () => {
  // A Blueprint only comes out of the loader, so the loader refuses these, naming file, line and column.
  const error = (w: Partial<WorkloadInput>) => {
    try {
      threeRegionsYaml("w.yaml", [1, 1, 1], [{ ...minimal, ...w }]);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error("expected a UsageError");
  };

  test("an image that pins nothing is refused: regions would pull different code", () => {
    expect(error({ image: "ghcr.io/acme/web" })).toMatch(/^w\.yaml:\d+:\d+: /);
    expect(error({ image: "ghcr.io/acme/web" }).replace(/^w\.yaml:\d+:\d+: /, "")).toBe(
      'spec.workloads[0].image: the image must be pinned: a moving tag lets regions run different code (found "ghcr.io/acme/web", expected a tag other than latest (ghcr.io/acme/api:1.4.2) or a digest (@sha256:...))',
    );
    expect(error({ image: "ghcr.io/acme/web:latest" })).toMatch(/must be pinned/);
  });

  test("CPU autoscaling without a CPU request is refused", () => {
    expect(error({ resources: { requests: { memory: "1Gi" } }, autoscaling: { max: 5 } })).toMatch(
      // The missing key has no line of its own: its parent's line is given.
      /^w\.yaml:\d+:\d+: spec\.workloads\[0\]\.resources\.requests\.cpu: autoscaling on CPU needs a CPU request/,
    );
  });

  test("an autoscaling maximum below a region's replicas is refused", () => {
    expect(error({ replicas: 4, resources: { requests: { cpu: "1" } }, autoscaling: { max: 3 } })).toMatch(
      /^w\.yaml:\d+:\d+: /,
    );
    expect(
      error({ replicas: 4, resources: { requests: { cpu: "1" } }, autoscaling: { max: 3 } }).replace(
        /^w\.yaml:\d+:\d+: /,
        "",
      ),
    ).toBe(
      "spec.workloads[0].autoscaling.max: autoscaling maximum below the us-east-1 replica count (found 3, expected at least 4)",
    );
  });
});

describe("workload names and env", () => {
  test("a regionEnv variable that env would shadow is refused", () => {
    const b = () =>
      threeRegions(
        [1, 1, 1],
        [{ ...minimal, env: { PEER: "x" }, regionEnv: { "eu-west-1": { PEER: "y" } } }],
      );
    expect(b).toThrow(
      '<blueprint>: spec.workloads[0].regionEnv.eu-west-1.PEER: also set in env or secretEnv, which would silently win over the region\'s value (found "PEER", expected PEER in regionEnv of every region, or only in env)',
    );
  });

  test("the longest names still give valid label values (63 characters at most)", () => {
    // GIVEN a 32-character blueprint name and a 42-character workload name
    const longName = `w${"x".repeat(40)}z`;
    const b = { ...threeRegions([1, 1, 1], [{ ...minimal, name: longName }]), name: `b${"c".repeat(30)}d` };
    const docs = [...renderManifests(b).values()].flat() as {
      metadata: { labels?: Record<string, string> };
    }[];
    // THEN every label value fits, and the instance label stays distinct from a shorter workload's
    for (const d of docs)
      for (const v of Object.values(d.metadata.labels ?? {})) expect(v.length).toBeLessThanOrEqual(63);
    const instance = docs.find((d) => d.metadata.labels?.["app.kubernetes.io/name"] === longName)!.metadata
      .labels!["app.kubernetes.io/instance"]!;
    expect(instance).toMatch(/^bc{30}d-wx+-[a-z0-9]+$/);
    expect(instance.length).toBe(63);
  });
});

describe("names Kubernetes would refuse at apply time", () => {
  const problems = (w: Partial<WorkloadInput>) =>
    workloadProblems({ ...minimal, ...w }, 3, [{ region: "us-east-1", weight: 1 }]).map(
      (p) => `${p.path}: ${p.message}`,
    );

  test("a config key with a slash, a Secret name with capitals, a Secret key with a space", () => {
    expect(
      problems({
        config: { "conf/app.yaml": "x", "ok.yaml": "y" },
        secretEnv: {
          DB: { secret: "Api_DB", key: "pass word" },
          OK: { secret: "api-db.v1", key: "password" },
        },
      }),
    ).toEqual([
      "spec.workloads[3].config.conf/app.yaml: not a valid ConfigMap key",
      "spec.workloads[3].secretEnv.DB.secret: not a valid Secret name",
      "spec.workloads[3].secretEnv.DB.key: not a valid Secret key",
    ]);
  });

  test("a valid workload has no problems", () => {
    expect(
      problems({ config: { "app.yaml": "x" }, secretEnv: { DB: { secret: "api-db", key: "password" } } }),
    ).toEqual([]);
  });
});

describe("env that would collide", () => {
  const problems = (w: Partial<WorkloadInput>) =>
    workloadProblems({ ...minimal, ...w }, 0, [{ region: "us-east-1", weight: 1 }]).map(
      (p) => `${p.path}: ${p.message}`,
    );

  test("a variable in both env and secretEnv", () => {
    expect(problems({ env: { DB: "x" }, secretEnv: { DB: { secret: "db", key: "url" } } })).toEqual([
      "spec.workloads[0].secretEnv.DB: also set in env: the container would get the variable twice",
    ]);
  });

  test("REGION and CLOUD are reserved in env, secretEnv and regionEnv", () => {
    expect(
      problems({
        env: { REGION: "x" },
        secretEnv: { CLOUD: { secret: "s", key: "k" } },
        regionEnv: { "us-east-1": { REGION: "y" } },
      }),
    ).toEqual([
      "spec.workloads[0].env.REGION: REGION is set for every pod from its region",
      "spec.workloads[0].secretEnv.CLOUD: CLOUD is set for every pod from its region",
      "spec.workloads[0].regionEnv.us-east-1.REGION: REGION is set for every pod from its region",
      "spec.workloads[0].regionEnv.us-east-1.REGION: also set in env or secretEnv, which would silently win over the region's value",
    ]);
  });
});
