import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { GameDayExperiments, type GameDayExperimentsProps } from "../../lib/aws/game-day-experiments";
import type { FisExperimentPlan } from "../../lib/operate/game-days/experiments";
import { only, resources, synthWithProvider } from "./synth";

const partition: FisExperimentPlan = {
  kind: "partition",
  name: "shop-aws-eu-west-1-partition",
  description: "Game day: partition",
  hypothesis: "h",
  actions: [
    {
      name: "isolate-from-us-east-1",
      actionId: "aws:network:route-table-disrupt-cross-region-connectivity",
      description: "d",
      parameters: { region: "us-east-1", duration: "PT10M" },
      target: { key: "Subnets", ref: "private-subnets" },
    },
  ],
  expectedAlarms: [],
};

const lag: FisExperimentPlan = {
  kind: "replication-lag",
  name: "shop-aws-eu-west-1-replication-lag",
  description: "Game day: lag",
  hypothesis: "h",
  actions: [
    {
      name: "pause-replication",
      actionId: "aws:dynamodb:global-table-pause-replication",
      description: "d",
      parameters: { duration: "PT10M" },
      target: { key: "Tables", ref: "global-table" },
    },
  ],
  expectedAlarms: ["replication"],
};

function build(
  scope: Construct,
  provider: AwsProvider,
  extra: Partial<GameDayExperimentsProps> & Pick<GameDayExperimentsProps, "experiments">,
): GameDayExperiments {
  const alarm = new CloudwatchMetricAlarm(scope, "Lag", {
    provider,
    alarmName: "shop-lag",
    namespace: "AWS/DynamoDB",
    metricName: "ReplicationLatency",
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    period: 60,
    statistic: "Average",
    threshold: 5000,
  });
  return new GameDayExperiments(scope, "GameDays", {
    provider,
    region: "eu-west-1",
    name: "shop-aws-eu-west-1",
    kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/abc",
    vpc: { id: "vpc-1", arn: "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1" },
    alarms: [{ role: "replication", alarm }],
    ...extra,
  });
}

function policyActions(json: ReturnType<typeof synthWithProvider>): string[] {
  const policy = JSON.parse(only(json, "aws_iam_role_policy").policy as string);
  return policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort();
}

describe("GameDayExperiments", () => {
  test("GIVEN a partition THEN the route-table action, private subnets of this VPC by tag, stop on every alarm, outputs the id", () => {
    const json = synthWithProvider((s, provider) => build(s, provider, { experiments: [partition] }));
    const template = only(json, "aws_fis_experiment_template") as Record<string, any>;
    expect(template.action[0]).toMatchObject({
      action_id: "aws:network:route-table-disrupt-cross-region-connectivity",
      target: { key: "Subnets", value: "private-subnets" },
    });
    expect(template.target).toEqual([
      {
        name: "private-subnets",
        resource_type: "aws:ec2:subnet",
        selection_mode: "ALL",
        resource_tag: [{ key: "kubernetes.io/role/internal-elb", value: "1" }],
        filter: [{ path: "VpcId", values: ["vpc-1"] }],
      },
    ]);
    // Nothing expected: the replication alarm and the abort alarm both stop it.
    expect(template.stop_condition).toHaveLength(2);
    expect(template.log_configuration).toMatchObject({ log_schema_version: 2 });
    expect(only(json, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/aws/fis/shop-aws-eu-west-1",
      kms_key_id: "arn:aws:kms:eu-west-1:111122223333:key/abc",
    });
    expect(Object.keys((json as Record<string, any>).output)).toEqual(["fis_partition_template_id"]);
    // Only what the route-table action needs: no network ACL, no DynamoDB.
    const actions = policyActions(json);
    expect(actions).toContain("ec2:CreateRouteTable");
    expect(actions.filter((a) => a.includes("NetworkAcl") && !a.startsWith("ec2:Describe"))).toEqual([]);
    expect(actions.filter((a) => a.startsWith("dynamodb:"))).toEqual([]);
  });

  test("GIVEN the lag experiment THEN the expected replication alarm is not a stop condition, the abort alarm is", () => {
    const json = synthWithProvider((s, provider) =>
      build(s, provider, { experiments: [lag], globalTableName: "shop" }),
    );
    const template = only(json, "aws_fis_experiment_template") as Record<string, any>;
    expect(template.stop_condition).toHaveLength(1);
    expect(template.stop_condition[0].value).toMatch(/GameDays_AbortAlarm/);
    expect(template.target[0]).toMatchObject({
      resource_type: "aws:dynamodb:global-table",
      resource_arns: [expect.stringMatching(/:dynamodb:eu-west-1:.*:table\/shop$/)],
    });
    const abort = resources(json, "aws_cloudwatch_metric_alarm").find(
      (a) => a.alarm_name === "shop-aws-eu-west-1-game-day-abort",
    );
    expect(abort).toMatchObject({ treat_missing_data: "notBreaching", threshold: 1 });
    expect(policyActions(json)).toEqual(
      expect.arrayContaining([
        "dynamodb:PutResourcePolicy",
        "dynamodb:DeleteResourcePolicy",
        "tag:GetResources",
      ]),
    );
  });

  test("GIVEN the role THEN only FIS of this account and region may assume it", () => {
    const json = synthWithProvider((s, provider) => build(s, provider, { experiments: [partition] }));
    const trust = JSON.parse(only(json, "aws_iam_role").assume_role_policy as string);
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "fis.amazonaws.com" },
        Condition: {
          StringEquals: { "aws:SourceAccount": expect.any(String) },
          ArnLike: { "aws:SourceArn": expect.stringMatching(/:fis:eu-west-1:.*:experiment\/\*$/) },
        },
      }),
    ]);
  });

  test("GIVEN pausing replication without the table THEN a usage error at the construct", () => {
    expect(() => synthWithProvider((s, provider) => build(s, provider, { experiments: [lag] }))).toThrow(
      /GameDays: pausing replication needs the global table \(found no globalTableName/,
    );
  });

  test("GIVEN a hypothesis that makes the description longer than FIS takes THEN a usage error", () => {
    const long = { ...partition, hypothesis: "x".repeat(500) };
    expect(() => synthWithProvider((s, provider) => build(s, provider, { experiments: [long] }))).toThrow(
      /512 characters at most \(found 5\d\d characters/,
    );
  });

  test("GIVEN more than 10 CIDRs on the other cloud THEN a usage error (FIS takes 10)", () => {
    const many: FisExperimentPlan = {
      ...partition,
      actions: [
        {
          name: "isolate-from-other-cloud",
          actionId: "aws:network:disrupt-connectivity",
          description: "d",
          parameters: { scope: "prefix-list", duration: "PT10M" },
          target: { key: "Subnets", ref: "private-subnets" },
          prefixListCidrs: Array.from({ length: 11 }, (_, i) => `10.${100 + i}.0.0/16`),
        },
      ],
    };
    expect(() => synthWithProvider((s, provider) => build(s, provider, { experiments: [many] }))).toThrow(
      /at most 10 CIDRs/,
    );
  });

  test("GIVEN a prefix-list disruption THEN a prefix list with exactly those CIDRs is its identifier", () => {
    const cidrs = ["10.50.0.0/16", "10.40.0.0/16"];
    const one: FisExperimentPlan = {
      ...partition,
      actions: [
        {
          name: "isolate-from-other-cloud",
          actionId: "aws:network:disrupt-connectivity",
          description: "d",
          parameters: { scope: "prefix-list", duration: "PT10M" },
          target: { key: "Subnets", ref: "private-subnets" },
          prefixListCidrs: cidrs,
        },
      ],
    };
    const json = synthWithProvider((s, provider) => build(s, provider, { experiments: [one] }));
    const list = only(json, "aws_ec2_managed_prefix_list") as Record<string, any>;
    expect(list.entry.map((e: { cidr: string }) => e.cidr)).toEqual([...cidrs].sort());
    expect(list.max_entries).toBe(2);
    const template = only(json, "aws_fis_experiment_template") as Record<string, any>;
    expect(template.action[0].parameter).toContainEqual({
      key: "prefixListIdentifier",
      value: expect.stringMatching(/aws_ec2_managed_prefix_list\..*\.id/),
    });
    expect(policyActions(json)).toEqual(
      expect.arrayContaining(["ec2:CreateNetworkAcl", "ec2:ReplaceNetworkAclAssociation"]),
    );
  });
});
