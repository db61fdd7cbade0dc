import type { StackJson } from "../aws/synth";
import { DEFAULT_BLUEPRINT, synthBlueprint } from "./helpers";

type Body = Record<string, any>;
const bodies = (json: StackJson, type: string): [string, Body][] =>
  Object.entries((json.resource?.[type] ?? {}) as Record<string, Body>);

describe("GIVEN the default blueprint (writer and health-check alarms in us-east-1)", () => {
  const { stacks } = synthBlueprint(DEFAULT_BLUEPRINT);
  const regionStacks = Object.entries(stacks).filter(([name]) => /-aws-[a-z]+-[a-z]+-\d$/.test(name));

  test("THEN there are three region stacks", () => {
    expect(regionStacks.map(([n]) => n).sort()).toEqual([
      "global-saas-aws-ap-southeast-1",
      "global-saas-aws-eu-west-1",
      "global-saas-aws-us-east-1",
    ]);
  });

  test.each(regionStacks)(
    "THEN %s pages on its own ALB (5xx share, no healthy target) through a topic in its own stack",
    (_, stack) => {
      const [[lbName]] = bodies(stack, "aws_lb") as [[string, Body]];
      const [[tgName]] = bodies(stack, "aws_lb_target_group") as [[string, Body]];
      const topics = bodies(stack, "aws_sns_topic").map(([n]) => `\${aws_sns_topic.${n}.arn}`);
      const alarms = bodies(stack, "aws_cloudwatch_metric_alarm").map(([, a]) => a);
      const noTargets = alarms.find((a) => a.metric_name === "HealthyHostCount")!;
      expect(noTargets.dimensions).toEqual({
        LoadBalancer: `\${aws_lb.${lbName}.arn_suffix}`,
        TargetGroup: `\${aws_lb_target_group.${tgName}.arn_suffix}`,
      });
      expect(noTargets.treat_missing_data).toBe("breaching");
      const errors = alarms.find((a) =>
        (a.metric_query ?? []).some((q: Body) => q.metric?.metric_name === "HTTPCode_ELB_5XX_Count"),
      )!;
      expect(
        errors.metric_query.map((q: Body) => q.metric?.dimensions?.LoadBalancer).filter(Boolean),
      ).toEqual(Array(3).fill(`\${aws_lb.${lbName}.arn_suffix}`));
      for (const a of [noTargets, errors]) {
        expect(a.alarm_actions).toHaveLength(1);
        expect(topics).toContain(a.alarm_actions[0]);
        // The region's own provider: the alarm lives, and pages, where the ALB is.
        expect(a.provider).toBe(
          stack.provider!.aws![0]!.alias ? `aws.${stack.provider!.aws![0]!.alias}` : undefined,
        );
      }
    },
  );
});
