import { CertificateManagerCertificate } from "@cdktf/provider-google/lib/certificate-manager-certificate";
import { CertificateManagerCertificateMap } from "@cdktf/provider-google/lib/certificate-manager-certificate-map";
import { CertificateManagerCertificateMapEntry } from "@cdktf/provider-google/lib/certificate-manager-certificate-map-entry";
import { CertificateManagerDnsAuthorization } from "@cdktf/provider-google/lib/certificate-manager-dns-authorization";
import { ComputeBackendService } from "@cdktf/provider-google/lib/compute-backend-service";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeGlobalForwardingRule } from "@cdktf/provider-google/lib/compute-global-forwarding-rule";
import { ComputeHealthCheck } from "@cdktf/provider-google/lib/compute-health-check";
import { ComputeSecurityPolicy } from "@cdktf/provider-google/lib/compute-security-policy";
import { ComputeSslPolicy } from "@cdktf/provider-google/lib/compute-ssl-policy";
import { ComputeTargetHttpProxy } from "@cdktf/provider-google/lib/compute-target-http-proxy";
import { ComputeTargetHttpsProxy } from "@cdktf/provider-google/lib/compute-target-https-proxy";
import { ComputeUrlMap } from "@cdktf/provider-google/lib/compute-url-map";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import { GCP_LB_PROBE } from "../core/failover-time";

/** A gcp region behind the load balancer. */
export interface LoadBalancedRegion {
  /** Stable key, e.g. `gcp-europe-west1`; used in construct ids. */
  readonly key: string;
  /** The region's own hostname: a host rule pins it to this region's backends. */
  readonly hostname: string;
  /** Zones holding the workload's network endpoint groups. */
  readonly zones: readonly string[];
}

/**
 * A request whose `header` is `value` goes elsewhere than the nearest
 * region: to the backends of one region behind this load balancer
 * (`regionKey`), or, for a region it does not serve, a 307 redirect to
 * `redirectHost` (method and body kept). Exactly one of the two.
 */
export interface HeaderRoute {
  readonly header: string;
  readonly value: string;
  /** Key of a region of `regions`, e.g. `gcp-europe-west1`. */
  readonly regionKey?: string;
  /** A hostname another load balancer serves, e.g. `us-east-1.api.example.com`. */
  readonly redirectHost?: string;
}

export interface GcpGlobalLoadBalancerProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** Prefix of every resource name, e.g. `shop`. */
  readonly name: string;
  /** The global name, e.g. `api.example.com`; the certificate covers it and its subdomains. */
  readonly domain: string;
  readonly regions: readonly LoadBalancedRegion[];
  /** Name of the standalone NEG GKE creates for the workload in each zone. */
  readonly negName: string;
  /**
   * Whether the backend services name the NEGs. GKE creates them only once
   * the workload's Service exists, and a backend naming a missing NEG fails
   * to apply: the first deploy leaves the backend services empty.
   * @default true
   */
  readonly attachBackends?: boolean;
  /** Health check path served by the workload, e.g. `/healthz`. */
  readonly healthCheckPath: string;
  /**
   * Requests per second one endpoint is sized for; the balancer spills over
   * to the next region beyond it.
   * @default 100
   */
  readonly maxRatePerEndpoint?: number;
  /**
   * Requests one client IP may send per minute before Cloud Armor answers 429.
   * @default 6000
   */
  readonly rateLimitPerMinute?: number;
  /**
   * Header routes (primary-per-shard: the shard header to the owner
   * region), on the global name and on every regional hostname except the
   * route's own region, whose backends serve it already.
   * @default - none
   */
  readonly headerRoutes?: readonly HeaderRoute[];
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A global external Application Load Balancer (Envoy based,
 * EXTERNAL_MANAGED) in front of every gcp region: one anycast address, TLS
 * 1.2+ with a Google-managed certificate (DNS authorization, so it issues
 * while latency routing still points elsewhere), HTTP redirected to HTTPS.
 * The global name goes to the nearest healthy region; each regional hostname
 * is pinned to its own region so an outside health check (Route 53) sees
 * that region alone. Backend services check health, eject failing
 * endpoints (outlier detection) and sit behind a Cloud Armor policy
 * (adaptive DDoS protection, a per-client rate limit).
 * @see https://cloud.google.com/load-balancing/docs/https
 */
export class GcpGlobalLoadBalancer extends Construct {
  readonly address: ComputeGlobalAddress;
  readonly backendService: ComputeBackendService;
  readonly regionalBackendServices: Readonly<Record<string, ComputeBackendService>>;
  /** The CNAME the certificate's DNS authorization needs; publish it in the domain's zone. */
  readonly dnsAuthorization: CertificateManagerDnsAuthorization;

  constructor(scope: Construct, id: string, props: GcpGlobalLoadBalancerProps) {
    super(scope, id);
    const { provider, project, name } = props;
    const labels = { ...(props.labels ?? {}) };

    this.address = new ComputeGlobalAddress(this, "Address", {
      provider,
      project,
      name: `${name}-lb`,
      addressType: "EXTERNAL",
      ipVersion: "IPV4",
      labels,
    });
    const healthCheck = new ComputeHealthCheck(this, "HealthCheck", {
      provider,
      project,
      name: `${name}-lb`,
      checkIntervalSec: GCP_LB_PROBE.intervalSeconds,
      timeoutSec: 5,
      healthyThreshold: 2,
      unhealthyThreshold: GCP_LB_PROBE.failureThreshold,
      httpHealthCheck: { portSpecification: "USE_SERVING_PORT", requestPath: props.healthCheckPath },
      logConfig: { enable: true },
    });
    // Cloud Armor: adaptive layer-7 DDoS protection and a per-client rate limit.
    const securityPolicy = new ComputeSecurityPolicy(this, "SecurityPolicy", {
      provider,
      project,
      name: `${name}-lb`,
      type: "CLOUD_ARMOR",
      adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true } },
      rule: [
        {
          action: "throttle",
          priority: 1000,
          description: "Per-client rate limit",
          match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
          rateLimitOptions: {
            conformAction: "allow",
            exceedAction: "deny(429)",
            enforceOnKey: "IP",
            rateLimitThreshold: { count: props.rateLimitPerMinute ?? 6000, intervalSec: 60 },
          },
        },
        {
          action: "allow",
          priority: 2147483647,
          description: "Default rule",
          match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
        },
      ],
    });
    const attach = props.attachBackends ?? true;
    const backends = (regions: readonly LoadBalancedRegion[]) =>
      (attach ? regions : []).flatMap((r) =>
        r.zones.map((zone) => ({
          group: `projects/${project}/zones/${zone}/networkEndpointGroups/${props.negName}`,
          balancingMode: "RATE",
          maxRatePerEndpoint: props.maxRatePerEndpoint ?? 100,
          capacityScaler: 1,
        })),
      );
    const backendService = (id: string, serviceName: string, regions: readonly LoadBalancedRegion[]) =>
      new ComputeBackendService(this, id, {
        provider,
        project,
        name: serviceName,
        loadBalancingScheme: "EXTERNAL_MANAGED",
        protocol: "HTTP",
        timeoutSec: 30,
        connectionDrainingTimeoutSec: 30,
        healthChecks: [healthCheck.id],
        securityPolicy: securityPolicy.id,
        backend: backends(regions),
        outlierDetection: {
          consecutiveErrors: 5,
          enforcingConsecutiveErrors: 100,
          interval: { seconds: 10 },
          baseEjectionTime: { seconds: 30 },
          maxEjectionPercent: 50,
        },
        logConfig: { enable: true, sampleRate: 1 },
      });
    this.backendService = backendService("Resource", `${name}-all`, props.regions);
    const regional: Record<string, ComputeBackendService> = {};
    for (const r of props.regions)
      regional[r.key] = backendService(`Backend-${r.key}`, `${name}-${r.key}`, [r]);
    this.regionalBackendServices = regional;

    const headerRoutes = props.headerRoutes ?? [];
    for (const h of headerRoutes) {
      if ((h.regionKey === undefined) === (h.redirectHost === undefined)) {
        throw invalidProp(
          this,
          "a header route needs exactly one destination",
          JSON.stringify(h),
          "regionKey or redirectHost",
        );
      }
      if (h.regionKey !== undefined && regional[h.regionKey] === undefined) {
        throw invalidProp(
          this,
          "a header route names a region this load balancer does not serve",
          h.regionKey,
          `one of ${props.regions.map((r) => r.key).join(", ")}`,
        );
      }
    }
    // Route rules of one path matcher: priorities are the routes' order, so the same input gives the same map.
    const routeRules = (exceptRegion?: string) =>
      headerRoutes
        .map((h, i) => ({ h, priority: i + 1 }))
        .filter(({ h }) => h.regionKey === undefined || h.regionKey !== exceptRegion)
        .map(({ h, priority }) => ({
          priority,
          matchRules: [{ prefixMatch: "/", headerMatches: [{ headerName: h.header, exactMatch: h.value }] }],
          ...(h.regionKey !== undefined
            ? { service: regional[h.regionKey]!.id }
            : {
                urlRedirect: {
                  hostRedirect: h.redirectHost!,
                  redirectResponseCode: "TEMPORARY_REDIRECT",
                  stripQuery: false,
                },
              }),
        }));
    const withRoutes = (rules: ReturnType<typeof routeRules>) =>
      rules.length > 0 ? { routeRules: rules } : {};
    const urlMap = new ComputeUrlMap(this, "UrlMap", {
      provider,
      project,
      name: `${name}-lb`,
      defaultService: this.backendService.id,
      hostRule: [
        ...props.regions.map((r) => ({ hosts: [r.hostname], pathMatcher: r.key })),
        // The global name gets its own matcher only when it has routes of its own.
        ...(headerRoutes.length > 0 ? [{ hosts: [props.domain], pathMatcher: "global" }] : []),
      ],
      pathMatcher: [
        ...props.regions.map((r) => ({
          name: r.key,
          defaultService: regional[r.key]!.id,
          ...withRoutes(routeRules(r.key)),
        })),
        ...(headerRoutes.length > 0
          ? [{ name: "global", defaultService: this.backendService.id, ...withRoutes(routeRules()) }]
          : []),
      ],
    });

    this.dnsAuthorization = new CertificateManagerDnsAuthorization(this, "DnsAuthorization", {
      provider,
      project,
      name: `${name}-lb`,
      domain: props.domain,
      labels,
    });
    const certificate = new CertificateManagerCertificate(this, "Certificate", {
      provider,
      project,
      name: `${name}-lb`,
      managed: {
        domains: [props.domain, `*.${props.domain}`],
        dnsAuthorizations: [this.dnsAuthorization.id],
      },
      labels,
    });
    const certificateMap = new CertificateManagerCertificateMap(this, "CertificateMap", {
      provider,
      project,
      name: `${name}-lb`,
      labels,
    });
    new CertificateManagerCertificateMapEntry(this, "CertificateMapEntry", {
      provider,
      project,
      name: `${name}-lb`,
      map: certificateMap.name,
      certificates: [certificate.id],
      matcher: "PRIMARY",
      labels,
    });
    const sslPolicy = new ComputeSslPolicy(this, "SslPolicy", {
      provider,
      project,
      name: `${name}-lb`,
      minTlsVersion: "TLS_1_2",
      profile: "MODERN",
    });
    const httpsProxy = new ComputeTargetHttpsProxy(this, "HttpsProxy", {
      provider,
      project,
      name: `${name}-lb`,
      urlMap: urlMap.id,
      certificateMap: `//certificatemanager.googleapis.com/${certificateMap.id}`,
      sslPolicy: sslPolicy.id,
    });
    new ComputeGlobalForwardingRule(this, "HttpsForwardingRule", {
      provider,
      project,
      name: `${name}-lb-https`,
      target: httpsProxy.id,
      ipAddress: this.address.id,
      ipProtocol: "TCP",
      portRange: "443",
      loadBalancingScheme: "EXTERNAL_MANAGED",
      labels,
    });

    const redirect = new ComputeUrlMap(this, "HttpRedirect", {
      provider,
      project,
      name: `${name}-lb-redirect`,
      defaultUrlRedirect: {
        httpsRedirect: true,
        stripQuery: false,
        redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT",
      },
    });
    const httpProxy = new ComputeTargetHttpProxy(this, "HttpProxy", {
      provider,
      project,
      name: `${name}-lb-redirect`,
      urlMap: redirect.id,
    });
    new ComputeGlobalForwardingRule(this, "HttpForwardingRule", {
      provider,
      project,
      name: `${name}-lb-http`,
      target: httpProxy.id,
      ipAddress: this.address.id,
      ipProtocol: "TCP",
      portRange: "80",
      loadBalancingScheme: "EXTERNAL_MANAGED",
      labels,
    });
  }
}
