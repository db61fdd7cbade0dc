import { AccessLogBucket } from "../../lib/aws/access-log-bucket";
import { GlobalAccelerator, trafficDials } from "../../lib/aws/global-accelerator";
import { HealthCheckAlarms } from "../../lib/aws/health-check-alarms";
import { RegionalCertificate } from "../../lib/aws/regional-certificate";
import { RegionalLoadBalancer, type RegionalLoadBalancerProps } from "../../lib/aws/regional-load-balancer";
import { only, resources, synthWithProvider } from "./synth";

const lbProps: Omit<RegionalLoadBalancerProps, "provider"> = {
  name: "shop-aws-eu-west-1",
  vpcId: "vpc-1",
  publicSubnetIds: ["subnet-a", "subnet-b"],
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
  accessLogs: { bucket: "logs", prefix: "alb" },
  zoneId: "Z0123456789ABCDEFGHIJ",
  hostname: "eu-west-1.api.example.com",
};

describe("RegionalLoadBalancer", () => {
  test("GIVEN no target THEN the HTTPS listener answers 503 and no target group or pod rule exists", () => {
    const json = synthWithProvider(
      (s, provider) => new RegionalLoadBalancer(s, "Lb", { provider, ...lbProps }),
    );
    expect(resources(json, "aws_lb_target_group")).toEqual([]);
    expect(resources(json, "aws_vpc_security_group_egress_rule")).toEqual([]);
    const https = resources(json, "aws_lb_listener").find((l) => l.port === 443)!;
    expect(https.default_action).toEqual([
      {
        type: "fixed-response",
        fixed_response: { content_type: "text/plain", status_code: "503", message_body: "no workload" },
      },
    ]);
    expect(only(json, "aws_lb")).toMatchObject({ enable_deletion_protection: true, internal: false });
  });

  test("GIVEN deletionProtection false THEN it survives (false is a real value)", () => {
    const json = synthWithProvider(
      (s, provider) => new RegionalLoadBalancer(s, "Lb", { provider, ...lbProps, deletionProtection: false }),
    );
    expect(only(json, "aws_lb").enable_deletion_protection).toBe(false);
  });

  test.each([
    [
      { name: "x".repeat(33) },
      "stack/Lb: name is not a valid load balancer name (found xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ],
    [
      { publicSubnetIds: ["subnet-a"] },
      "stack/Lb: an ALB needs subnets in two or more zones (found 1 subnet(s)",
    ],
    [
      {
        target: { targetGroupName: "-bad", port: 8080, healthCheckPath: "/", podSecurityGroupId: "sg-1" },
      },
      "stack/Lb: target.targetGroupName is not a valid target group name (found -bad",
    ],
  ])("GIVEN %j THEN construction fails with the path, found and expected", (bad, message) => {
    expect(() =>
      synthWithProvider((s, provider) => new RegionalLoadBalancer(s, "Lb", { provider, ...lbProps, ...bad })),
    ).toThrow(message);
  });
});

describe("RegionalCertificate", () => {
  test("GIVEN a name twice THEN construction fails", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new RegionalCertificate(s, "Cert", {
            provider,
            domainName: "api.example.com",
            alternativeNames: ["api.example.com"],
            zoneId: "Z1",
          }),
      ),
    ).toThrow(
      "stack/Cert: a name is listed twice (found api.example.com, api.example.com, expected distinct names)",
    );
  });
});

describe("AccessLogBucket", () => {
  test("GIVEN a region opened after August 2022 THEN only the log-delivery service principal may write", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new AccessLogBucket(s, "Logs", {
          provider,
          region: "ap-south-2",
          bucketPrefix: "shop-logs-",
          prefix: "alb",
        }),
    );
    const policy = JSON.parse(only(json, "aws_s3_bucket_policy").policy as string);
    expect(policy.Statement.filter((x: { Effect: string }) => x.Effect === "Allow")).toEqual([
      expect.objectContaining({ Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" } }),
    ]);
    expect(only(json, "aws_s3_bucket")).toMatchObject({ bucket_prefix: "shop-logs-", force_destroy: false });
  });

  test.each([
    [{ bucketPrefix: "Shop" }, "bucketPrefix is not a valid S3 bucket name prefix"],
    [{ prefix: "AWSLogs" }, "prefix must not contain AWSLogs"],
  ])("GIVEN %j THEN construction fails", (bad, message) => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new AccessLogBucket(s, "Logs", {
            provider,
            region: "eu-west-1",
            bucketPrefix: "shop-",
            prefix: "alb",
            ...bad,
          }),
      ),
    ).toThrow(message);
  });
});

describe("HealthCheckAlarms", () => {
  test("GIVEN a provider outside us-east-1 THEN construction fails: the metrics are not there", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new HealthCheckAlarms(s, "Alarms", {
            provider,
            region: "eu-west-1",
            name: "shop-routing-health",
            kmsKeyArn: "k",
            alertEmails: ["a@example.com"],
            healthChecks: [],
          }),
      ),
    ).toThrow("stack/Alarms: Route 53 health-check metrics exist only in us-east-1 (found eu-west-1");
  });
});

describe("GlobalAccelerator", () => {
  const regions = [
    { key: "aws-us-east-1", region: "us-east-1", loadBalancerArn: "arn:lb1", weight: 0 },
    { key: "aws-eu-west-1", region: "eu-west-1", loadBalancerArn: "arn:lb2", weight: 0 },
  ];
  test("GIVEN every weight 0 THEN construction fails: it would serve nothing", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new GlobalAccelerator(s, "Acc", {
            provider,
            name: "shop",
            zoneId: "Z1",
            domain: "api.example.com",
            healthCheck: { path: "/healthz", port: 443, intervalSeconds: 10, failureThreshold: 3 },
            regions,
          }),
      ),
    ).toThrow("stack/Acc: every region has weight 0: the accelerator would serve nothing (found 0, 0");
  });

  test("GIVEN weights THEN dials scale to the heaviest region, 0 stays 0", () => {
    expect(trafficDials([255, 128, 0])).toEqual([100, 50, 0]);
    expect(trafficDials([0, 0])).toEqual([0, 0]);
  });
});

describe("RegionalLoadBalancer health-check port", () => {
  test("GIVEN health checks on 8443 THEN a second HTTPS listener serves them, open like 443", () => {
    const json = synthWithProvider(
      (s, provider) => new RegionalLoadBalancer(s, "Lb", { provider, ...lbProps, healthCheckPort: 8443 }),
    );
    const listeners = resources(json, "aws_lb_listener");
    expect(listeners.map((l) => [l.port, l.protocol]).sort()).toEqual([
      [443, "HTTPS"],
      [80, "HTTP"],
      [8443, "HTTPS"],
    ]);
    const ports = resources(json, "aws_vpc_security_group_ingress_rule").map((r) => r.from_port);
    expect(ports.sort()).toEqual([443, 80, 8443]);
  });
});
