/**
 * Aurora DSQL multi-region clusters peer two regions of one group, with a
 * third region of the same group as witness (it keeps the transaction log
 * for quorum and serves no endpoint).
 * @see https://docs.aws.amazon.com/aurora-dsql/latest/userguide/what-is-aurora-dsql.html
 */
export const DSQL_REGION_GROUPS: readonly (readonly string[])[] = [
  ["us-east-1", "us-east-2", "us-west-2"],
  ["eu-west-1", "eu-west-2", "eu-west-3"],
  ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"],
];

/** The witness for two peered regions, or undefined when they cannot peer. */
export function dsqlWitness(regions: readonly string[]): string | undefined {
  if (regions.length !== 2) return undefined;
  const group = DSQL_REGION_GROUPS.find((g) => regions.every((r) => g.includes(r)));
  return group?.find((r) => !regions.includes(r));
}
