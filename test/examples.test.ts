import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildAwsApp } from "../examples/aws-constructs";
import { buildApp } from "../examples/library-app";

describe("the README's library example", () => {
  test("synthesizes a global stack and one stack per region", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-example-"));
    buildApp(outdir).synth();
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual([
      "shop-aws-eu-west-1",
      "shop-aws-us-east-1",
      "shop-global",
    ]);
    const global = JSON.parse(
      fs.readFileSync(path.join(outdir, "stacks", "shop-global", "cdk.tf.json"), "utf8"),
    );
    expect(Object.keys(global.resource)).toEqual(
      expect.arrayContaining(["aws_route53_record", "aws_dynamodb_table"]),
    );
  });

  test("the README shows this very file", () => {
    const readme = fs.readFileSync("README.md", "utf8");
    const example = fs.readFileSync("examples/library-app.ts", "utf8");
    const shown = example.replace('from "../lib"', 'from "activeactive"');
    expect(readme).toContain(
      shown.slice(shown.indexOf("import { App }"), shown.indexOf("\nif (require.main")),
    );
  });
});

describe("the README's AWS-only example", () => {
  test("synthesizes one stack with the key and the network", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aa-aws-example-"));
    buildAwsApp(outdir).synth();
    const json = JSON.parse(
      fs.readFileSync(path.join(outdir, "stacks", "edge-eu-west-1", "cdk.tf.json"), "utf8"),
    );
    expect(Object.keys(json.resource)).toEqual(
      expect.arrayContaining(["aws_kms_key", "aws_vpc", "aws_flow_log"]),
    );
  });

  test("the README shows this very file", () => {
    const readme = fs.readFileSync("README.md", "utf8");
    const example = fs.readFileSync("examples/aws-constructs.ts", "utf8");
    const shown = example.replace('from "../lib/entry/aws"', 'from "activeactive/aws"');
    expect(readme).toContain(
      shown.slice(shown.indexOf("import { App, TerraformStack }"), shown.indexOf("\nif (require.main")),
    );
  });
});
