import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";

export interface RegionProviderOptions {
  readonly region: string;
  /** Tags on every taggable resource; `region` is added. */
  readonly tags: Readonly<Record<string, string>>;
  /** @default - the region name, e.g. `eu-west-1` (the provider is `aws.eu-west-1`) */
  readonly alias?: string;
}

/**
 * The one aliased AWS provider of a region, for stacks (constructs never make
 * providers; they take one in their props). Its default tags carry the
 * blueprint tags plus `region`. No credentials are configured: deploys use
 * the usual AWS environment, and `activeactive validate` adds dummy ones only
 * in a temporary copy.
 */
export function regionProvider(stack: Construct, options: RegionProviderOptions): AwsProvider {
  const alias = options.alias ?? options.region;
  return new AwsProvider(stack, `aws-${alias}`, {
    region: options.region,
    alias,
    defaultTags: [{ tags: { ...options.tags, region: options.region } }],
  });
}
