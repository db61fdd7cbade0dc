import { ReplicationAlarms } from "../../lib/aws/replication-alarms";
import { only, resources, synthWithProvider } from "./synth";

const base = {
  name: "shop-aws-eu-west-1",
  kmsKeyArn: "arn:key",
  alertEmails: ["oncall@example.com"],
  lagThresholdSeconds: 5,
};

describe("ReplicationAlarms", () => {
  test("GIVEN an Aurora secondary THEN AuroraGlobalDBReplicationLag alarms above the SLO in milliseconds", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new ReplicationAlarms(s, "Alarms", {
          provider,
          ...base,
          auroraClusterIdentifier: "shop-aws-eu-west-1",
        }),
    );
    expect(only(json, "aws_cloudwatch_metric_alarm")).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "AuroraGlobalDBReplicationLag",
      dimensions: { DBClusterIdentifier: "shop-aws-eu-west-1" },
      threshold: 5000,
      comparison_operator: "GreaterThanThreshold",
    });
    expect(only(json, "aws_sns_topic")).toMatchObject({ kms_master_key_id: "arn:key" });
    expect(only(json, "aws_sns_topic_subscription")).toMatchObject({
      protocol: "email",
      endpoint: "oncall@example.com",
    });
  });

  test("GIVEN a DynamoDB replica THEN one ReplicationLatency alarm per receiving region", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new ReplicationAlarms(s, "Alarms", {
          provider,
          ...base,
          lagThresholdSeconds: 0.5,
          dynamoDb: { tableName: "shop", receivingRegions: ["us-east-1", "ap-southeast-1"] },
        }),
    );
    const alarms = resources(json, "aws_cloudwatch_metric_alarm");
    expect(alarms).toHaveLength(2);
    expect(alarms.map((a) => [a.metric_name, a.dimensions, a.threshold])).toEqual(
      expect.arrayContaining([
        ["ReplicationLatency", { TableName: "shop", ReceivingRegion: "us-east-1" }, 500],
        ["ReplicationLatency", { TableName: "shop", ReceivingRegion: "ap-southeast-1" }, 500],
      ]),
    );
  });
});
