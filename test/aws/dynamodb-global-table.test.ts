import { DynamoDbGlobalTable } from "../../lib/aws/dynamodb-global-table";
import { only, synthWithProvider } from "./synth";

const base = {
  tableName: "shop",
  kmsKeyArn: "arn:home",
  replicas: [
    { region: "eu-west-1", kmsKeyArn: "arn:eu" },
    { region: "ap-southeast-1", kmsKeyArn: "arn:ap" },
  ],
};

describe("DynamoDbGlobalTable", () => {
  test("GIVEN replicas THEN each has its own region's key, PITR, and the table streams and is protected", () => {
    const json = synthWithProvider(
      (s, provider) => new DynamoDbGlobalTable(s, "Table", { provider, ...base }),
    );
    const table = only(json, "aws_dynamodb_table");
    expect(table).toMatchObject({
      name: "shop",
      billing_mode: "PAY_PER_REQUEST",
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      deletion_protection_enabled: true,
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: "arn:home" },
    });
    expect(table.replica).toEqual([
      { region_name: "eu-west-1", kms_key_arn: "arn:eu", point_in_time_recovery: true, propagate_tags: true },
      {
        region_name: "ap-southeast-1",
        kms_key_arn: "arn:ap",
        point_in_time_recovery: true,
        propagate_tags: true,
      },
    ]);
  });

  test("GIVEN pointInTimeRecovery false and deletionProtection false THEN false survives (?? not ||)", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new DynamoDbGlobalTable(s, "Table", {
          provider,
          ...base,
          pointInTimeRecovery: false,
          deletionProtection: false,
        }),
    );
    const table = only(json, "aws_dynamodb_table");
    expect(table.point_in_time_recovery).toEqual({ enabled: false });
    expect(table.deletion_protection_enabled).toBe(false);
    expect(
      (table.replica as { point_in_time_recovery: boolean }[]).map((r) => r.point_in_time_recovery),
    ).toEqual([false, false]);
  });
});
