import { type Static, Type } from "@sinclair/typebox";
import { PATTERNS, type Pattern } from "../core/patterns";
import { CLOUDS, type Cloud, ENGINES, type Engine } from "../core/regions";

export { CLOUDS, type Cloud, ENGINES, type Engine };

/**
 * The blueprint spec v1, defined once: the JSON Schema that ajv validates with
 * and the TypeScript input type (`BlueprintInput`) both come from here.
 * Defaults live in `defaults.ts` so the schema stays a pure description.
 */

const strict = { additionalProperties: false } as const;
const Obj = <T extends Parameters<typeof Type.Object>[0]>(props: T, description?: string) =>
  Type.Object(props, { ...strict, ...(description ? { description } : {}) });

export { PATTERNS, type Pattern };

/** A closed choice as a JSON Schema `enum`: one clear error instead of one per literal. */
const literalUnion = <T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: "string", enum: [...values], description });

const PositiveInt = (description: string) => Type.Integer({ minimum: 1, description });
const Cidr = Type.String({
  pattern: "^([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$",
  description: "An IPv4 CIDR block, e.g. 10.10.0.0/16",
});

export const RegionSchema = Obj(
  {
    cloud: literalUnion(CLOUDS, "The cloud this region is on"),
    region: Type.String({
      minLength: 1,
      description: "The cloud's region name, e.g. us-east-1 or europe-west1",
    }),
    cidr: Cidr,
    weight: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 255, description: "Share of traffic and replicas. @default 100" }),
    ),
    project: Type.Optional(
      Type.String({
        pattern: "^[a-z][a-z0-9-]{4,28}[a-z0-9]$",
        description: "Google Cloud project id; required for gcp regions",
      }),
    ),
    targetGroupArn: Type.Optional(
      Type.String({
        pattern:
          "^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$",
        description:
          "aws regions: ARN of the front workload's target group (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>); fill after the first deploy from `terraform output -raw target_group_arn_<workload>` of the region stack, then synth writes the TargetGroupBinding that registers the pods (docs/aws.md)",
      }),
    ),
  },
  "One serving region: its own network, cluster, keys, state and budget",
);

export const DNS_MODES = ["dns", "accelerator"] as const;
export type DnsMode = (typeof DNS_MODES)[number];

export const DnsSchema = Obj({
  mode: Type.Optional(
    literalUnion(
      DNS_MODES,
      "How clients reach a region: dns = Route 53 weighted records per region; accelerator = AWS Global Accelerator (anycast, nearest region, traffic dials from the weights; aws regions only). @default dns",
    ),
  ),
  domain: Type.String({
    pattern: "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$",
    description: "The one name every region serves, e.g. api.example.com",
  }),
  zoneId: Type.Optional(
    Type.String({ pattern: "^Z[A-Z0-9]{1,31}$", description: "Route 53 hosted zone id of the domain" }),
  ),
  ttlSeconds: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 86400, description: "TTL of routed records. @default 30" }),
  ),
  gcpBackends: Type.Optional(
    literalUnion(
      ["pending", "attached"] as const,
      "Whether the gcp load balancer's backend services name the workloads' NEGs, which GKE creates only once the workloads run: pending for the first deploy, attached from the second (docs/first-deploy.md). @default pending",
    ),
  ),
  healthCheck: Type.Optional(
    Obj({
      path: Type.Optional(Type.String({ pattern: "^/", description: "@default /healthz" })),
      port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: "@default 443" })),
      intervalSeconds: Type.Optional(
        Type.Union([Type.Literal(10), Type.Literal(30)], {
          description: "Route 53 allows 10 or 30. @default 10",
        }),
      ),
      failureThreshold: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 10, description: "Failed checks before unhealthy. @default 3" }),
      ),
    }),
  ),
});

export const RELEASE_CHANNELS = ["RAPID", "REGULAR", "STABLE"] as const;
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

export const ClusterSchema = Obj({
  kubernetesVersion: Type.Optional(
    Type.String({
      pattern: "^1\\.[0-9]{2}$",
      description:
        "Pinned control-plane version, one of the table in lib/core/kubernetes-versions.ts. @default 1.36",
    }),
  ),
  nodes: Type.Optional(
    Obj({
      min: Type.Optional(Type.Integer({ minimum: 0, description: "@default 2" })),
      max: Type.Optional(PositiveInt("@default 10")),
      instanceType: Type.Optional(
        Type.String({ minLength: 1, description: "AWS instance type. @default m6i.large" }),
      ),
      machineType: Type.Optional(
        Type.String({ minLength: 1, description: "GCP machine type. @default e2-standard-4" }),
      ),
    }),
  ),
  authorizedNetworks: Type.Optional(
    Type.Array(Cidr, {
      description: "CIDRs allowed to reach the private API endpoint. @default - the region CIDRs",
    }),
  ),
  releaseChannel: Type.Optional(
    literalUnion(RELEASE_CHANNELS, "GKE release channel (gcp regions). @default REGULAR"),
  ),
});

const EngineName = literalUnion(ENGINES, "Datastore engine");

export const DatabaseSchema = Obj({
  engine: Type.Union(
    [
      EngineName,
      Obj(
        { aws: Type.Optional(EngineName), gcp: Type.Optional(EngineName) },
        "One engine per cloud (multi-cloud blueprints)",
      ),
    ],
    { description: "The replicated datastore: one engine, or one per cloud" },
  ),
  name: Type.Optional(
    Type.String({
      pattern: "^[a-z][a-z0-9_]{0,62}$",
      description: "Database name. @default the blueprint name",
    }),
  ),
  instanceClass: Type.Optional(Type.String({ description: "Aurora instance class. @default db.r6g.large" })),
  backupRetentionDays: Type.Optional(Type.Integer({ minimum: 7, maximum: 35, description: "@default 7" })),
  writerRegion: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "The region whose cluster takes writes now, for single-writer engines (aurora-postgresql, cloudsql-postgres); set it to the promoted region after a switchover or failover. @default the first region of its cloud",
    }),
  ),
});

export const SloSchema = Obj({
  failoverSeconds: Type.Optional(PositiveInt("Time budget to move traffic off a failed region. @default 60")),
  replicationLagSeconds: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, description: "Alarm threshold on replication lag. @default 5" }),
  ),
  availabilityPercent: Type.Optional(
    Type.Number({ minimum: 90, exclusiveMaximum: 100, description: "Availability SLO. @default 99.95" }),
  ),
  latencyP95Ms: Type.Optional(PositiveInt("p95 latency objective per region. @default 200")),
  errorRatePercent: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: "Error rate objective per region. @default 0.5",
    }),
  ),
});

export const BudgetSchema = Obj({
  monthlyUsd: Type.Number({
    exclusiveMinimum: 0,
    description:
      "Monthly budget for the whole service, all clouds: each region gets its share by weight (or its perRegion amount)",
  }),
  perRegion: Type.Optional(
    Type.Record(Type.String(), Type.Number({ exclusiveMinimum: 0 }), {
      description:
        "USD per region name, taken out of monthlyUsd; the rest is split by weight between the other regions. @default {}",
    }),
  ),
  alertEmails: Type.Array(Type.String({ format: "email" }), { minItems: 1, description: "Who is notified" }),
  thresholdsPercent: Type.Optional(
    Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), {
      minItems: 1,
      description:
        "Actual-spend thresholds that notify (a forecast over 100% notifies too). @default [80, 100]",
    }),
  ),
  billingAccount: Type.Optional(
    Type.String({
      pattern: "^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$",
      description: "Google Cloud billing account; required when a gcp region exists",
    }),
  ),
});

export const InterconnectSchema = Obj({
  awsAsn: Type.Optional(Type.Integer({ minimum: 64512, maximum: 65534, description: "@default 64512" })),
  gcpAsn: Type.Optional(Type.Integer({ minimum: 64512, maximum: 65534, description: "@default 65010" })),
  pairs: Type.Array(
    Obj({
      aws: Type.String({ description: "An aws region of this blueprint" }),
      gcp: Type.String({ description: "A gcp region of this blueprint" }),
      tunnelCidrs: Type.Optional(
        Type.Array(Cidr, {
          minItems: 4,
          maxItems: 4,
          description:
            "The four /30 tunnel inside CIDRs in 169.254.0.0/16. @default 169.254.(10+n).0/28 split in four for pair n",
        }),
      ),
    }),
    { minItems: 1, description: "Which AWS region links to which GCP region" },
  ),
});

export const ShardingSchema = Obj({
  key: Type.Optional(Type.String({ minLength: 1, description: "What a shard is keyed by. @default tenant" })),
  header: Type.Optional(
    Type.String({
      pattern: "^[A-Za-z0-9-]+$",
      description: "Request header carrying the key. @default X-Tenant-Id",
    }),
  ),
  owners: Type.Optional(
    Type.Record(
      Type.String({ pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$" }),
      Type.String({ minLength: 1 }),
      {
        description:
          "primary-per-shard: shard (the header value) -> the region name that owns its writes; one owner per shard, a region that takes writes (for Aurora global and Cloud SQL the writer region of its cloud). @default {}",
      },
    ),
  ),
});

const Quantity = Type.Union([Type.String({ pattern: "^[0-9.]+[a-zA-Z]*$" }), Type.Number({ minimum: 0 })]);
const ResourceList = Obj({ cpu: Type.Optional(Quantity), memory: Type.Optional(Quantity) });

export const ProbeSchema = Obj({
  path: Type.Optional(Type.String({ pattern: "^/", description: "HTTP GET path; omit for a TCP probe" })),
  port: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 65535, description: "@default the workload port" }),
  ),
  periodSeconds: Type.Optional(PositiveInt("@default 10")),
  failureThreshold: Type.Optional(PositiveInt("@default 3")),
  initialDelaySeconds: Type.Optional(Type.Integer({ minimum: 0, description: "@default 0" })),
});

export const WorkloadSchema = Obj({
  name: Type.String({ pattern: "^[a-z]([a-z0-9-]{0,40}[a-z0-9])?$", description: "DNS-1123 label" }),
  image: Type.String({
    pattern: "^[^\\s:@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$",
    description: "Image by tag or digest",
  }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  replicas: Type.Optional(
    Type.Union([
      Type.Integer({ minimum: 1, description: "The same count in every region" }),
      Obj({
        total: PositiveInt("Spread over regions by weight"),
        minPerRegion: Type.Optional(PositiveInt("@default 2")),
      }),
      Obj({ perRegion: Type.Record(Type.String(), Type.Integer({ minimum: 1 })) }),
    ]),
  ),
  resources: Type.Optional(
    Obj({ requests: Type.Optional(ResourceList), limits: Type.Optional(ResourceList) }),
  ),
  probes: Type.Optional(
    Obj({
      readiness: Type.Optional(ProbeSchema),
      liveness: Type.Optional(ProbeSchema),
      startup: Type.Optional(ProbeSchema),
    }),
  ),
  env: Type.Optional(Type.Record(Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }), Type.String())),
  secretEnv: Type.Optional(
    Type.Record(
      Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }),
      Obj({ secret: Type.String({ minLength: 1 }), key: Type.String({ minLength: 1 }) }),
      { description: "Environment from Kubernetes Secrets, never literals" },
    ),
  ),
  config: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "Mounted as a ConfigMap" })),
  autoscaling: Type.Optional(
    Obj({
      min: Type.Optional(PositiveInt("@default the region's replicas")),
      max: PositiveInt("Upper bound per region"),
      targetCpuPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "@default 70" })),
    }),
  ),
  disruptionBudget: Type.Optional(
    Type.Union([
      Obj({
        minAvailable: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: "^[0-9]+%$" })]),
      }),
      Obj({
        maxUnavailable: Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: "^[0-9]+%$" })]),
      }),
    ]),
  ),
  spreadAcrossZones: Type.Optional(Type.Boolean({ description: "@default true" })),
  regionEnv: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Record(Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }), Type.String()),
      {
        description: "Per-region env, keyed by region name: one of the few allowed per-region differences",
      },
    ),
  ),
});

export const GitopsSchema = Obj(
  {
    repoURL: Type.String({ minLength: 1, description: "Git repository Argo CD pulls the manifests from" }),
    revision: Type.Optional(
      Type.String({ minLength: 1, description: "Branch, tag or commit Argo CD follows. @default HEAD" }),
    ),
    path: Type.Optional(
      Type.String({
        pattern: "^[^/](.*[^/])?$",
        description: "Folder of the per-cluster folders in that repository. @default dist/k8s",
      }),
    ),
    argocdNamespace: Type.Optional(
      Type.String({ pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", description: "@default argocd" }),
    ),
    bakeMinutes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10080,
        description:
          "How long a rollout wave must stay healthy before the next region is promoted. @default 30",
      }),
    ),
  },
  "Where each cluster's Argo CD finds its manifests, and how a release rolls out region by region",
);

const StateS3 = Obj({
  backend: Type.Literal("s3"),
  bucket: Type.String({ pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", description: "Existing S3 bucket" }),
  region: Type.String({
    minLength: 1,
    description: "The bucket's region: one of the blueprint's AWS regions",
  }),
  kmsKeyId: Type.Optional(
    Type.String({
      minLength: 1,
      description: "KMS key (ARN or alias) for server-side encryption. @default the S3 key",
    }),
  ),
  keyPrefix: Type.Optional(
    Type.String({
      pattern: "^[^/](.*[^/])?$",
      description: "Folder of the state files. @default <blueprint>",
    }),
  ),
});
const StateGcs = Obj({
  backend: Type.Literal("gcs"),
  bucket: Type.String({ pattern: "^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", description: "Existing GCS bucket" }),
  prefix: Type.Optional(
    Type.String({
      pattern: "^[^/](.*[^/])?$",
      description: "Folder of the state files. @default <blueprint>",
    }),
  ),
});
const StateLocal = Obj({ backend: Type.Literal("local") });

export const StateSchema = Type.Union([StateLocal, StateS3, StateGcs], {
  description:
    "{ backend: local }, { backend: s3, bucket, region, kmsKeyId?, keyPrefix? } or { backend: gcs, bucket, prefix? }: where each stack keeps its own Terraform state. @default local files (offline use)",
});

export const BlueprintSchema = Obj(
  {
    apiVersion: Type.Literal("activeactive/v1"),
    kind: Type.Literal("Blueprint"),
    metadata: Obj({
      name: Type.String({
        pattern: "^[a-z][a-z0-9-]{0,30}[a-z0-9]$",
        description: "lowercase, 2-32 characters",
      }),
      labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
    spec: Obj({
      pattern: Type.Optional(
        literalUnion(
          PATTERNS,
          "The active-active pattern; it decides the data tier (lib/core/patterns.ts). @default - the first pattern whose engines include the blueprint's engine",
        ),
      ),
      dns: DnsSchema,
      regions: Type.Array(RegionSchema, { minItems: 1 }),
      cluster: Type.Optional(ClusterSchema),
      database: DatabaseSchema,
      slo: Type.Optional(SloSchema),
      budget: BudgetSchema,
      interconnect: Type.Optional(InterconnectSchema),
      sharding: Type.Optional(ShardingSchema),
      workloads: Type.Optional(Type.Array(WorkloadSchema)),
      gitops: Type.Optional(GitopsSchema),
      state: Type.Optional(StateSchema),
      tags: Type.Optional(
        Type.Record(
          Type.String({ pattern: "^[A-Za-z0-9_.:/=+@-]{1,128}$" }),
          Type.String({ maxLength: 256 }),
          {
            description: "Extra tags on every taggable resource",
          },
        ),
      ),
    }),
  },
  "An active-active service: regions, routing, state, links, budget and workloads",
);

/** What a user writes: optional fields may be left out. */
export type BlueprintInput = Static<typeof BlueprintSchema>;
export type RegionInput = Static<typeof RegionSchema>;
export type WorkloadInput = Static<typeof WorkloadSchema>;
export type GitopsInput = Static<typeof GitopsSchema>;
export type StateInput = Static<typeof StateSchema>;
export type ProbeInput = Static<typeof ProbeSchema>;
