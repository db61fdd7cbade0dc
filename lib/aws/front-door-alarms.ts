import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import { describeWithRunbook } from "../operate/runbooks/links";
import { addAlertTopic } from "./alert-topic";

/** Share of requests answered 5xx (by the ALB or its targets) above which the region pages. @default */
export const DEFAULT_5XX_PERCENT = 5;

export interface FrontDoorAlarmsProps {
  /** The aliased provider of the region the ALB is in. */
  readonly provider: TerraformProvider;
  /** Name prefix, e.g. `shop-aws-eu-west-1`. */
  readonly name: string;
  /** `arn_suffix` of the region's ALB (the `LoadBalancer` dimension). */
  readonly loadBalancerArnSuffix: string;
  /** `arn_suffix` of the workload's target group (the `TargetGroup` dimension). */
  readonly targetGroupArnSuffix: string;
  /**
   * Where the alarms page: an existing topic of this region (the replication
   * alarms' topic), or a new one encrypted with the region key.
   */
  readonly topic:
    | { readonly arn: string }
    | { readonly kmsKeyArn: string; readonly alertEmails: readonly string[] };
  /** @default DEFAULT_5XX_PERCENT */
  readonly max5xxPercent?: number;
  /** Consecutive one-minute periods before alarming. @default 3 */
  readonly evaluationPeriods?: number;
  /** The runbook each alarm links to (`lib/operate/runbooks`). @default - no link */
  readonly runbookUrls?: { readonly errorRate?: string; readonly noHealthyTargets?: string };
}

/**
 * Alarms in a region on its own front door, paging that region's topic: the
 * Route 53 health-check alarms live in us-east-1 only, so when us-east-1
 * (or the writer region) is the one failing, these are what still page.
 * - `5xx`: (HTTPCode_ELB_5XX_Count + HTTPCode_Target_5XX_Count) / RequestCount
 *   above `max5xxPercent`; no traffic is not an error (missing: not breaching).
 * - `no-healthy-targets`: minimum HealthyHostCount of the target group below
 *   1; missing data breaches, since a target group with nothing registered
 *   (or an ALB gone) reports nothing.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export class FrontDoorAlarms extends Construct {
  readonly topicArn: string;
  readonly errorRate: CloudwatchMetricAlarm;
  readonly noHealthyTargets: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: FrontDoorAlarmsProps) {
    super(scope, id);
    const provider = props.provider;
    const percent = props.max5xxPercent ?? DEFAULT_5XX_PERCENT;
    if (!(percent > 0 && percent < 100)) {
      throw invalidProp(
        this,
        "max5xxPercent is not a share of requests",
        String(percent),
        "above 0, below 100",
      );
    }
    this.topicArn =
      "arn" in props.topic
        ? props.topic.arn
        : addAlertTopic(this, {
            provider,
            name: `${props.name}-front-door-alarms`,
            kmsKeyArn: props.topic.kmsKeyArn,
            alertEmails: props.topic.alertEmails,
          }).arn;
    const common = {
      provider,
      evaluationPeriods: props.evaluationPeriods ?? 3,
      alarmActions: [this.topicArn],
      okActions: [this.topicArn],
    };
    const alb = (metricName: string, extra: Record<string, string> = {}) => ({
      namespace: "AWS/ApplicationELB",
      metricName,
      period: 60,
      stat: "Sum",
      dimensions: { LoadBalancer: props.loadBalancerArnSuffix, ...extra },
    });
    this.errorRate = new CloudwatchMetricAlarm(this, "ErrorRate", {
      ...common,
      alarmName: `${props.name}-front-door-5xx`,
      alarmDescription: describeWithRunbook(
        `More than ${percent} % of the requests to ${props.name}'s load balancer answered 5xx (by the ALB or its targets) for ${common.evaluationPeriods} minutes`,
        props.runbookUrls?.errorRate,
      ),
      comparisonOperator: "GreaterThanThreshold",
      threshold: percent,
      treatMissingData: "notBreaching",
      metricQuery: [
        { id: "elb5xx", metric: alb("HTTPCode_ELB_5XX_Count") },
        { id: "target5xx", metric: alb("HTTPCode_Target_5XX_Count") },
        { id: "requests", metric: alb("RequestCount") },
        {
          id: "share",
          label: "5xx share of requests (%)",
          // A period without 5xx has no datapoint: count it as 0; without requests, no share.
          expression: "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
          returnData: true,
        },
      ],
    });
    this.noHealthyTargets = new CloudwatchMetricAlarm(this, "NoHealthyTargets", {
      ...common,
      alarmName: `${props.name}-front-door-no-healthy-targets`,
      alarmDescription: describeWithRunbook(
        `No healthy target behind ${props.name}'s load balancer for ${common.evaluationPeriods} minutes: the region serves nothing`,
        props.runbookUrls?.noHealthyTargets,
      ),
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      namespace: "AWS/ApplicationELB",
      metricName: "HealthyHostCount",
      dimensions: { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: props.targetGroupArnSuffix },
      statistic: "Minimum",
      period: 60,
      treatMissingData: "breaching",
    });
  }
}
