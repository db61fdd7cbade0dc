import { DsqlMultiRegion, type DsqlMultiRegionProps } from "../../lib/aws/dsql-multi-region";
import { UsageError } from "../../lib/core/errors";
import { resources, synthWithProvider } from "./synth";

function build(extra: Partial<DsqlMultiRegionProps> = {}) {
  return synthWithProvider(
    (s, provider) =>
      new DsqlMultiRegion(s, "Dsql", {
        name: "ledger",
        witnessRegion: "us-west-2",
        peers: ["us-east-1", "us-east-2"].map((region) => ({
          region,
          provider,
          kmsKeyArn: `arn:aws:kms:${region}:111122223333:key/k`,
          alarmTopicArn: `arn:aws:sns:${region}:111122223333:alarms`,
        })),
        ...extra,
      }),
  );
}

describe("DsqlMultiRegion", () => {
  test("GIVEN defaults THEN every alarm pages its peer's topic, and each peer alarms after 5 minutes without a write", () => {
    const alarms = resources(build(), "aws_cloudwatch_metric_alarm") as Record<string, any>[];
    expect(alarms).toHaveLength(4);
    for (const a of alarms) {
      const region = /ledger-(us-east-\d)-/.exec(a.alarm_name)![1]!;
      expect(a.alarm_actions).toEqual([`arn:aws:sns:${region}:111122223333:alarms`]);
    }
    expect(alarms.filter((a) => a.metric_query).map((a) => a.evaluation_periods)).toEqual([5, 5]);
  });

  test("GIVEN quorumLossMinutes THEN it is the alarm's window; a non-positive or fractional one is a usage error", () => {
    const alarms = resources(build({ quorumLossMinutes: 10 }), "aws_cloudwatch_metric_alarm") as Record<
      string,
      any
    >[];
    expect(alarms.filter((a) => a.metric_query).map((a) => a.evaluation_periods)).toEqual([10, 10]);
    for (const bad of [0, 2.5]) {
      expect(() => build({ quorumLossMinutes: bad })).toThrow(UsageError);
      expect(() => build({ quorumLossMinutes: bad })).toThrow(/quorumLossMinutes/);
    }
  });
});
