import { FrontDoorAlarms, type FrontDoorAlarmsProps } from "../../lib/aws/front-door-alarms";
import { resources, synthWithProvider } from "./synth";

type Body = Record<string, any>;
const LB = "app/shop/0123456789abcdef";
const TG = "targetgroup/shop-api/fedcba9876543210";

const synth = (props: Partial<FrontDoorAlarmsProps>) =>
  synthWithProvider(
    (s, provider) =>
      new FrontDoorAlarms(s, "FrontDoor", {
        provider,
        name: "shop-aws-eu-west-1",
        loadBalancerArnSuffix: LB,
        targetGroupArnSuffix: TG,
        topic: { arn: "arn:aws:sns:eu-west-1:123456789012:replication" },
        ...props,
      }),
  );
const alarm = (json: ReturnType<typeof synth>, name: string): Body =>
  (resources(json, "aws_cloudwatch_metric_alarm") as Body[]).find((a) => a.alarm_name === name)!;

describe("FrontDoorAlarms", () => {
  test("GIVEN the region's topic THEN both alarms page it (alarm and OK), and no other topic is made", () => {
    const json = synth({});
    expect(resources(json, "aws_sns_topic")).toEqual([]);
    const alarms = resources(json, "aws_cloudwatch_metric_alarm") as Body[];
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual([
      "shop-aws-eu-west-1-front-door-5xx",
      "shop-aws-eu-west-1-front-door-no-healthy-targets",
    ]);
    for (const a of alarms) {
      expect(a.alarm_actions).toEqual(["arn:aws:sns:eu-west-1:123456789012:replication"]);
      expect(a.ok_actions).toEqual(a.alarm_actions);
      expect(a.provider).toBe("aws.test");
    }
  });

  test("THEN 5xx: (ELB 5xx + target 5xx) / requests of this ALB above 5 %; a quiet ALB does not page", () => {
    const a = alarm(synth({}), "shop-aws-eu-west-1-front-door-5xx");
    expect(a).toMatchObject({
      comparison_operator: "GreaterThanThreshold",
      threshold: 5,
      treat_missing_data: "notBreaching",
    });
    const queries = a.metric_query as Body[];
    const byId = Object.fromEntries(queries.map((q) => [q.id, q]));
    for (const [id, metric] of [
      ["elb5xx", "HTTPCode_ELB_5XX_Count"],
      ["target5xx", "HTTPCode_Target_5XX_Count"],
      ["requests", "RequestCount"],
    ]) {
      expect(byId[id!]!.metric).toMatchObject({
        namespace: "AWS/ApplicationELB",
        metric_name: metric,
        stat: "Sum",
        period: 60,
        dimensions: { LoadBalancer: LB },
      });
    }
    // Only the share is the alarm's series, and it adds both 5xx sources over the requests.
    expect(queries.filter((q) => q.return_data).map((q) => q.id)).toEqual(["share"]);
    expect(byId.share!.expression).toMatch(/FILL\(elb5xx, 0\) \+ FILL\(target5xx, 0\)\) \/ requests/);
  });

  test("THEN no-healthy-targets: minimum HealthyHostCount of the target group below 1, missing data breaching", () => {
    const a = alarm(synth({}), "shop-aws-eu-west-1-front-door-no-healthy-targets");
    expect(a).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "HealthyHostCount",
      dimensions: { LoadBalancer: LB, TargetGroup: TG },
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
    });
  });

  test("GIVEN no topic in the region THEN its own topic, encrypted with the region key, e-mail subscribed", () => {
    const json = synth({
      topic: { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", alertEmails: ["a@example.com"] },
    });
    const [topic] = resources(json, "aws_sns_topic") as Body[];
    expect(topic).toMatchObject({
      name: "shop-aws-eu-west-1-front-door-alarms",
      kms_master_key_id: "arn:aws:kms:eu-west-1:123456789012:key/k",
    });
    expect(resources(json, "aws_sns_topic_subscription")).toMatchObject([
      { protocol: "email", endpoint: "a@example.com" },
    ]);
    const topicRef = (resources(json, "aws_cloudwatch_metric_alarm") as Body[])[0]!.alarm_actions[0];
    expect(topicRef).toMatch(/^\$\{aws_sns_topic\..*\.arn\}$/);
  });

  test.each([0, 100, -1])("GIVEN max5xxPercent %p THEN a construct error", (max5xxPercent) => {
    expect(() => synth({ max5xxPercent })).toThrow(/max5xxPercent is not a share of requests/);
  });
});
