/** The policy engine's data model. Nothing here loads cdktf or a provider package. */

export type Severity = "error" | "warning" | "info";
export type Cloud = "aws" | "google" | "other";
export type InputForm = "tf.json" | "cdktf" | "plan" | "hcl" | "k8s";

/** One failure mode from the active-active failure-mode table the pack guards against. */
export type FailureMode = "F1" | "F2" | "F3" | "F4" | "F5" | "F6" | "F7";

/** A suppression found next to a resource or object; `reason` is "" when none was given. */
export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Where it was written: "cdktf metadata", "HCL comment", "annotation", "config". */
  readonly source: string;
}

/** A managed Terraform resource, whatever input form it came from. */
export interface Resource {
  readonly type: string;
  readonly name: string;
  /** Terraform address: `aws_vpc.main`, `module.net.aws_vpc.main[0]`. */
  readonly address: string;
  readonly file: string;
  readonly line: number;
  /** 1-based column of the resource in its file, when the loader knows it (JSON inputs). */
  readonly column?: number;
  /** JSON pointer of the resource in its file (JSON inputs), e.g. `/planned_values/root_module/resources/3`. */
  readonly pointer?: string;
  readonly form: InputForm;
  /** The module the resource is in (a folder, a cdktf stack, a plan module instance): references resolve inside it. */
  readonly unit: string;
  /** The stack name for cdktf output, else the unit. */
  readonly stack: string;
  readonly cloud: Cloud;
  /** Provider configuration key: `aws`, `aws.us_east_1`. */
  readonly provider: string;
  readonly providerAlias?: string;
  readonly region?: string;
  /** Attribute values; references are kept as `${...}` strings. */
  readonly values: Record<string, unknown>;
  /**
   * Tags the provider adds (AWS default_tags, Google default_labels); "unknown"
   * when an expression builds them. Plans carry them in tags_all instead.
   */
  readonly defaultTags?: Record<string, unknown> | "unknown";
  /** Plan inputs only: attributes whose configuration is a literal constant. */
  readonly literals?: ReadonlySet<string>;
  readonly suppressions: readonly Suppression[];
}

/** A Kubernetes object from YAML. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly cluster: string;
  readonly region?: string;
  readonly file: string;
  readonly line: number;
  readonly doc: Record<string, unknown>;
  readonly suppressions: readonly Suppression[];
}

/** A provider block: what region and default tags it gives its resources. */
export interface ProviderConfig {
  readonly unit: string;
  /** `aws` or `aws.alias`. */
  readonly key: string;
  readonly name: string;
  readonly alias?: string;
  readonly region?: string;
  readonly defaultTags?: Record<string, unknown> | "unknown";
  readonly file: string;
  readonly line: number;
}

/** A `variable` block's default, to tell a literal secret from a real input. */
export interface VariableDefault {
  readonly unit: string;
  readonly name: string;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  /** Why the value is not known when it has no default: "module argument" for a bound module input. */
  readonly reason?: string;
}

/** An input that could not be read or parsed. */
export interface InputError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** True when the file could not be read at all (missing, unreadable). */
  readonly unreadable: boolean;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Terraform address or `Kind/namespace/name@cluster`; null for file-level findings. */
  readonly resource: string | null;
  readonly file: string | null;
  readonly line: number | null;
  /** 1-based column, when known (JSON inputs, where a one-line plan makes the line alone useless). */
  readonly column?: number | null;
  /** JSON pointer of the resource in its file, when known. */
  readonly pointer?: string | null;
  readonly region: string | null;
  readonly suppressed: boolean;
  /** The reason given with the suppression, when suppressed. */
  readonly suppressionReason?: string;
}

/** What a rule returns: the engine fills in file, line, region and suppression from the subject. */
export interface RuleResult {
  readonly message: string;
  readonly subject?: Resource | K8sObject;
  /** Overrides the rule's catalogue severity for this one finding. */
  readonly severity?: Severity;
  /** For findings without a subject. */
  readonly file?: string;
  readonly line?: number;
  readonly region?: string;
  /**
   * The rule could not tell (a value is unknown, see lib/policy/unknown.ts): dropped
   * unless the user asked for `--unknown info`, then reported as info.
   */
  readonly unknown?: true;
}

/** Rule parameters; `.activeactive.yaml` `parameters:` and CLI flags set them. */
export interface RuleParameters {
  /** Failover budget in seconds (AA103). @default 60 */
  readonly failoverSeconds: number;
  /** Highest TTL a routed record may have (AA102). @default - the failover budget, failoverSeconds */
  readonly maxDnsTtlSeconds?: number;
  /** Tags every taggable resource carries (AA503). @default [] - off, unless a blueprint among the inputs has spec.tags (then service, region and those keys) */
  readonly requiredTags: readonly string[];
  /** Backup retention below this counts as none (AA203). @default 7 */
  readonly minBackupRetentionDays: number;
  /** Paths a workload may differ by between clusters (AA502); `*` matches one path segment. */
  readonly allowedWorkloadDifferences: readonly string[];
  /** The day version support is checked on (AA504), YYYY-MM-DD. @default - today (UTC) */
  readonly asOf?: string;
}

export interface CatalogueEntry {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly fix: string;
  readonly failureMode: FailureMode;
  /** Input forms the rule reads. */
  readonly inputs: readonly ("terraform" | "k8s")[];
  /** Resource types or kinds the rule looks at, for docs. */
  readonly covers: readonly string[];
  /** What the rule does when a value it reads is unknown (a variable without default, an expression...), for RULES.md. */
  readonly unknowns: string;
}

export interface Rule extends CatalogueEntry {
  check(inventory: InventoryView, params: RuleParameters): Iterable<RuleResult>;
}

/**
 * What a rule may read of the inventory; `Inventory` (inventory.ts) is the
 * one implementation. Declared here so types.ts imports nothing back.
 */
export interface InventoryView {
  readonly resources: readonly Resource[];
  readonly objects: readonly K8sObject[];
  readonly providers: readonly ProviderConfig[];
  readonly errors: readonly InputError[];
  /** A fact several rules read (routed records, datastore groups), computed once per inventory. */
  memo<T>(key: string, compute: () => T): T;
  ofType(...types: string[]): Resource[];
  types(): string[];
  ofKind(...kinds: string[]): K8sObject[];
  target(from: Resource, value: unknown): Resource | undefined;
  resolve(from: Resource, value: unknown): unknown;
  isLiteralSecret(from: Resource, attribute: string, value: unknown): boolean;
  regions(cloud?: Cloud): string[];
  /** Module calls the loader did not follow (lib/policy/load/bind.ts). */
  readonly notFollowed: readonly UnfollowedModule[];
  /** Why something may exist that the inventory does not show: a module call not followed (in that unit, or anywhere). */
  hiddenByModules(unit?: string): string | undefined;
  /** Why a variable of the resource's module has no known value ("module argument ..."), when the loader said. */
  variableReason(from: Resource, name: string): string | undefined;
}

/** A module call the loader did not follow (registry, git, http source): reported once per source. */
export interface UnfollowedModule {
  /** The module instance that makes the call. */
  readonly unit: string;
  readonly name: string;
  readonly source: string;
  readonly file: string;
  readonly line: number;
}
