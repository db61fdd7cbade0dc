import * as fs from "node:fs";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { regionsOf } from "../../lib/blueprint/model";
import { stackNames } from "../../lib/core/names";
import { fisExperiments, replicatedTableName } from "../../lib/operate/game-days/experiments";
import type { StackJson } from "../aws/synth";
import { synthBlueprint } from "./helpers";

// The FIS half of the game days, in every AWS region stack of the catalogue:
// the templates exist, their stop conditions are alarms of the same stack
// (an alarm of another stack would be a cross-stack token and break the
// offline plan; one of another region is not something FIS documents),
// the alarms a hypothesis expects are never stop conditions, and the role
// and log group they need are there.

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => `blueprints/${f}`)
  .filter((f) => regionsOf(loadBlueprintFile(f), "aws").length > 0);

type Body = Record<string, any>;

function bodies(stack: StackJson, type: string): Record<string, Body> {
  return (stack.resource?.[type] ?? {}) as Record<string, Body>;
}

/** `${type.name.attr}` -> [type, name, attr]. */
function reference(value: string): [string, string, string] {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}(:\*)?$/.exec(value);
  if (!m) throw new Error(`not a reference to a resource of the stack: ${value}`);
  return [m[1]!, m[2]!, m[3]!];
}

describe.each(CATALOGUE)("game days of %s", (file) => {
  const b = loadBlueprintFile(file);
  const { stacks } = synthBlueprint(b);

  test.each(regionsOf(b, "aws").map((r) => [r.region, r] as const))(
    "%s: FIS templates, stop conditions on alarms of the same stack, role and encrypted log group",
    (_name, r) => {
      const stack = stacks[stackNames.region(b, r)]!;
      const templates = Object.values(bodies(stack, "aws_fis_experiment_template"));
      const kinds = templates.map((t) => t.tags["activeactive-game-day"]).sort();
      const expectedKinds = ["partition", "region-outage"];
      if (replicatedTableName(b) !== undefined) expectedKinds.push("replication-lag");
      expect(kinds).toEqual(expectedKinds.sort());

      const alarms = bodies(stack, "aws_cloudwatch_metric_alarm");
      const plans = fisExperiments(b, r);
      for (const t of templates) {
        const plan = plans.find((p) => p.kind === t.tags["activeactive-game-day"])!;
        expect(t.description).toContain(`Hypothesis: ${plan.hypothesis}`);
        expect(t.stop_condition.length).toBeGreaterThan(0);
        const stopAlarms = t.stop_condition.map((c: Body) => {
          expect(c.source).toBe("aws:cloudwatch:alarm");
          const [type, name, attr] = reference(c.value);
          expect([type, attr]).toEqual(["aws_cloudwatch_metric_alarm", "arn"]);
          expect(alarms[name]).toBeDefined();
          return alarms[name]!;
        });
        // The abort alarm guards every template.
        expect(stopAlarms.map((a: Body) => a.alarm_name)).toContain(`${b.name}-${r.key}-game-day-abort`);
        // An alarm the hypothesis expects to fire would end the experiment at once.
        const names = stopAlarms.map((a: Body) => a.alarm_name as string);
        if (plan.expectedAlarms.includes("replication")) {
          expect(names.filter((n: string) => /replication-(lag|latency)$/.test(n))).toEqual([]);
        }
        if (plan.expectedAlarms.includes("consumer-lag")) {
          expect(names.filter((n: string) => n.endsWith("-consumer-lag"))).toEqual([]);
        }

        const [roleType, roleName] = reference(t.role_arn);
        expect(roleType).toBe("aws_iam_role");
        const trust = JSON.parse(bodies(stack, "aws_iam_role")[roleName]!.assume_role_policy);
        expect(trust.Statement).toEqual([
          expect.objectContaining({ Principal: { Service: "fis.amazonaws.com" } }),
        ]);

        const [logType, logName] = reference(t.log_configuration.cloudwatch_logs_configuration.log_group_arn);
        expect(logType).toBe("aws_cloudwatch_log_group");
        expect(bodies(stack, "aws_cloudwatch_log_group")[logName]!.kms_key_id).toMatch(/aws_kms_key_policy/);

        // Each action's target names a target of the same template.
        const targetNames = (t.target ?? []).map((x: Body) => x.name);
        for (const a of t.action) {
          if (a.target) expect(targetNames).toContain(a.target.value);
        }
      }
      // The ids a person starts them with.
      for (const kind of kinds) {
        expect(Object.keys((stack as Body).output ?? {})).toContain(
          `fis_${kind.split("-").join("_")}_template_id`,
        );
      }
    },
  );
});

describe("the guards of each experiment", () => {
  test("GIVEN DynamoDB THEN the lag experiment stops on the abort alarm only: the replication alarms are what it expects to fire", () => {
    const b = loadBlueprintFile("blueprints/profiles-local.yaml");
    const r = regionsOf(b, "aws")[0]!;
    const stack = synthBlueprint(b).stacks[stackNames.region(b, r)]!;
    const alarms = bodies(stack, "aws_cloudwatch_metric_alarm");
    const lag = Object.values(bodies(stack, "aws_fis_experiment_template")).find(
      (t) => t.tags["activeactive-game-day"] === "replication-lag",
    )!;
    const stopNames = lag.stop_condition.map((c: Body) => alarms[reference(c.value)[1]]!.alarm_name);
    expect(stopNames).toEqual([`${b.name}-${r.key}-game-day-abort`]);
    expect(lag.action.map((a: Body) => a.action_id)).toEqual(["aws:dynamodb:global-table-pause-replication"]);
  });

  test("GIVEN Aurora THEN the replication-lag alarm guards the region outage (FIS cannot touch Aurora's storage replication)", () => {
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    const r = regionsOf(b, "aws")[1]!;
    const stack = synthBlueprint(b).stacks[stackNames.region(b, r)]!;
    const alarms = bodies(stack, "aws_cloudwatch_metric_alarm");
    const outage = Object.values(bodies(stack, "aws_fis_experiment_template")).find(
      (t) => t.tags["activeactive-game-day"] === "region-outage",
    )!;
    const stopNames = outage.stop_condition
      .map((c: Body) => alarms[reference(c.value)[1]]!.alarm_name)
      .sort();
    expect(stopNames).toEqual(
      [`${b.name}-${r.key}-game-day-abort`, `${b.name}-${r.key}-replication-lag`].sort(),
    );
    const policy = JSON.parse(
      Object.values(bodies(stack, "aws_iam_role_policy")).find((p) => p.name === "run-game-days")!.policy,
    );
    // Least privilege: no DynamoDB or DSQL permission where no action needs it.
    const granted = policy.Statement.flatMap((s: Body) => [s.Action].flat());
    expect(granted.filter((a: string) => a.startsWith("dynamodb:") || a.startsWith("dsql:"))).toEqual([]);
  });

  test("GIVEN a mixed blueprint THEN the partition also denies the other cloud's CIDRs through a prefix list", () => {
    const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
    const r = regionsOf(b, "aws")[0]!;
    const stack = synthBlueprint(b).stacks[stackNames.region(b, r)]!;
    const list = Object.values(bodies(stack, "aws_ec2_managed_prefix_list"));
    expect(list).toHaveLength(1);
    expect(list[0]!.entry.map((e: Body) => e.cidr).sort()).toEqual(
      regionsOf(b, "gcp")
        .map((g) => g.cidr)
        .sort(),
    );
    const partition = Object.values(bodies(stack, "aws_fis_experiment_template")).find(
      (t) => t.tags["activeactive-game-day"] === "partition",
    )!;
    const other = partition.action.find((a: Body) => a.name === "isolate-from-other-cloud");
    expect(other.parameter).toContainEqual({ key: "scope", value: "prefix-list" });
  });
});

describe("synth writes the Chaos Mesh game days", () => {
  test("GIVEN the default blueprint synthesized twice THEN dist/chaos is byte-identical, and dist/k8s (what Argo CD syncs) holds no fault", () => {
    const { synthesize } = require("../../lib/synth") as typeof import("../../lib/synth");
    const tmp = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "gd-"));
    try {
      const b = loadBlueprintFile("blueprints/global-saas.yaml");
      const read = (dist: string) => {
        const out: Record<string, string> = {};
        const walk = (d: string) => {
          for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else out[path.relative(dist, p)] = fs.readFileSync(p, "utf8");
          }
        };
        walk(dist);
        return out;
      };
      const results = ["a", "b"].map((d) =>
        synthesize(b, { outdir: path.join(tmp, d, "cdktf.out"), manifestsDir: path.join(tmp, d, "dist") }),
      );
      const [first, second] = ["a", "b"].map((d) => read(path.join(tmp, d, "dist")));
      const chaos = Object.keys(first!).filter((f) => f.startsWith("chaos/"));
      expect(chaos).toHaveLength(regionsOf(b, "aws").length * 3);
      expect(results[0]!.manifests).toEqual(expect.arrayContaining(chaos));
      for (const f of chaos) expect(second![f]).toBe(first![f]);
      const k8s = Object.entries(first!).filter(([f]) => f.startsWith("k8s/"));
      expect(k8s.length).toBeGreaterThan(0);
      expect(k8s.filter(([, text]) => text.includes("chaos-mesh.org")).map(([f]) => f)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
