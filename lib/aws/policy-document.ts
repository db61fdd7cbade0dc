/**
 * Small IAM policy document helpers shared by the AWS constructs. Documents are
 * plain JSON strings (no data source), so stacks plan offline.
 */

/** A trust policy letting an AWS service principal assume a role. */
export function assumeRolePolicy(service: string, actions: readonly string[] = ["sts:AssumeRole"]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: [...actions] }],
  });
}

/** A policy document from `[actions, resources]` pairs, all `Allow`. */
export function allowPolicy(
  statements: readonly (readonly [readonly string[], readonly string[]])[],
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map(([actions, resources]) => ({
      Effect: "Allow",
      Action: [...actions],
      Resource: [...resources],
    })),
  });
}

/**
 * The ARN of an AWS managed policy in the commercial partition.
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 */
export function managedPolicyArn(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}
