import { GcsBackend, LocalBackend, S3Backend, type TerraformBackend, type TerraformStack } from "cdktf";
import type { Blueprint } from "../lib/blueprint/model";

/**
 * The state backend of one stack, from `spec.state`: one state file per
 * stack (its own blast radius), all under one folder of the chosen bucket.
 *
 * - `local` (the default): `terraform.<stack>.tfstate` in the stack's
 *   folder, so every stack plans offline.
 * - `s3`: encrypted (`encrypt`, with `kmsKeyId` when given), locked by the
 *   S3 native lock file (`use_lockfile`, Terraform 1.11 and later; no
 *   DynamoDB lock table), key `<keyPrefix>/<stack>.tfstate`.
 * - `gcs`: Cloud Storage encrypts and locks by itself; prefix
 *   `<prefix>/<stack>` (the state object is `<prefix>/<stack>/default.tfstate`).
 *
 * The bucket is not created here: a stack cannot hold its own state bucket.
 */
export function stateBackend(stack: TerraformStack, b: Blueprint): TerraformBackend {
  const id = stack.node.id;
  const state = b.state;
  switch (state.backend) {
    case "s3": {
      const backend = new S3Backend(stack, {
        bucket: state.bucket,
        key: `${state.keyPrefix ?? b.name}/${id}.tfstate`,
        region: state.region,
        encrypt: true,
        ...(state.kmsKeyId !== undefined ? { kmsKeyId: state.kmsKeyId } : {}),
      });
      // cdktf 0.21 has no typed `use_lockfile` yet.
      backend.addOverride("use_lockfile", true);
      return backend;
    }
    case "gcs":
      return new GcsBackend(stack, { bucket: state.bucket, prefix: `${state.prefix ?? b.name}/${id}` });
    default:
      return new LocalBackend(stack, { path: `terraform.${id}.tfstate` });
  }
}
