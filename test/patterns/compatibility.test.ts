import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { parseBlueprint } from "../../lib/blueprint/load";
import { UsageError } from "../../lib/core/errors";
import { PATTERN_TABLE, PATTERNS } from "../../lib/core/patterns";
import { ENGINE_CLOUD, ENGINES, type Engine } from "../../lib/core/regions";
import { minimalBlueprint } from "../helpers/blueprints";
import { runCli } from "../helpers/run-cli";

/** Two regions on the engine's cloud; gcp regions one Spanner configuration serves. */
function blueprintFor(engine: Engine, pattern: string): Record<string, any> {
  const b = minimalBlueprint(engine);
  b.spec.pattern = pattern;
  // Aurora DSQL peers two regions of one group (lib/core/dsql-regions.ts).
  if (engine === "aurora-dsql") b.spec.regions[1].region = "us-east-2";
  if (ENGINE_CLOUD[engine] === "gcp") {
    b.spec.dns = { domain: "api.example.com" };
    b.spec.regions = [
      { cloud: "gcp", region: "us-central1", cidr: "10.10.0.0/16", project: "acme-shop-prod" },
      { cloud: "gcp", region: "europe-west1", cidr: "10.20.0.0/16", project: "acme-shop-prod" },
      { cloud: "gcp", region: "asia-east1", cidr: "10.30.0.0/16", project: "acme-shop-prod" },
    ];
    b.spec.budget.billingAccount = "012345-6789AB-CDEF01";
  }
  return b;
}

const pairs = PATTERNS.flatMap((p) => ENGINES.map((e) => [p, e] as const));

describe("pattern/engine compatibility is checked at load time", () => {
  test("the table covers all 5 x 8 pairs, and each pattern fits at least one engine per cloud", () => {
    expect(pairs).toHaveLength(40);
    for (const p of PATTERNS) {
      expect(PATTERN_TABLE[p].engines.aws.length).toBeGreaterThan(0);
      expect(PATTERN_TABLE[p].engines.gcp.length).toBeGreaterThan(0);
    }
  });

  test.each(pairs)("%s + %s", (pattern, engine) => {
    const cloud = ENGINE_CLOUD[engine];
    const fits = PATTERN_TABLE[pattern].engines[cloud].includes(engine);
    const load = () => parseBlueprint(stringify(blueprintFor(engine, pattern)), "shop.yaml");
    if (fits) {
      expect(load().pattern).toBe(pattern);
      return;
    }
    let error: unknown;
    try {
      load();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const problems = (error as UsageError).problems.filter((p) => p.path === "spec.database.engine");
    expect(problems).toHaveLength(1);
    const fitting = PATTERN_TABLE[pattern].engines[cloud];
    expect(problems[0]).toMatchObject({ file: "shop.yaml", found: `"${engine}"` });
    expect(problems[0]!.message).toContain(`use ${fitting.length > 1 ? fitting.join(" or ") : fitting[0]}`);
    expect(problems[0]!.expected).toContain(fitting.join(" or "));
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  test("aurora-dsql on two regions that cannot peer names the region groups", () => {
    const b = blueprintFor("aurora-dsql", "global-consensus");
    b.spec.regions[1].region = "eu-west-1";
    expect(() => parseBlueprint(stringify(b), "shop.yaml")).toThrow(
      /spec\.regions: an Aurora DSQL multi-region cluster peers two aws regions of one group.*found us-east-1, eu-west-1.*us-east-1, us-east-2, us-west-2/,
    );
  });

  test("global-consensus + aurora-postgresql is exit 2 with file, path, found, expected", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-pattern-"));
    const file = path.join(dir, "shop.yaml");
    const b = minimalBlueprint("aurora-postgresql");
    b.spec.pattern = "global-consensus";
    fs.writeFileSync(file, stringify(b));
    const run = await runCli("synth", file, "--out", path.join(dir, "out"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(
      /spec\.database\.engine: engine aurora-postgresql cannot give the global-consensus guarantee/,
    );
    expect(run.stderr).toContain('found "aurora-postgresql"');
    expect(run.stderr).toContain("expected for global-consensus: aws: aurora-dsql");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test("without spec.pattern the default fits the engine", () => {
    const shape = (e: Engine) => {
      const b = blueprintFor(e, "x");
      delete b.spec.pattern;
      return parseBlueprint(stringify(b), "shop.yaml").pattern;
    };
    expect(shape("dynamodb")).toBe("read-local-write-local");
    expect(shape("aurora-postgresql")).toBe("primary-per-shard");
    expect(shape("aurora-dsql")).toBe("global-consensus");
    expect(shape("kinesis")).toBe("event-sourced");
    expect(shape("bigtable")).toBe("read-local-write-local");
    expect(shape("spanner")).toBe("primary-per-shard");
  });
});
