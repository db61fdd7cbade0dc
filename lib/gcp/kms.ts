import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

export interface GcpKeyRingProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** The region the keys live in; data they protect must be in the same region. */
  readonly location: string;
  /** Key ring name, unique per project and location (key rings cannot be deleted). */
  readonly name: string;
  /** One symmetric key per name, e.g. `["gke-secrets", "cloudsql"]`. */
  readonly keys: readonly string[];
  /**
   * How often a new key version becomes primary; at least a day.
   * @default 7776000 (90 days)
   */
  readonly rotationPeriodSeconds?: number;
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Cloud KMS key ring with one rotating symmetric key per use in one region.
 * Keys are protected from `terraform destroy`: losing one loses the data.
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/kms_crypto_key
 */
export class GcpKeyRing extends Construct {
  readonly keyRing: KmsKeyRing;
  readonly keys: Readonly<Record<string, KmsCryptoKey>>;
  private readonly provider: GoogleProvider;

  constructor(scope: Construct, id: string, props: GcpKeyRingProps) {
    super(scope, id);
    const rotation = props.rotationPeriodSeconds ?? 7776000;
    if (!Number.isInteger(rotation) || rotation < 86400) {
      throw invalidProp(
        this,
        "rotationPeriodSeconds: Cloud KMS rotates at most daily",
        String(rotation),
        "86400 or more",
      );
    }
    const provider = props.provider;
    this.provider = provider;
    this.keyRing = new KmsKeyRing(this, "Resource", {
      provider,
      project: props.project,
      name: props.name,
      location: props.location,
    });
    const keys: Record<string, KmsCryptoKey> = {};
    for (const name of props.keys) {
      keys[name] = new KmsCryptoKey(this, name, {
        provider,
        name,
        keyRing: this.keyRing.id,
        purpose: "ENCRYPT_DECRYPT",
        rotationPeriod: `${rotation}s`,
        versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
        labels: { ...(props.labels ?? {}) },
        lifecycle: { preventDestroy: true },
      });
    }
    this.keys = keys;
  }

  /** The key named `name`; throws on a name the ring was not given. */
  key(name: string): KmsCryptoKey {
    const key = this.keys[name];
    if (key === undefined) {
      throw invalidProp(
        this,
        "no such key in the key ring",
        JSON.stringify(name),
        `one of ${Object.keys(this.keys).join(", ")}`,
      );
    }
    return key;
  }

  /** Lets `member` (e.g. a service agent) encrypt and decrypt with the key `name`. */
  grantEncryptDecrypt(name: string, member: string, id = `${name}-encrypter`): ITerraformDependable {
    return new KmsCryptoKeyIamMember(this, id, {
      provider: this.provider,
      cryptoKeyId: this.key(name).id,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member,
    });
  }
}

/** The id of a key computed from names, for a key another stack owns. */
export function kmsKeyId(project: string, location: string, keyRing: string, key: string): string {
  return `projects/${project}/locations/${location}/keyRings/${keyRing}/cryptoKeys/${key}`;
}
