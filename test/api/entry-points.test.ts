import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { entryPoints, exportedNames } from "./entry-points";

// The public API, written out: adding or removing an export is a deliberate
// change to this list (and to the README's entry-point table).
const API: Record<string, string[]> = {
  activeactive: [
    "type Blueprint",
    "type BlueprintInput",
    "type Cloud",
    "type Engine",
    "ExitCode",
    "type GitopsInput",
    "type HealthCheck",
    "type ProbeInput",
    "type Problem",
    "type ProblemLocation",
    "type Region",
    "type RegionInput",
    "type ReleaseChannel",
    "type StackSummary",
    "type SynthOptions",
    "type SynthResult",
    "UsageError",
    "type WorkloadInput",
    "addBlueprintStacks",
    "formatProblem",
    "loadBlueprintFile",
    "parseBlueprint",
    "resolveBlueprint",
    "suppress",
    "synthesize",
  ],
  "activeactive/aws": [
    "type AcceleratedRegion",
    "AcceleratorStack",
    "type AcceleratorStackProps",
    "AccessLogBucket",
    "type AccessLogBucketProps",
    "type AlarmedHealthCheck",
    "type AuroraClusterRole",
    "AuroraGlobalDatabase",
    "type AuroraGlobalDatabaseProps",
    "AwsRegionStack",
    "type AwsRegionStackProps",
    "type ControlPlaneLogType",
    "CustomerManagedKey",
    "type CustomerManagedKeyProps",
    "DEFAULT_AURORA_POSTGRES_VERSION",
    "DsqlConnectAccess",
    "type DsqlConnectAccessProps",
    "DsqlMultiRegion",
    "type DsqlMultiRegionProps",
    "type DsqlPeer",
    "DynamoDbGlobalTable",
    "type DynamoDbGlobalTableProps",
    "type DynamoDbReplica",
    "EksCluster",
    "type EksClusterProps",
    "FrontDoorAlarms",
    "type FrontDoorAlarmsProps",
    "GlobalAccelerator",
    "type GlobalAcceleratorProps",
    "GlobalStack",
    "type GlobalStackProps",
    "HealthCheckAlarms",
    "type HealthCheckAlarmsProps",
    "type HttpsHealthCheck",
    "type LoadBalancerTarget",
    "type NatGateways",
    "RegionBudget",
    "type RegionBudgetProps",
    "type RegionProviderOptions",
    "RegionalAuroraCluster",
    "type RegionalAuroraClusterProps",
    "RegionalCertificate",
    "type RegionalCertificateProps",
    "RegionalEventLog",
    "type RegionalEventLogProps",
    "RegionalLoadBalancer",
    "type RegionalLoadBalancerProps",
    "RegionalNetwork",
    "type RegionalNetworkProps",
    "ReplicationAlarms",
    "type ReplicationAlarmsProps",
    "Route53GlobalRouting",
    "type Route53GlobalRoutingProps",
    "type RoutedEndpoint",
    "ShardListenerRules",
    "type ShardListenerRulesProps",
    "type ShardOwnerHost",
    "WorkloadDataAccess",
    "type WorkloadDataAccessProps",
    "type WorkloadIdentity",
    "regionProvider",
  ],
  "activeactive/gcp": [
    "AwsGcpHaVpn",
    "type AwsGcpHaVpnProps",
    "BigtableReplicated",
    "type BigtableReplicatedProps",
    "CloudSqlPostgres",
    "type CloudSqlPostgresProps",
    "EmailNotificationChannels",
    "type EmailNotificationChannelsProps",
    "GcpBudget",
    "type GcpBudgetProps",
    "GcpGlobalLoadBalancer",
    "type GcpGlobalLoadBalancerProps",
    "GcpGlobalStack",
    "type GcpGlobalStackProps",
    "GcpKeyRing",
    "type GcpKeyRingProps",
    "GcpNetwork",
    "type GcpNetworkProps",
    "GcpRegionStack",
    "type GcpRegionStackProps",
    "GkeCluster",
    "type GkeClusterProps",
    "GkeWorkloadIdentity",
    "type GkeWorkloadIdentityProps",
    "type HeaderRoute",
    "InterconnectStack",
    "type InterconnectStackProps",
    "type LoadBalancedRegion",
    "type PrivateServicesRange",
    "PubsubEventLog",
    "type PubsubEventLogProps",
    "ReplicationLagAlert",
    "type ReplicationLagAlertProps",
    "ReplicationLagMetric",
    "SpannerMultiRegion",
    "type SpannerMultiRegionProps",
    "TunnelDownAlert",
    "type TunnelDownAlertProps",
  ],
  "activeactive/k8s": [
    "ClusterChart",
    "type ClusterChartProps",
    "EksNodePool",
    "type EksNodePoolProps",
    "GitOps",
    "GitOpsChart",
    "type GitOpsChartProps",
    "type GitOpsProps",
    "type ManifestDoc",
    "type ManifestOptions",
    "RegionalNamespace",
    "type RegionalNamespaceProps",
    "type ResolvedProbe",
    "type ResolvedWorkload",
    "type RolloutWave",
    "SloRules",
    "type SloRulesProps",
    "Workload",
    "type WorkloadProps",
    "deployBranch",
    "renderManifests",
    "resolveWorkloads",
    "rolloutPlan",
    "writeManifests",
  ],
  "activeactive/policy": [
    "CONFIG_FILE",
    "type CatalogueEntry",
    "type CheckOptions",
    "type CheckReport",
    "type CheckSummary",
    "type Cloud",
    "type ConfigSuppression",
    "DEFAULT_PARAMETERS",
    "FORMATS",
    "type FailOn",
    "type FailureMode",
    "type Finding",
    "type Format",
    "type InputDocument",
    "type InputError",
    "Inventory",
    "type K8sObject",
    "type LoadOptions",
    "META_RULES",
    "type PolicyConfig",
    "type ProviderConfig",
    "RULES",
    "type Resource",
    "type Rule",
    "type RuleParameters",
    "type RuleResult",
    "type Severity",
    "type Suppression",
    "check",
    "checkSync",
    "format",
    "loadConfig",
    "loadInventory",
    "loadInventorySync",
    "parseConfig",
  ],
  "activeactive/jest": ["toDocuments", "toPassActiveActiveChecks"],
};

const entries = entryPoints();

describe("the public API", () => {
  test("package.json exports exactly these entry points", () => {
    expect(entries.map((e) => e.specifier).sort()).toEqual(Object.keys(API).sort());
  });

  test.each(entries.map((e) => [e.specifier, e] as const))(
    "%s exports exactly its written-out list, by name, with no export *",
    (specifier, entry) => {
      expect(entry.starExports).toEqual([]);
      expect(entry.names).toEqual(API[specifier]);
    },
  );

  test.each(entries.map((e) => [e.specifier, e] as const))(
    "%s: every exported value exists at run time, and nothing else does",
    (_, entry) => {
      const values = entry.names.filter((n) => !n.startsWith("type ")).sort();
      const mod = require(path.resolve(entry.source)) as Record<string, unknown>;
      expect(Object.keys(mod).sort()).toEqual(values);
      for (const v of values) expect([v, mod[v]]).not.toEqual([v, undefined]);
    },
  );

  test("no file under lib/ or stacks/ re-exports with export *", () => {
    const offenders: string[] = [];
    for (const dir of ["lib", "stacks"]) {
      for (const rel of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
        if (!rel.endsWith(".ts")) continue;
        const file = path.join(dir, rel);
        for (const s of exportedNames(file).starExports) offenders.push(`${file}: ${s}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("GIVEN a module with export * and export * as THEN both are reported, with their names kept apart", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "entry-")), "index.ts");
    fs.writeFileSync(
      file,
      'export * from "./a";\nexport * as b from "./b";\nexport { c, type D } from "./c";\nexport interface E {}\nexport const f = 1;\n',
    );
    expect(exportedNames(file)).toEqual({
      names: ["type D", "type E", "c", "f"],
      starExports: ['export * from "./a";', 'export * as b from "./b";'],
    });
  });
});
