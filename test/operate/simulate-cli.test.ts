import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { runCli } from "../helpers/run-cli";

const SAAS = path.resolve("blueprints/global-saas.yaml");

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aa-simulate-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of global-saas with one change, written to a temporary file. */
function saasVariant(change: (spec: Record<string, any>) => void): string {
  const doc = parse(fs.readFileSync(SAAS, "utf8"));
  change(doc.spec);
  const file = path.join(tmp, "variant.yaml");
  fs.writeFileSync(file, stringify(doc));
  return file;
}

describe("activeactive simulate: exit codes", () => {
  test("GIVEN global-saas WHEN each region is lost THEN exit 0, a summary table with one row per region", async () => {
    const r = await runCli("simulate", SAAS);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    const head = lines.findIndex((l) => /^lost\s+routing\s+capacity\s+data\s+RPO\s+verdict$/.test(l));
    expect(head).toBeGreaterThan(0);
    expect(lines.slice(head + 1, head + 4)).toEqual([
      "us-east-1       45 s / 60 s holds  holds     action  5 s  ACTION",
      "eu-west-1       45 s / 60 s holds  holds     holds   0 s  HOLDS",
      "ap-southeast-1  45 s / 60 s holds  holds     holds   0 s  HOLDS",
    ]);
    expect(r.stdout).toMatch(/^overall: ACTION/m);
  });

  test("GIVEN a writer loss that needs a person WHEN --fail-on action THEN exit 1; by default exit 0", async () => {
    expect((await runCli("simulate", SAAS, "--lose", "us-east-1")).code).toBe(0);
    expect((await runCli("simulate", SAAS, "--lose", "us-east-1", "--fail-on", "action")).code).toBe(1);
    expect((await runCli("simulate", SAAS, "--lose", "eu-west-1", "--fail-on", "action")).code).toBe(0);
  });

  test("GIVEN a TTL of 300 s THEN the failover SLO fails: exit 1, 330 s / 60 s", async () => {
    const file = saasVariant((spec) => {
      spec.dns.ttlSeconds = 300;
    });
    const r = await runCli("simulate", file, "--lose", "eu-west-1");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("routing   fails   330 s / 60 s: detection 10 s x 3 = 30 s + DNS TTL 300 s");
  });

  test("GIVEN one node per region WHEN --lose all-but-one THEN capacity fails: exit 1", async () => {
    const file = saasVariant((spec) => {
      spec.cluster.nodes = { min: 1, max: 1, instanceType: "m6i.large" };
    });
    const r = await runCli("simulate", file, "--lose", "all-but-one");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^all but ap-southeast-1 .* FAILS$/m);
    expect(r.stdout).toContain("ap-southeast-1  100%     2/9/20            2/1 m6i.large  FAILS");
  });
});

describe("activeactive simulate: bad input exits 2 with the problem on stderr", () => {
  test.each([
    [
      "an unknown region in --lose",
      ["--lose", "eu-west-9"],
      'error: --lose: not a region or cloud of the blueprint (found "eu-west-9", expected us-east-1, eu-west-1, ap-southeast-1, all-but-one)\n',
    ],
    [
      "a cloud that is the whole blueprint",
      ["--lose", "aws"],
      'error: --lose: every region of the blueprint is on aws: nothing would survive (found "aws", expected us-east-1, eu-west-1, ap-southeast-1, all-but-one)\n',
    ],
    [
      "a bad format",
      ["--format", "yaml"],
      'error: bad value for --format (found "yaml", expected one of text, json, markdown)\n',
    ],
    [
      "a flag it does not know",
      ["--region", "us-east-1"],
      /unknown flag --region for "activeactive simulate"/,
    ],
  ])("GIVEN %s THEN exit 2", async (_what, args, message) => {
    const r = await runCli("simulate", SAAS, ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    if (typeof message === "string") expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });

  test("GIVEN no blueprint, or a missing file THEN exit 2", async () => {
    expect((await runCli("simulate")).code).toBe(2);
    const missing = await runCli("simulate", "does/not/exist.yaml");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: does/not/exist.yaml: blueprint file not found (expected a readable YAML or JSON blueprint file)\n",
    );
  });

  test("GIVEN a blueprint the loader refuses THEN exit 2 with its file and path", async () => {
    const file = saasVariant((spec) => {
      spec.regions[1].region = "eu-west-9";
    });
    const r = await runCli("simulate", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/variant\.yaml:\d+:\d+: spec\.regions\[1\]\.region: unknown aws region/);
  });
});

describe("activeactive simulate: formats", () => {
  test("json: the documented shape, byte-identical across runs", async () => {
    const a = await runCli("simulate", SAAS, "--format", "json");
    const b = await runCli("simulate", SAAS, "--format", "json");
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(Object.keys(report)).toEqual([
      "format",
      "blueprint",
      "pattern",
      "engines",
      "routingMode",
      "slo",
      "lose",
      "scenarios",
      "verdict",
    ]);
    expect(report).toMatchObject({
      format: "activeactive-simulate/v1",
      blueprint: "global-saas",
      verdict: "action",
    });
    expect(Object.keys(report.scenarios[0])).toEqual([
      "label",
      "lost",
      "survivors",
      "routing",
      "capacity",
      "data",
      "verdict",
    ]);
  });

  test("markdown: a summary table and a section per scenario with the failover command", async () => {
    const r = await runCli("simulate", SAAS, "--format", "markdown");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## activeactive simulate: global-saas$/m);
    expect(r.stdout).toContain("| lost | routing | capacity | data | RPO | verdict |");
    expect(r.stdout).toContain("| us-east-1 | 45 s / 60 s holds | holds | action | 5 s | ACTION |");
    expect(r.stdout).toMatch(/^### us-east-1 lost: action$/m);
    expect(r.stdout).toContain("aws rds failover-global-cluster --region eu-west-1");
    // the architecture picture sits under the title, before the table
    expect(r.stdout.indexOf("```mermaid")).toBeGreaterThan(0);
    expect(r.stdout.indexOf("```mermaid")).toBeLessThan(r.stdout.indexOf("| lost |"));
  });

  test("--help lists the flags", async () => {
    const r = await runCli("simulate", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--lose/);
    expect(r.stdout).toMatch(/--format/);
  });
});

describe("docs/operate.md documents the JSON", () => {
  test("every key of every catalogue report is named in the documented shape", async () => {
    const doc = fs.readFileSync("docs/operate.md", "utf8");
    const shape = /## simulate[\s\S]*?```\n(\{ format[\s\S]*?)```/.exec(doc)![1]!;
    const documented = new Set(shape.match(/[A-Za-z]+/g));
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          // engines is keyed by cloud
          if (!["aws", "gcp"].includes(k)) keys.add(k);
          walk(x);
        }
      }
    };
    for (const file of fs.readdirSync("blueprints").filter((f) => f.endsWith(".yaml"))) {
      for (const lose of [[], ["--lose", "all-but-one"]]) {
        walk(
          JSON.parse(
            (await runCli("simulate", path.join("blueprints", file), "--format", "json", ...lose)).stdout,
          ),
        );
      }
    }
    expect([...keys].filter((k) => !documented.has(k))).toEqual([]);
  });
});
