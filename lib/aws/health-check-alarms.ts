import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import { describeWithRunbook } from "../operate/runbooks/links";
import { addAlertTopic } from "./alert-topic";

/** A Route 53 health check to alarm on. */
export interface AlarmedHealthCheck {
  /** Stable key, e.g. `aws-us-east-1`: part of the alarm name and construct id. */
  readonly key: string;
  /** The health check's id (a reference in the same stack). */
  readonly healthCheckId: string;
  /** What it probes, for the alarm description. */
  readonly fqdn: string;
}

export interface HealthCheckAlarmsProps {
  /**
   * A provider for **us-east-1**: Route 53 publishes `HealthCheckStatus` only
   * there, so the alarms and their topic live there whatever the regions.
   */
  readonly provider: TerraformProvider;
  /** The provider's region; anything but us-east-1 is refused. */
  readonly region: string;
  /** Alarm-name prefix and SNS topic name. */
  readonly name: string;
  /** A key in us-east-1 that CloudWatch alarms may use (encrypts the topic). */
  readonly kmsKeyArn: string;
  /** Who is paged: each gets an e-mail subscription (confirmed by hand once). */
  readonly alertEmails: readonly string[];
  readonly healthChecks: readonly AlarmedHealthCheck[];
  /** The runbook its alarms link to (`lib/operate/runbooks`). @default - no link */
  readonly runbookUrl?: string;
  /** Consecutive one-minute periods unhealthy before paging. @default 1 */
  readonly evaluationPeriods?: number;
}

/**
 * One CloudWatch alarm per Route 53 health check (`HealthCheckStatus`
 * minimum below 1 = the checkers see the region down), paging an encrypted
 * SNS topic with e-mail subscriptions, with OK notifications when it recovers.
 * Missing data counts as down: a check that stops reporting is not healthy.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
 */
export class HealthCheckAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};

  constructor(scope: Construct, id: string, props: HealthCheckAlarmsProps) {
    super(scope, id);
    const provider = props.provider;
    if (props.region !== "us-east-1") {
      throw invalidProp(
        this,
        "Route 53 health-check metrics exist only in us-east-1",
        props.region,
        "a provider for us-east-1",
      );
    }
    if (props.alertEmails.length === 0) {
      throw invalidProp(
        this,
        "health-check alarms need someone to page",
        "no alertEmails",
        "one or more e-mail addresses",
      );
    }
    this.topic = addAlertTopic(this, {
      provider,
      name: props.name,
      kmsKeyArn: props.kmsKeyArn,
      alertEmails: props.alertEmails,
    });
    for (const hc of props.healthChecks) {
      if (this.alarms[hc.key] !== undefined) {
        throw invalidProp(this, "health check listed twice", hc.key, "unique keys");
      }
      this.alarms[hc.key] = new CloudwatchMetricAlarm(this, `${hc.key}-Unhealthy`, {
        provider,
        alarmName: `${props.name}-${hc.key}-unhealthy`,
        alarmDescription: describeWithRunbook(
          `Route 53 health checkers see ${hc.fqdn} down: the region is out of rotation`,
          props.runbookUrl,
        ),
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: hc.healthCheckId },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: props.evaluationPeriods ?? 1,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
        alarmActions: [this.topic.arn],
        okActions: [this.topic.arn],
      });
    }
  }
}
