import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { resolveBlueprint } from "../../lib/blueprint/load";
import { MULTI_CLOUD, resolveEdited } from "../gcp/fixtures";
import { minimalBlueprint } from "../helpers/blueprints";
import { runCli } from "../helpers/run-cli";
import { synthBlueprint } from "./helpers";

type Backend = Record<string, Record<string, unknown>>;
const backends = (stacks: Record<string, { terraform?: { backend?: Backend } }>) =>
  Object.fromEntries(Object.entries(stacks).map(([name, json]) => [name, json.terraform?.backend]));

describe("spec.state", () => {
  test("by default every stack keeps a local state file of its own (plans offline)", () => {
    const { stacks } = synthBlueprint(resolveBlueprint(minimalBlueprint()));
    expect(backends(stacks as never)).toEqual({
      "shop-global": { local: { path: "terraform.shop-global.tfstate" } },
      "shop-aws-us-east-1": { local: { path: "terraform.shop-aws-us-east-1.tfstate" } },
      "shop-aws-eu-west-1": { local: { path: "terraform.shop-aws-eu-west-1.tfstate" } },
    });
  });

  test("s3: one encrypted, lock-file-locked key per stack under the prefix, with the KMS key", () => {
    const doc = minimalBlueprint();
    doc.spec.state = {
      backend: "s3",
      bucket: "acme-tf-state",
      region: "eu-west-1",
      kmsKeyId: "alias/tf-state",
    };
    const { stacks } = synthBlueprint(resolveBlueprint(doc));
    const all = backends(stacks as never);
    for (const [name, backend] of Object.entries(all)) {
      expect(backend).toEqual({
        s3: {
          bucket: "acme-tf-state",
          key: `shop/${name}.tfstate`,
          region: "eu-west-1",
          encrypt: true,
          kms_key_id: "alias/tf-state",
          use_lockfile: true,
        },
      });
    }
    expect(new Set(Object.values(all).map((b) => b!.s3!.key)).size).toBe(3);
  });

  test("gcs: one prefix per stack, for every stack of a mixed blueprint", () => {
    const b = resolveEdited(MULTI_CLOUD, (d) => {
      d.spec.state = { backend: "gcs", bucket: "acme-tf-state", prefix: "prod/multi-cloud" };
    });
    const all = backends(synthBlueprint(b).stacks as never);
    expect(Object.keys(all)).toHaveLength(7);
    for (const [name, backend] of Object.entries(all)) {
      expect(backend).toEqual({ gcs: { bucket: "acme-tf-state", prefix: `prod/multi-cloud/${name}` } });
    }
  });

  test("WHEN the S3 bucket's region is not a region of the blueprint THEN exit 2 with file, line, path, found and expected", async () => {
    const doc = minimalBlueprint();
    doc.spec.state = { backend: "s3", bucket: "acme-tf-state", region: "eu-central-1" };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "state-")), "shop.yaml");
    fs.writeFileSync(file, stringify(doc));
    const run = await runCli("synth", file, "--out", path.join(path.dirname(file), "out"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /shop\.yaml:\d+:\d+: spec\.state\.region: the S3 state bucket must be in one of the blueprint's AWS regions \(found eu-central-1, expected one of us-east-1, eu-west-1\)/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test("an unknown backend is refused with the accepted forms", () => {
    const doc = minimalBlueprint();
    doc.spec.state = { backend: "azurerm", bucket: "x" };
    expect(() => resolveBlueprint(doc, "shop.yaml")).toThrow(/spec\.state.*backend: s3, bucket, region/);
  });
});
