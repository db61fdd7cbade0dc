// An AWS-only cdktf app built from the constructs: `activeactive/aws` loads no
// Google Cloud provider bindings and no cdk8s.
// In your own project, import from "activeactive/aws" instead of "../lib/entry/aws".
import { App, TerraformStack } from "cdktf";
import { CustomerManagedKey, RegionalNetwork, regionProvider } from "../lib/entry/aws";

export function buildAwsApp(outdir?: string): App {
  const app = new App({ ...(outdir ? { outdir } : {}), stackTraces: false });
  const stack = new TerraformStack(app, "edge-eu-west-1");
  const provider = regionProvider(stack, { region: "eu-west-1", tags: { service: "edge" } });
  const key = new CustomerManagedKey(stack, "Key", { provider, region: "eu-west-1", alias: "edge" });
  new RegionalNetwork(stack, "Network", {
    provider,
    region: "eu-west-1",
    name: "edge",
    cidr: "10.30.0.0/16",
    kmsKeyArn: key.arn,
  });
  return app;
}

if (require.main === module) buildAwsApp().synth();
