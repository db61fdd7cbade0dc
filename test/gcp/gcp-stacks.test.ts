import { gcpWorkloadServiceAccountEmail, gcpWorkloadServiceAccountId } from "../../lib/core/names";
import { allResources, only, resources, type StackJson } from "../aws/synth";
import { synthBlueprint } from "../stacks/helpers";
import { GCP_GLOBAL, MULTI_CLOUD, resolveEdited } from "./fixtures";

type Body = Record<string, any>;
const res = (json: StackJson, type: string) => resources(json, type) as Body[];
const one = (json: StackJson, type: string) => only(json, type) as Body;
const tf = (expression: string) => ["$", "{", expression, "}"].join("");
/** The `${type.name.attr}` reference to the one resource of `type` whose body passes `pick`. */
function refTo(json: StackJson, type: string, attr: string, pick: (b: Body) => boolean = () => true): string {
  const matches = Object.entries(json.resource?.[type] ?? {}).filter(([, b]) => pick(b as Body));
  if (matches.length !== 1) throw new Error(`expected one ${type}, found ${matches.length}`);
  return tf(`${type}.${matches[0]![0]}.${attr}`);
}

describe("multi-cloud blueprint: the gcp region stacks", () => {
  const b = resolveEdited(MULTI_CLOUD, () => {});
  const { stacks, names } = synthBlueprint(b);
  const eu = stacks["multi-cloud-gcp-europe-west1"]!;
  const us = stacks["multi-cloud-gcp-us-central1"]!;

  test("THEN AWS, GCP and interconnect stacks, gcp global after the gcp regions", () => {
    expect(names).toEqual([
      "multi-cloud-global",
      "multi-cloud-aws-us-east-1",
      "multi-cloud-aws-eu-west-1",
      "multi-cloud-gcp-europe-west1",
      "multi-cloud-gcp-us-central1",
      "multi-cloud-gcp-global",
      "multi-cloud-interconnect",
    ]);
  });

  test.each([
    ["multi-cloud-gcp-europe-west1", "europe-west1"],
    ["multi-cloud-gcp-us-central1", "us-central1"],
  ])(
    "GIVEN %s THEN one aliased google provider of its region and project, used by every resource",
    (name, region) => {
      const json = stacks[name]!;
      expect(json.provider?.google).toEqual([
        expect.objectContaining({
          alias: region,
          region,
          project: "acme-shop-prod",
          user_project_override: true,
        }),
      ]);
      expect(Object.keys(json.provider ?? {})).toEqual(["google"]);
      for (const [type, body] of allResources(json))
        expect([type, body.provider]).toEqual([type, `google.${region}`]);
      expect(json.terraform?.backend).toEqual({ local: { path: `terraform.${name}.tfstate` } });
    },
  );

  test("THEN a key ring in each region with rotating keys that terraform may not destroy", () => {
    for (const [json, region] of [
      [eu, "europe-west1"],
      [us, "us-central1"],
    ] as const) {
      expect(one(json, "google_kms_key_ring")).toMatchObject({
        location: region,
        name: `multi-cloud-gcp-${region}`,
      });
      const keys = res(json, "google_kms_crypto_key");
      expect(keys.map((k) => k.name).sort()).toEqual(["cloudsql", "gke-secrets"]);
      for (const k of keys) {
        expect(k).toMatchObject({ rotation_period: "7776000s", purpose: "ENCRYPT_DECRYPT" });
        expect(k.lifecycle).toEqual({ prevent_destroy: true });
      }
    }
  });

  test("THEN the primary region owns the global network, private services access for every region, and its subnet", () => {
    expect(one(eu, "google_compute_network")).toMatchObject({
      name: "multi-cloud-vpc",
      auto_create_subnetworks: false,
      routing_mode: "GLOBAL",
    });
    expect(res(eu, "google_compute_global_address").map((a) => [a.name, a.address, a.prefix_length])).toEqual(
      [
        ["multi-cloud-gcp-europe-west1-psa", "10.40.96.0", 20],
        ["multi-cloud-gcp-us-central1-psa", "10.50.96.0", 20],
      ],
    );
    expect(one(eu, "google_service_networking_connection").service).toBe("servicenetworking.googleapis.com");
    expect(one(eu, "google_compute_network_peering_routes_config")).toMatchObject({
      peering: refTo(eu, "google_service_networking_connection", "peering"),
      export_custom_routes: true,
    });
    expect(res(us, "google_compute_network")).toEqual([]);
    expect(one(us, "google_compute_subnetwork")).toMatchObject({
      network: "projects/acme-shop-prod/global/networks/multi-cloud-vpc",
      ip_cidr_range: "10.50.0.0/18",
      private_ip_google_access: true,
      secondary_ip_range: [
        { range_name: "pods", ip_cidr_range: "10.50.128.0/17" },
        { range_name: "services", ip_cidr_range: "10.50.64.0/19" },
      ],
    });
  });

  test("THEN the firewall admits Google health checks and the blueprint's sites on the workload port only", () => {
    const rules = res(us, "google_compute_firewall");
    expect(rules.map((r) => [r.name, r.source_ranges, r.allow])).toEqual([
      [
        "multi-cloud-gcp-us-central1-allow-health-checks",
        ["35.191.0.0/16", "130.211.0.0/22"],
        [{ protocol: "tcp", ports: ["8080"] }],
      ],
      [
        "multi-cloud-gcp-us-central1-allow-sites",
        b.regions.map((r) => r.cidr),
        [{ protocol: "tcp", ports: ["8080"] }],
      ],
    ]);
  });

  test("THEN a private regional GKE cluster with every hardening setting, secrets under the region's key", () => {
    const c = one(us, "google_container_cluster");
    expect(c).toMatchObject({
      name: "multi-cloud-gcp-us-central1",
      location: "us-central1",
      node_locations: ["us-central1-a", "us-central1-b", "us-central1-c"],
      min_master_version: "1.36",
      release_channel: { channel: "REGULAR" },
      remove_default_node_pool: true,
      deletion_protection: true,
      private_cluster_config: {
        enable_private_nodes: true,
        enable_private_endpoint: true,
        master_ipv4_cidr_block: "10.50.112.0/28",
      },
      master_authorized_networks_config: {
        gcp_public_cidrs_access_enabled: false,
        cidr_blocks: b.cluster.authorizedNetworks.map((cidr) => ({ cidr_block: cidr, display_name: cidr })),
      },
      workload_identity_config: { workload_pool: "acme-shop-prod.svc.id.goog" },
      network_policy: { enabled: true, provider: "CALICO" },
      database_encryption: {
        state: "ENCRYPTED",
        key_name: refTo(us, "google_kms_crypto_key", "id", (k) => k.name === "gke-secrets"),
      },
      ip_allocation_policy: {
        cluster_secondary_range_name: "pods",
        services_secondary_range_name: "services",
      },
    });
    expect(c.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\./)]);
    const grants = res(us, "google_kms_crypto_key_iam_member");
    const agent = (domain: string) =>
      `serviceAccount:service-${tf("data.google_project.Project.number")}@${domain}.iam.gserviceaccount.com`;
    expect(grants.map((g) => [g.member, g.crypto_key_id]).sort()).toEqual(
      [
        [
          agent("container-engine-robot"),
          refTo(us, "google_kms_crypto_key", "id", (k) => k.name === "gke-secrets"),
        ],
        [agent("gcp-sa-cloud-sql"), refTo(us, "google_kms_crypto_key", "id", (k) => k.name === "cloudsql")],
      ].sort(),
    );
  });

  test("THEN the node pool autoscales up to the blueprint maximum, as a least-privilege service account", () => {
    const pool = one(us, "google_container_node_pool");
    expect(pool.autoscaling).toEqual({
      total_min_node_count: 2,
      total_max_node_count: 10,
      location_policy: "BALANCED",
    });
    expect(pool.node_config).toMatchObject({
      machine_type: "e2-standard-4",
      workload_metadata_config: { mode: "GKE_METADATA" },
      shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      service_account: refTo(us, "google_service_account", "email", (s) =>
        s.display_name.startsWith("GKE nodes"),
      ),
      tags: ["multi-cloud-gcp-us-central1-nodes"],
    });
    const roles = res(us, "google_project_iam_member").map((m) => m.role);
    expect(roles).not.toContain("roles/editor");
    expect(roles).not.toContain("roles/owner");
  });

  test("THEN each workload gets a Google service account bound to its Kubernetes service account", () => {
    const region = b.regions.find((r) => r.key === "gcp-us-central1")!;
    const sa = res(us, "google_service_account").find(
      (s) => s.account_id === gcpWorkloadServiceAccountId(region, "api"),
    );
    expect(sa).toBeDefined();
    expect(`${sa!.account_id}@acme-shop-prod.iam.gserviceaccount.com`).toBe(
      gcpWorkloadServiceAccountEmail(region, "api"),
    );
    expect(res(us, "google_service_account_iam_member")).toEqual([
      expect.objectContaining({
        role: "roles/iam.workloadIdentityUser",
        member: "serviceAccount:acme-shop-prod.svc.id.goog[multi-cloud/api]",
      }),
    ]);
  });

  test("THEN Cloud SQL: a private, TLS-only, CMEK primary with backups and PITR, and a replica of it", () => {
    const primary = one(eu, "google_sql_database_instance");
    expect(primary).toMatchObject({
      name: "multi-cloud-europe-west1",
      region: "europe-west1",
      database_version: "POSTGRES_16",
      deletion_protection: true,
      encryption_key_name: refTo(eu, "google_kms_crypto_key", "id", (k) => k.name === "cloudsql"),
      settings: {
        availability_type: "REGIONAL",
        deletion_protection_enabled: true,
        ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" },
        backup_configuration: {
          enabled: true,
          point_in_time_recovery_enabled: true,
          backup_retention_settings: { retained_backups: 7, retention_unit: "COUNT" },
        },
      },
    });
    expect(primary.settings.ip_configuration.private_network).toBe(refTo(eu, "google_compute_network", "id"));
    expect(primary.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^google_service_networking_connection\./)]),
    );
    expect(one(eu, "google_sql_database").name).toBe("multi_cloud");

    const replica = one(us, "google_sql_database_instance");
    expect(replica).toMatchObject({
      name: "multi-cloud-us-central1",
      master_instance_name: "multi-cloud-europe-west1",
      replica_configuration: { failover_target: false },
      deletion_protection: true,
      encryption_key_name: refTo(us, "google_kms_crypto_key", "id", (k) => k.name === "cloudsql"),
      settings: { ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" } },
    });
    expect(replica.settings.ip_configuration.private_network).toBe(
      "projects/acme-shop-prod/global/networks/multi-cloud-vpc",
    );
    expect(replica.settings).not.toHaveProperty("backup_configuration");
    expect(res(us, "google_sql_database")).toEqual([]);
  });

  test("THEN a lag alert on every member (the writer too: it can be demoted), at the blueprint's objective, notifying the alert e-mails", () => {
    expect(one(eu, "google_monitoring_alert_policy").conditions[0].condition_threshold.filter).toContain(
      'resource.labels.database_id = "acme-shop-prod:multi-cloud-europe-west1"',
    );
    const alert = one(us, "google_monitoring_alert_policy");
    const condition = alert.conditions[0].condition_threshold;
    expect(condition.filter).toContain(
      'metric.type = "cloudsql.googleapis.com/database/replication/replica_lag"',
    );
    expect(condition.filter).toContain(
      'resource.labels.database_id = "acme-shop-prod:multi-cloud-us-central1"',
    );
    expect(condition).toMatchObject({ comparison: "COMPARISON_GT", threshold_value: 5 });
    expect(alert.notification_channels).toEqual([refTo(us, "google_monitoring_notification_channel", "id")]);
    expect(one(us, "google_monitoring_notification_channel").labels).toEqual({
      email_address: "oncall@example.com",
    });
  });

  test("THEN a budget per region, on its project and region label, with each threshold and a forecast", () => {
    const budget = one(us, "google_billing_budget");
    expect(budget).toMatchObject({
      billing_account: "012345-6789AB-CDEF01",
      // 4000 USD in all, four regions at the default weight.
      amount: { specified_amount: { currency_code: "USD", units: "1000" } },
      budget_filter: {
        projects: [`projects/${tf("data.google_project.Project.number")}`],
        labels: { region: "us-central1" },
      },
      threshold_rules: [
        { threshold_percent: 0.8, spend_basis: "CURRENT_SPEND" },
        { threshold_percent: 1, spend_basis: "CURRENT_SPEND" },
        { threshold_percent: 1, spend_basis: "FORECASTED_SPEND" },
      ],
    });
    expect(budget.all_updates_rule.monitoring_notification_channels).toHaveLength(1);
  });

  test("THEN every labelled resource carries the service and region labels", () => {
    expect(one(us, "google_container_cluster").resource_labels).toEqual({
      region: "us-central1",
      service: "multi-cloud",
    });
  });
});

describe("multi-cloud blueprint: global routing across clouds", () => {
  const { stacks } = synthBlueprint(
    resolveEdited(MULTI_CLOUD, (d) => {
      d.spec.dns.gcpBackends = "attached";
    }),
  );
  const global = stacks["multi-cloud-global"]!;
  const gcpGlobal = stacks["multi-cloud-gcp-global"]!;

  test("THEN Route 53 has a weighted record and health check per region of both clouds", () => {
    const records = res(global, "aws_route53_record").sort((a, b) =>
      a.set_identifier.localeCompare(b.set_identifier),
    );
    expect(records.map((r) => [r.set_identifier, r.records, r.weighted_routing_policy])).toEqual([
      ["aws-eu-west-1", ["eu-west-1.api.example.com"], { weight: 100 }],
      ["aws-us-east-1", ["us-east-1.api.example.com"], { weight: 100 }],
      ["gcp-europe-west1", ["europe-west1.api.example.com"], { weight: 100 }],
      ["gcp-us-central1", ["us-central1.api.example.com"], { weight: 100 }],
    ]);
    const checks = res(global, "aws_route53_health_check");
    expect(checks.map((c) => c.fqdn).sort()).toEqual(records.map((r) => r.records[0]).sort());
  });

  test("THEN the gcp global stack points each gcp regional hostname at the load balancer, and publishes the certificate's DNS authorization", () => {
    const a = res(gcpGlobal, "aws_route53_record");
    const address = refTo(gcpGlobal, "google_compute_global_address", "address");
    expect(a.filter((r) => r.type === "A").map((r) => [r.name, r.records, r.zone_id])).toEqual([
      ["europe-west1.api.example.com", [address], "Z0123456789ABCDEFGHIJ"],
      ["us-central1.api.example.com", [address], "Z0123456789ABCDEFGHIJ"],
    ]);
    const auth = a.find((r) => r.type !== "A")!;
    expect(auth.records[0]).toContain("google_certificate_manager_dns_authorization.");
    expect(res(gcpGlobal, "google_dns_managed_zone")).toEqual([]);
  });

  test("WHEN the first deploy (gcpBackends pending, the default) THEN the backend services name no NEG yet", () => {
    const first = synthBlueprint(MULTI_CLOUD).stacks["multi-cloud-gcp-global"]!;
    const services = res(first, "google_compute_backend_service");
    expect(services.map((s) => [s.name, s.backend ?? []])).toEqual([
      ["multi-cloud-all", []],
      ["multi-cloud-gcp-europe-west1", []],
      ["multi-cloud-gcp-us-central1", []],
    ]);
  });

  test("THEN the load balancer has a backend per region pinned by host, and one across both", () => {
    const services = res(gcpGlobal, "google_compute_backend_service");
    expect(services.map((s) => [s.name, s.backend.length])).toEqual([
      ["multi-cloud-all", 6],
      ["multi-cloud-gcp-europe-west1", 3],
      ["multi-cloud-gcp-us-central1", 3],
    ]);
    expect(services[1]!.backend.map((x: Body) => x.group)).toEqual(
      ["b", "c", "d"].map(
        (z) => `projects/acme-shop-prod/zones/europe-west1-${z}/networkEndpointGroups/multi-cloud-api`,
      ),
    );
    for (const s of services) {
      expect(s).toMatchObject({
        load_balancing_scheme: "EXTERNAL_MANAGED",
        health_checks: [refTo(gcpGlobal, "google_compute_health_check", "id")],
        outlier_detection: {
          consecutive_errors: 5,
          interval: { seconds: 10 },
          base_ejection_time: { seconds: 30 },
        },
      });
    }
    const armor = one(gcpGlobal, "google_compute_security_policy");
    for (const s of services)
      expect(s.security_policy).toBe(refTo(gcpGlobal, "google_compute_security_policy", "id"));
    expect(armor.adaptive_protection_config).toEqual({ layer_7_ddos_defense_config: { enable: true } });
    expect(armor.rule[0]).toMatchObject({
      action: "throttle",
      rate_limit_options: {
        exceed_action: "deny(429)",
        rate_limit_threshold: { count: 6000, interval_sec: 60 },
      },
    });
    const map = res(gcpGlobal, "google_compute_url_map").find((m) => m.host_rule)!;
    expect(map.host_rule).toEqual([
      { hosts: ["europe-west1.api.example.com"], path_matcher: "gcp-europe-west1" },
      { hosts: ["us-central1.api.example.com"], path_matcher: "gcp-us-central1" },
      // primary-per-shard: the global name gets its own matcher for the shard routes (test/stacks/front-door.test.ts).
      { hosts: ["api.example.com"], path_matcher: "global" },
    ]);
    expect(one(gcpGlobal, "google_compute_health_check").http_health_check).toEqual({
      port_specification: "USE_SERVING_PORT",
      request_path: "/healthz",
    });
  });

  test("THEN HTTPS only: TLS 1.2+ on 443 with a managed certificate for the name and its subdomains, 80 redirects", () => {
    expect(one(gcpGlobal, "google_compute_ssl_policy")).toMatchObject({
      min_tls_version: "TLS_1_2",
      profile: "MODERN",
    });
    expect(one(gcpGlobal, "google_certificate_manager_certificate").managed.domains).toEqual([
      "api.example.com",
      "*.api.example.com",
    ]);
    const rules = res(gcpGlobal, "google_compute_global_forwarding_rule").sort(
      (a, b) => Number(b.port_range) - Number(a.port_range),
    );
    expect(rules.map((r) => [r.port_range, r.target.split(".")[0]])).toEqual([
      ["443", tf("google_compute_target_https_proxy").slice(0, -1)],
      ["80", tf("google_compute_target_http_proxy").slice(0, -1)],
    ]);
    const redirect = res(gcpGlobal, "google_compute_url_map").find((m) => m.default_url_redirect)!;
    expect(redirect.default_url_redirect.https_redirect).toBe(true);
  });
});

describe("gcp-global blueprint: Spanner and the load balancer as the routing layer", () => {
  const { stacks, names } = synthBlueprint(GCP_GLOBAL);
  const gcpGlobal = stacks["gcp-global-gcp-global"]!;

  test("THEN no interconnect, no Route 53 and no AWS global stack: gcp stacks only", () => {
    expect(names).toEqual([
      "gcp-global-gcp-us-central1",
      "gcp-global-gcp-europe-west1",
      "gcp-global-gcp-asia-east1",
      "gcp-global-gcp-global",
    ]);
    expect(Object.keys(gcpGlobal.provider ?? {})).toEqual(["google"]);
  });

  test("THEN a Spanner instance on the configuration serving all three regions, with a key in each of its regions", () => {
    expect(one(gcpGlobal, "google_spanner_instance")).toMatchObject({
      config: "nam-eur-asia1",
      edition: "ENTERPRISE_PLUS",
      force_destroy: false,
    });
    const rings = res(gcpGlobal, "google_kms_key_ring").map((r) => r.location);
    expect(rings.sort()).toEqual(["asia-east1", "europe-west1", "us-central1", "us-central2", "us-east1"]);
    const db = one(gcpGlobal, "google_spanner_database");
    expect(db).toMatchObject({
      deletion_protection: true,
      enable_drop_protection: true,
      version_retention_period: "7d",
    });
    expect(db.encryption_config.kms_key_names).toHaveLength(5);
    for (const k of res(gcpGlobal, "google_kms_crypto_key")) expect(k.rotation_period).toBe("7776000s");
    expect(one(gcpGlobal, "google_spanner_backup_schedule")).toMatchObject({
      retention_duration: `${14 * 86400}s`,
      encryption_config: { encryption_type: "USE_DATABASE_ENCRYPTION" },
    });
    const grants = res(gcpGlobal, "google_kms_crypto_key_iam_member");
    expect(grants).toHaveLength(5);
    for (const g of grants) expect(g.member).toMatch(/@gcp-sa-spanner\.iam\.gserviceaccount\.com$/);
  });

  test("THEN every region's workload may use the database, and commit latency is alerted on", () => {
    expect(
      res(gcpGlobal, "google_spanner_database_iam_member")
        .map((m) => m.member)
        .sort(),
    ).toEqual([
      "serviceAccount:api-asia-east1@acme-global-prod.iam.gserviceaccount.com",
      "serviceAccount:api-europe-west1@acme-global-prod.iam.gserviceaccount.com",
      "serviceAccount:api-us-central1@acme-global-prod.iam.gserviceaccount.com",
    ]);
    const condition = one(gcpGlobal, "google_monitoring_alert_policy").conditions[0].condition_threshold;
    expect(condition.filter).toContain('metric.labels.method = "Commit"');
    expect(condition.threshold_value).toBe(1);
  });

  test("THEN a project-wide budget of the regions' shares covers global resources; each region keeps its own", () => {
    const total = one(gcpGlobal, "google_billing_budget");
    // monthlyUsd is the total: 6000 for the project, 2000 per region (equal weights).
    expect(total.amount.specified_amount.units).toBe("6000");
    expect(total.budget_filter).not.toHaveProperty("labels");
    for (const r of ["us-central1", "europe-west1", "asia-east1"]) {
      const own = one(stacks[`gcp-global-gcp-${r}`]!, "google_billing_budget");
      expect([own.amount.specified_amount.units, own.budget_filter.labels]).toEqual(["2000", { region: r }]);
    }
  });

  test("THEN no Cloud SQL, and the regions hold only the GKE secrets key", () => {
    for (const r of ["us-central1", "europe-west1", "asia-east1"]) {
      const json = stacks[`gcp-global-gcp-${r}`]!;
      expect(res(json, "google_sql_database_instance")).toEqual([]);
      expect(res(json, "google_kms_crypto_key").map((k) => k.name)).toEqual(["gke-secrets"]);
      expect(one(json, "google_container_cluster").release_channel).toEqual({ channel: "STABLE" });
    }
  });

  test("THEN a Cloud DNS zone (DNSSEC on) sends the name and each regional hostname to the load balancer", () => {
    expect(one(gcpGlobal, "google_dns_managed_zone")).toMatchObject({
      dns_name: "api.example.com.",
      dnssec_config: { state: "on" },
    });
    const address = refTo(gcpGlobal, "google_compute_global_address", "address");
    const a = res(gcpGlobal, "google_dns_record_set").filter((r) => r.type === "A");
    expect(a.map((r) => [r.name, r.rrdatas]).sort()).toEqual([
      ["api.example.com.", [address]],
      ["asia-east1.api.example.com.", [address]],
      ["europe-west1.api.example.com.", [address]],
      ["us-central1.api.example.com.", [address]],
    ]);
    expect(res(gcpGlobal, "aws_route53_record")).toEqual([]);
  });
});

describe("gcp-global blueprint with the domain in Route 53", () => {
  test("GIVEN dns.zoneId THEN the name and every regional hostname point at the load balancer in Route 53, no Cloud DNS zone", () => {
    const b = resolveEdited(GCP_GLOBAL, (d) => {
      d.spec.dns.zoneId = "Z0123456789ABCDEFGHIJ";
    });
    const { stacks } = synthBlueprint(b);
    const gcpGlobal = stacks["gcp-global-gcp-global"]!;
    const address = refTo(gcpGlobal, "google_compute_global_address", "address");
    const a = res(gcpGlobal, "aws_route53_record").filter((r) => r.type === "A");
    expect(a.map((r) => [r.name, r.records, r.zone_id]).sort()).toEqual(
      [
        "api.example.com",
        "asia-east1.api.example.com",
        "europe-west1.api.example.com",
        "us-central1.api.example.com",
      ].map((n) => [n, [address], "Z0123456789ABCDEFGHIJ"]),
    );
    expect(res(gcpGlobal, "google_dns_managed_zone")).toEqual([]);
    expect(stacks["gcp-global-global"]).toBeUndefined();
  });
});
