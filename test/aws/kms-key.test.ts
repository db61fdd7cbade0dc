import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CustomerManagedKey } from "../../lib/aws/kms-key";
import { UsageError } from "../../lib/core/errors";
import { only, synthWithProvider } from "./synth";

const base = { region: "eu-west-1", alias: "shop-aws-eu-west-1" };

function policyOf(json: ReturnType<typeof synthWithProvider>) {
  return JSON.parse(only(json, "aws_kms_key_policy").policy as string) as {
    Statement: { Sid: string; Principal: Record<string, string> }[];
  };
}

describe("CustomerManagedKey", () => {
  test("GIVEN defaults WHEN synthesized THEN the key rotates, waits 30 days and has an alias", () => {
    const json = synthWithProvider((s, provider) => new CustomerManagedKey(s, "Key", { provider, ...base }));
    const key = only(json, "aws_kms_key");
    expect(key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      provider: "aws.test",
    });
    expect(only(json, "aws_kms_alias")).toMatchObject({
      name: "alias/shop-aws-eu-west-1",
      provider: "aws.test",
    });
  });

  test("GIVEN defaults THEN the policy names the account from the key ARN and lets regional logs and alarms use it", () => {
    const json = synthWithProvider((s, provider) => new CustomerManagedKey(s, "Key", { provider, ...base }));
    const policy = policyOf(json);
    expect(policy.Statement.map((st) => st.Sid)).toEqual([
      "AccountAdministersKeyThroughIam",
      "CloudWatchLogsInThisAccount",
      "CloudWatchAlarmsPublishToEncryptedTopics",
    ]);
    expect(policy.Statement[0]!.Principal.AWS).toMatch(
      /^arn:\$\{element\(local\.\w+, 1\)\}:iam::\$\{element\(local\.\w+, 4\)\}:root$/,
    );
    expect(policy.Statement[1]!.Principal.Service).toBe("logs.eu-west-1.amazonaws.com");
    expect(Object.values(json.locals ?? {})[0]).toMatch(/^\$\{split\(":", aws_kms_key\.\w+\.arn\)\}$/);
  });

  test("THEN users of the ARN read it through the key policy, so they wait until logs and alarms may use the key", () => {
    const json = synthWithProvider((s, provider) => {
      const key = new CustomerManagedKey(s, "Key", { provider, ...base });
      new CloudwatchLogGroup(s, "Logs", { provider, name: "logs", kmsKeyId: key.arn });
    });
    const [policyName, policy] = Object.entries(json.resource!.aws_kms_key_policy!)[0]!;
    expect(policy.key_id).toMatch(/^\$\{aws_kms_key\.\w+\.arn\}$/);
    expect(only(json, "aws_cloudwatch_log_group").kms_key_id).toBe(
      `\${aws_kms_key_policy.${policyName}.key_id}`,
    );
  });

  test("GIVEN allowAuroraDsql THEN dsql.amazonaws.com may use the key for DSQL clusters of its account and region only; not by default", () => {
    const dsqlStatements = (allowAuroraDsql?: boolean) =>
      (
        JSON.parse(
          only(
            synthWithProvider(
              (s, provider) =>
                new CustomerManagedKey(s, "Key", {
                  provider,
                  ...base,
                  ...(allowAuroraDsql !== undefined ? { allowAuroraDsql } : {}),
                }),
            ),
            "aws_kms_key_policy",
          ).policy as string,
        ) as { Statement: { Principal: { Service?: string }; Action: string | string[]; Condition: any }[] }
      ).Statement.filter((st) => st.Principal.Service === "dsql.amazonaws.com");
    expect(dsqlStatements()).toEqual([]);
    expect(dsqlStatements(false)).toEqual([]);
    const [crypto, describe] = dsqlStatements(true);
    expect(crypto!.Action).toEqual([
      "kms:Decrypt",
      "kms:GenerateDataKey",
      "kms:Encrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
    ]);
    expect(crypto!.Condition.StringLike).toEqual({ "kms:EncryptionContext:aws:dsql:ClusterId": "*" });
    expect(describe!.Action).toBe("kms:DescribeKey");
    for (const st of [crypto!, describe!]) {
      expect(st.Condition.ArnLike["aws:SourceArn"]).toMatch(
        /^arn:\$\{element\(local\.\w+, 1\)\}:dsql:eu-west-1:\$\{element\(local\.\w+, 4\)\}:cluster\/\*$/,
      );
      expect(st.Condition.StringEquals["aws:SourceAccount"]).toMatch(/^\$\{element\(local\.\w+, 4\)\}$/);
    }
  });

  test("GIVEN allowCloudWatchLogs false and allowCloudWatchAlarms false THEN false survives (?? not ||)", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new CustomerManagedKey(s, "Key", {
          provider,
          ...base,
          allowCloudWatchLogs: false,
          allowCloudWatchAlarms: false,
        }),
    );
    expect(policyOf(json).Statement.map((st) => st.Sid)).toEqual(["AccountAdministersKeyThroughIam"]);
  });

  test("GIVEN a deletion window under 7 days THEN construction fails naming the limit", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) => new CustomerManagedKey(s, "Key", { provider, ...base, deletionWindowDays: 6 }),
      ),
    ).toThrow(
      new UsageError({
        path: "stack/Key",
        message: "deletionWindowDays out of range",
        found: "6",
        expected: "7 to 30",
      }),
    );
  });
});
