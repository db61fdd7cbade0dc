// The resources both check benchmarks generate: a realistic mix, about 1 in
// 100 non-compliant so the runs produce findings.
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-1"];

/**
 * A realistic mix (per 10 resources): routed records with health checks,
 * tagged topics and queues, security groups, KMS keys, alarms and a datastore.
 * About 1 in 100 is non-compliant so the run produces findings.
 */
function* resources(n) {
  for (let i = 0; i < n; i++) {
    const region = REGIONS[i % REGIONS.length];
    const provider = `aws.${region.replace(/-/g, "_")}`;
    const bad = i % 100 === 0;
    const tags = bad ? { service: "bench" } : { service: "bench", region };
    switch (i % 10) {
      case 0:
        yield [
          "aws_route53_health_check",
          `hc${i}`,
          {
            provider,
            fqdn: `h${i}.example.com`,
            type: "HTTPS",
            port: 443,
            resource_path: "/healthz",
            request_interval: 10,
            failure_threshold: bad ? 1 : 2,
            tags,
          },
        ];
        break;
      case 1:
        yield [
          "aws_route53_record",
          `r${i}`,
          {
            provider,
            zone_id: "Z0123456789ABCDEFGHIJ",
            name: `n${Math.floor(i / 30)}.example.com`,
            type: "A",
            ttl: bad ? 300 : 30,
            records: [`192.0.2.${i % 250}`],
            set_identifier: region,
            health_check_id: `\${aws_route53_health_check.hc${i - 1}.id}`,
            latency_routing_policy: { region },
          },
        ];
        break;
      case 2:
        yield [
          "aws_sns_topic",
          `t${i}`,
          { provider, name: `topic-${i}`, kms_master_key_id: "alias/aws/sns", tags },
        ];
        break;
      case 3:
        yield [
          "aws_sqs_queue",
          `q${i}`,
          { provider, name: `queue-${i}`, sqs_managed_sse_enabled: true, tags },
        ];
        break;
      case 4:
        yield [
          "aws_security_group",
          `sg${i}`,
          {
            provider,
            name: `sg-${i}`,
            vpc_id: "vpc-0123456789abcdef0",
            ingress: [
              {
                from_port: 443,
                to_port: 443,
                protocol: "tcp",
                cidr_blocks: [bad ? "0.0.0.0/0" : "10.0.0.0/8"],
              },
            ],
            tags,
          },
        ];
        break;
      case 5:
        yield [
          "aws_kms_key",
          `k${i}`,
          { provider, description: `key ${i}`, enable_key_rotation: true, deletion_window_in_days: 30, tags },
        ];
        break;
      case 6:
        yield [
          "aws_cloudwatch_metric_alarm",
          `a${i}`,
          {
            provider,
            alarm_name: `alarm-${i}`,
            namespace: "AWS/RDS",
            metric_name: "AuroraGlobalDBReplicationLag",
            statistic: "Maximum",
            period: 60,
            evaluation_periods: 3,
            threshold: 5000,
            comparison_operator: "GreaterThanThreshold",
            tags,
          },
        ];
        break;
      case 7:
        yield [
          "aws_dynamodb_table",
          `d${i}`,
          {
            provider,
            name: `table-${i}`,
            billing_mode: "PAY_PER_REQUEST",
            hash_key: "id",
            attribute: [{ name: "id", type: "S" }],
            deletion_protection_enabled: true,
            point_in_time_recovery: { enabled: !bad },
            server_side_encryption: { enabled: true, kms_key_arn: `\${aws_kms_key.k${i - 2}.arn}` },
            tags,
          },
        ];
        break;
      case 8:
        yield [
          "aws_lb_listener",
          `l${i}`,
          {
            provider,
            load_balancer_arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1",
            port: 443,
            protocol: "HTTPS",
            ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            certificate_arn: "arn:aws:acm:us-east-1:123456789012:certificate/x",
            default_action: {
              type: "forward",
              target_group_arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1",
            },
            tags,
          },
        ];
        break;
      default:
        yield [
          "aws_budgets_budget",
          `b${i}`,
          {
            provider,
            name: `budget-${i}`,
            budget_type: "COST",
            limit_amount: "100",
            limit_unit: "USD",
            time_unit: "MONTHLY",
            notification: [
              {
                comparison_operator: "GREATER_THAN",
                threshold: 80,
                threshold_type: "PERCENTAGE",
                notification_type: "FORECASTED",
                subscriber_email_addresses: ["oncall@example.com"],
              },
            ],
            cost_filter: [{ name: "Region", values: [region] }],
            tags,
          },
        ];
    }
  }
}

module.exports = { REGIONS, resources };
