// The shortest cdktf app built on activeactive: two AWS regions, one name.
// In your own project, import from "activeactive" instead of "../lib".
import { App } from "cdktf";
import { addBlueprintStacks, resolveBlueprint } from "../lib";

export function buildApp(outdir?: string): App {
  const app = new App({ ...(outdir ? { outdir } : {}), stackTraces: false });
  addBlueprintStacks(
    app,
    resolveBlueprint({
      apiVersion: "activeactive/v1",
      kind: "Blueprint",
      metadata: { name: "shop" },
      spec: {
        dns: { domain: "api.example.com", zoneId: "Z0123456789ABCDEFGHIJ" },
        regions: [
          { cloud: "aws", region: "us-east-1", cidr: "10.10.0.0/16" },
          { cloud: "aws", region: "eu-west-1", cidr: "10.20.0.0/16" },
        ],
        database: { engine: "dynamodb" },
        budget: { monthlyUsd: 2000, alertEmails: ["oncall@example.com"] },
      },
    }),
  );
  return app;
}

if (require.main === module) buildApp().synth();
