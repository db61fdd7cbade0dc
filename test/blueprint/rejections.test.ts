import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { minimalBlueprint } from "../helpers/blueprints";
import { runCli } from "../helpers/run-cli";

/** Each case below breaks one thing in a valid blueprint. */
const valid = () => minimalBlueprint();

type Case = [name: string, content: string | undefined, expected: RegExp[]];

const broken = (edit: (b: Record<string, any>) => void): string => {
  const b = valid();
  edit(b);
  return stringify(b);
};

const cases: Case[] = [
  [
    "unknown region",
    broken((b) => {
      b.spec.regions[1].region = "eu-west-9";
    }),
    [/spec\.regions\[1\]\.region: unknown aws region/, /found "eu-west-9"/],
  ],
  [
    "a region twice",
    broken((b) => {
      b.spec.regions[1] = { cloud: "aws", region: "us-east-1", cidr: "10.20.0.0/16" };
    }),
    [/spec\.regions\[1\]\.region: region listed twice \(first at spec\.regions\[0\]\)/],
  ],
  [
    "one region only",
    broken((b) => {
      b.spec.regions.pop();
    }),
    [/spec\.regions: active-active needs at least two regions/, /found 1 region/],
  ],
  [
    "overlapping CIDRs",
    broken((b) => {
      b.spec.regions[1].cidr = "10.10.128.0/17";
    }),
    [/spec\.regions\[1\]\.cidr: CIDR overlaps spec\.regions\[0\]\.cidr \(10\.10\.0\.0\/16\)/],
  ],
  [
    "an unknown key",
    broken((b) => {
      b.spec.regoins = [];
    }),
    [/spec\.regoins: unknown key/, /did you mean "regions"\?/],
  ],
  [
    "a negative budget",
    broken((b) => {
      b.spec.budget.monthlyUsd = -5;
    }),
    [/spec\.budget\.monthlyUsd: number out of range \(found -5, expected > 0\)/],
  ],
  [
    "an engine the region's cloud lacks",
    broken((b) => {
      b.spec.database.engine = "spanner";
    }),
    [/spec\.database\.engine: engine spanner is not available on aws/, /aurora-postgresql, dynamodb/],
  ],
  [
    "a Kubernetes version not in the version table",
    broken((b) => {
      b.spec.cluster = { kubernetesVersion: "1.27" };
    }),
    [
      /spec\.cluster\.kubernetesVersion: not a Kubernetes version EKS and GKE support/,
      /found "1\.27", expected one of 1\.30, .*1\.36 \(default 1\.36\)/,
    ],
  ],
  [
    "N-1 capacity that cannot hold",
    broken((b) => {
      b.spec.workloads = [
        {
          name: "api",
          image: "ghcr.io/acme/api:1.0.0",
          port: 8080,
          replicas: { total: 12 },
          resources: { requests: { cpu: "500m", memory: "256Mi" } },
          autoscaling: { max: 8 },
        },
      ];
    }),
    [
      /spec\.workloads\[0\]\.autoscaling: N-1 capacity does not hold: with us-east-1 \(weight 100\) lost, the other regions can run 8 replicas of api but 12 are needed/,
      /eu-west-1: 8 \(ceiling 8 × 500m\/256Mi; nodes 10 × m6i\.large = 19300m CPU, 75180Mi, 290 pods\)/,
      /found 8 replicas after losing us-east-1, expected at least 12/,
    ],
  ],
  [
    "per-region budgets above the total",
    broken((b) => {
      b.spec.budget.perRegion = { "us-east-1": 900, "eu-west-1": 200 };
    }),
    [
      /spec\.budget\.perRegion: the per-region amounts leave nothing for the other regions/,
      /found 1100\.00 of 1000 USD/,
    ],
  ],
  ["a YAML syntax error", "apiVersion: activeactive/v1\nspec: [1, 2\nkind: x\n", [/:3:1: YAML syntax error/]],
  ["an empty file", "", [/blueprint file is empty/]],
  ["a missing file", undefined, [/blueprint file not found/]],
];

describe("activeactive synth rejects bad blueprints", () => {
  let dir: string;
  let out: string;
  let before: string;

  const snapshot = (d: string) =>
    fs
      .readdirSync(d, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const f = path.join(e.parentPath, e.name);
        return `${path.relative(d, f)}:${fs.readFileSync(f, "utf8")}`;
      })
      .sort()
      .join("\n");

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-reject-"));
    out = path.join(dir, "out");
    // GIVEN an earlier, good output
    fs.mkdirSync(path.join(out, "stacks", "earlier"), { recursive: true });
    fs.writeFileSync(path.join(out, "stacks", "earlier", "cdk.tf.json"), '{"earlier": true}');
    fs.writeFileSync(path.join(out, "manifest.json"), "{}");
    before = snapshot(out);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(cases)(
    "%s: exit 2, a message naming the problem, earlier output kept",
    async (_name, content, expected) => {
      const file = path.join(dir, `${_name.replace(/\W+/g, "-")}.yaml`);
      if (content !== undefined) fs.writeFileSync(file, content);
      // WHEN
      const run = await runCli("synth", file, "--out", out, "--manifests", path.join(dir, "manifests"));
      // THEN
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(file);
      for (const re of expected) expect(run.stderr).toMatch(re);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(snapshot(out)).toBe(before);
      expect(fs.existsSync(path.join(dir, "manifests"))).toBe(false);
    },
  );

  test("an unknown flag is a usage error", async () => {
    const run = await runCli("synth", "blueprints/global-saas.yaml", "--outt", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown flag --outt/);
  });

  test("no blueprint argument is a usage error", async () => {
    const run = await runCli("synth");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/synth takes one blueprint file/);
  });
});
