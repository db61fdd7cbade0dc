import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import { HEALTH_CHECK_THRESHOLD_RULE, isHealthCheckThresholdOk } from "../core/limits";

/** One regional entry behind the global name. */
export interface RoutedEndpoint {
  /** Stable key, e.g. `aws-us-east-1`; the record's set identifier and construct id. */
  readonly key: string;
  /** The regional hostname the record points to and the health check probes. */
  readonly hostname: string;
  /** The AWS region nearest to the endpoint (informational; routing is weighted). */
  readonly latencyRegion: string;
  readonly cloud: string;
  /**
   * Relative share of answers, 0-255. 0 is a standby: Route 53 answers with
   * it only when every endpoint with a weight above 0 is unhealthy.
   */
  readonly weight: number;
}

/** An HTTPS health check's settings. */
export interface HttpsHealthCheck {
  readonly path: string;
  readonly port: number;
  /** Route 53 accepts 10 or 30. */
  readonly intervalSeconds: 10 | 30;
  /** Consecutive failures before unhealthy; 2 or more, so one lost probe never fails a region over. */
  readonly failureThreshold: number;
}

export interface Route53GlobalRoutingProps {
  /** Any provider of the stack (Route 53 is global). */
  readonly provider: TerraformProvider;
  /** Hosted zone that holds `domain`. */
  readonly zoneId: string;
  /** The global name, e.g. `api.example.com`. */
  readonly domain: string;
  /** TTL of the latency records; failover is at least this slow. */
  readonly ttlSeconds: number;
  readonly healthCheck: HttpsHealthCheck;
  readonly endpoints: readonly RoutedEndpoint[];
  /**
   * Write the weighted records of `domain`. Off when something else answers
   * for the name (Global Accelerator); the health checks stay for alarms.
   * @default true
   */
  readonly records?: boolean;
}

/**
 * Weighted routing of one name to every region: a CNAME per endpoint to its
 * regional hostname with the endpoint's weight, each guarded by its own HTTPS
 * health check, so an unhealthy region drops out of answers within
 * `interval * threshold + ttl`. Route 53 considers weight-0 records only
 * when every record with a weight above 0 is unhealthy: a region at weight 0
 * is a standby that takes no traffic until the others fail.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/route53_record
 */
export class Route53GlobalRouting extends Construct {
  readonly healthChecks: Record<string, Route53HealthCheck> = {};
  readonly records: Record<string, Route53Record> = {};

  constructor(scope: Construct, id: string, props: Route53GlobalRoutingProps) {
    super(scope, id);
    const hc = props.healthCheck;
    if (!isHealthCheckThresholdOk(hc.failureThreshold)) {
      throw invalidProp(
        this,
        `healthCheck.failureThreshold: ${HEALTH_CHECK_THRESHOLD_RULE.message}`,
        String(hc.failureThreshold),
        HEALTH_CHECK_THRESHOLD_RULE.expected,
      );
    }
    const weights = props.endpoints.map((e) => e.weight);
    const bad = props.endpoints.find((e) => !Number.isInteger(e.weight) || e.weight < 0 || e.weight > 255);
    if (bad !== undefined) {
      throw invalidProp(
        this,
        `endpoint ${bad.key}: weight out of range`,
        String(bad.weight),
        "a whole number from 0 to 255",
      );
    }
    if (weights.length > 0 && weights.every((w) => w === 0)) {
      throw invalidProp(
        this,
        "every endpoint has weight 0: Route 53 would spread traffic evenly, ignoring the standby intent",
        weights.join(", "),
        "at least one endpoint with a weight above 0",
      );
    }
    const seen = new Set<string>();
    for (const e of props.endpoints) {
      if (seen.has(e.key)) throw invalidProp(this, "endpoint listed twice", e.key, "unique endpoint keys");
      seen.add(e.key);
      const check = new Route53HealthCheck(this, `${e.key}-HealthCheck`, {
        provider: props.provider,
        type: "HTTPS",
        fqdn: e.hostname,
        port: hc.port,
        resourcePath: hc.path,
        requestInterval: hc.intervalSeconds,
        failureThreshold: hc.failureThreshold,
        enableSni: true,
        measureLatency: true,
        tags: { Name: `${props.domain} ${e.key}` },
      });
      this.healthChecks[e.key] = check;
      if (props.records === false) continue;
      this.records[e.key] = new Route53Record(this, `${e.key}-Record`, {
        provider: props.provider,
        zoneId: props.zoneId,
        name: props.domain,
        type: "CNAME",
        ttl: props.ttlSeconds,
        records: [e.hostname],
        setIdentifier: e.key,
        weightedRoutingPolicy: { weight: e.weight },
        healthCheckId: check.id,
      });
    }
  }
}
