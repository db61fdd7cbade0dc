import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { trafficDials } from "../../lib/aws/global-accelerator";
import { DEFAULT_SSL_POLICY } from "../../lib/aws/regional-load-balancer";
import { loadBlueprintFile, resolveBlueprint } from "../../lib/blueprint/load";
import { awsTargetGroupName, regionalHostname } from "../../lib/core/names";
import { renderManifests } from "../../lib/k8s/synth";
import type { StackJson } from "../aws/synth";
import { minimalBlueprint } from "../helpers/blueprints";
import { runCli } from "../helpers/run-cli";
import { DEFAULT_BLUEPRINT, synthBlueprint } from "./helpers";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => path.join("blueprints", f));

type Body = Record<string, any>;
const bodies = (json: StackJson, type: string): [string, Body][] =>
  Object.entries(json.resource?.[type] ?? {}) as [string, Body][];
const one = (json: StackJson, type: string): [string, Body] => {
  const found = bodies(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
};
const sorted = <T extends unknown[]>(rows: T[]): T[] =>
  [...rows].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;

describe("GIVEN the default blueprint WHEN synthesized", () => {
  const b = loadBlueprintFile(DEFAULT_BLUEPRINT);
  const { stacks } = synthBlueprint(b);
  const awsRegions = b.regions.filter((r) => r.cloud === "aws");

  test.each(awsRegions.map((r) => [r.region, r] as const))(
    "THEN %s has an internet-facing ALB in its public subnets, HTTPS with TLS 1.2+, HTTP redirected, access logs on",
    (_, r) => {
      const stack = stacks[`global-saas-${r.key}`]!;
      const [lbName, lb] = one(stack, "aws_lb");
      expect(lb).toMatchObject({
        name: `global-saas-${r.key}`,
        load_balancer_type: "application",
        internal: false,
        drop_invalid_header_fields: true,
        access_logs: { enabled: true, prefix: "alb" },
      });
      const publicSubnets = bodies(stack, "aws_subnet")
        .filter(([, s]) => String(s.tags?.Name).includes("-public-"))
        .map(([name]) => ref("aws_subnet", name, "id"));
      expect(publicSubnets).toHaveLength(3);
      expect(lb.subnets).toEqual(publicSubnets);

      const listeners = bodies(stack, "aws_lb_listener").map(([, l]) => l);
      const https = listeners.find((l) => l.port === 443)!;
      const http = listeners.find((l) => l.port === 80)!;
      expect(https).toMatchObject({ protocol: "HTTPS", ssl_policy: DEFAULT_SSL_POLICY });
      expect(DEFAULT_SSL_POLICY).toMatch(/^ELBSecurityPolicy-TLS13-1-2-/);
      const [validationName] = one(stack, "aws_acm_certificate_validation");
      expect(https.certificate_arn).toBe(
        ref("aws_acm_certificate_validation", validationName, "certificate_arn"),
      );
      expect(https.load_balancer_arn).toBe(ref("aws_lb", lbName, "arn"));
      expect(http).toMatchObject({
        protocol: "HTTP",
        default_action: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } },
        ],
      });
    },
  );

  test.each(awsRegions.map((r) => [r.region, r] as const))(
    "THEN %s has a certificate for <region>.<domain> and <domain>, DNS-validated in the blueprint's zone",
    (_, r) => {
      const stack = stacks[`global-saas-${r.key}`]!;
      const [certName, cert] = one(stack, "aws_acm_certificate");
      expect(cert).toMatchObject({
        domain_name: `${r.region}.api.example.com`,
        subject_alternative_names: ["api.example.com"],
        validation_method: "DNS",
      });
      const [recordsName, records] = bodies(stack, "aws_route53_record").find(([, x]) => x.for_each)!;
      expect(records.for_each).toBe(`\${toset(["${r.region}.api.example.com", "api.example.com"])}`);
      expect(records).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ", allow_overwrite: true });
      expect(records.name).toContain(`aws_acm_certificate.${certName}.domain_validation_options`);
      const [, validation] = one(stack, "aws_acm_certificate_validation");
      expect(validation.certificate_arn).toBe(ref("aws_acm_certificate", certName, "arn"));
      expect(validation.validation_record_fqdns).toContain(`aws_route53_record.${recordsName}`);
    },
  );

  test.each(awsRegions.map((r) => [r.region, r] as const))(
    "THEN %s serves <region>.<domain> as an alias of its ALB that evaluates target health",
    (_, r) => {
      const stack = stacks[`global-saas-${r.key}`]!;
      const [lbName] = one(stack, "aws_lb");
      const alias = bodies(stack, "aws_route53_record").find(([, x]) => x.alias)![1];
      expect(alias).toMatchObject({
        zone_id: "Z0123456789ABCDEFGHIJ",
        name: regionalHostname(b, r),
        type: "A",
        alias: {
          name: ref("aws_lb", lbName, "dns_name"),
          zone_id: ref("aws_lb", lbName, "zone_id"),
          evaluate_target_health: true,
        },
      });
    },
  );

  test("THEN access logs go to a private, versioned, encrypted bucket that ELB log delivery may write", () => {
    const stack = stacks["global-saas-aws-eu-west-1"]!;
    const [bucketName] = one(stack, "aws_s3_bucket");
    const bucket = ref("aws_s3_bucket", bucketName, "id");
    expect(one(stack, "aws_s3_bucket_public_access_block")[1]).toMatchObject({
      bucket,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(one(stack, "aws_s3_bucket_versioning")[1]).toMatchObject({
      bucket,
      versioning_configuration: { status: "Enabled" },
    });
    expect(one(stack, "aws_s3_bucket_server_side_encryption_configuration")[1]).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
    });
    const [policyName, policy] = one(stack, "aws_s3_bucket_policy");
    const doc = JSON.parse(policy.policy);
    const principals = doc.Statement.filter((s: Body) => s.Effect === "Allow").map((s: Body) => s.Principal);
    expect(principals).toEqual([
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      { AWS: "arn:aws:iam::156460612806:root" }, // eu-west-1's ELB account
    ]);
    expect(doc.Statement.find((s: Body) => s.Effect === "Deny").Condition).toEqual({
      Bool: { "aws:SecureTransport": "false" },
    });
    // The load balancer waits for the policy (it reads the name through it).
    expect(one(stack, "aws_lb")[1].access_logs.bucket).toBe(
      ref("aws_s3_bucket_policy", policyName, "bucket"),
    );
  });

  test("THEN the target group holds pod IPs, health-checked on the readiness path, reachable only on the workload port", () => {
    const r = awsRegions[0]!;
    const stack = stacks[`global-saas-${r.key}`]!;
    const [tgName, tg] = one(stack, "aws_lb_target_group");
    expect(tg).toMatchObject({
      name: awsTargetGroupName(b, r, "api"),
      target_type: "ip",
      protocol: "HTTP",
      port: 8080,
      health_check: { path: "/healthz", protocol: "HTTP", port: "traffic-port" },
      tags: { "eks:eks-cluster-name": "global-saas-aws-us-east-1" },
    });
    const https = bodies(stack, "aws_lb_listener").find(([, l]) => l.port === 443)![1];
    expect(https.default_action).toEqual([
      { type: "forward", target_group_arn: ref("aws_lb_target_group", tgName, "arn") },
    ]);
    const [sgName] = bodies(stack, "aws_security_group").find(([, s]) => String(s.name).endsWith("-alb"))!;
    const [clusterName] = one(stack, "aws_eks_cluster");
    const clusterSg = `\${aws_eks_cluster.${clusterName}.vpc_config[0].cluster_security_group_id}`;
    const ingress = bodies(stack, "aws_vpc_security_group_ingress_rule").map(([, x]) => x);
    expect(ingress).toContainEqual(
      expect.objectContaining({
        security_group_id: clusterSg,
        referenced_security_group_id: ref("aws_security_group", sgName, "id"),
        from_port: 8080,
        to_port: 8080,
      }),
    );
    const egress = bodies(stack, "aws_vpc_security_group_egress_rule").map(([, x]) => x);
    expect(egress).toEqual([
      expect.objectContaining({
        security_group_id: ref("aws_security_group", sgName, "id"),
        referenced_security_group_id: clusterSg,
        from_port: 8080,
        to_port: 8080,
      }),
    ]);
  });

  test("THEN the stack outputs the target group's ARN for spec.regions[].targetGroupArn, not a manifest", () => {
    const stack = stacks["global-saas-aws-us-east-1"] as StackJson & { output?: Record<string, Body> };
    const [tgName] = one(stack, "aws_lb_target_group");
    expect(stack.output?.target_group_arn_api?.value).toBe(`\${aws_lb_target_group.${tgName}.arn}`);
    // The binding is synth's job (dist/k8s), so a later synth cannot drop it.
    expect(stack.output?.target_group_binding_api).toBeUndefined();
  });

  test("THEN the AppProject admits the TargetGroupBinding kind", () => {
    const project = renderManifests(b)
      .get("gitops/project.yaml")
      ?.find((d) => d.kind === "AppProject") as Body | undefined;
    const docs = [...renderManifests(b).entries()]
      .filter(([f]) => f.startsWith("gitops/"))
      .flatMap(([, d]) => d);
    const appProject = (project ?? docs.find((d) => d.kind === "AppProject")) as Body;
    expect(appProject.spec.namespaceResourceWhitelist).toContainEqual({
      group: "eks.amazonaws.com",
      kind: "TargetGroupBinding",
    });
  });

  test("THEN each region's health check pages the alert e-mails through an encrypted topic in us-east-1", () => {
    const g = stacks["global-saas-global"]!;
    const [topicName, topic] = one(g, "aws_sns_topic");
    expect(topic.provider).toBe("aws.us-east-1");
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key_policy\./);
    expect(bodies(g, "aws_sns_topic_subscription").map(([, s]) => [s.protocol, s.endpoint])).toEqual([
      ["email", "oncall@example.com"],
    ]);
    const checks = bodies(g, "aws_route53_health_check");
    const alarms = bodies(g, "aws_cloudwatch_metric_alarm").map(([, a]) => a);
    expect(alarms).toHaveLength(checks.length);
    for (const [checkName] of checks) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          provider: "aws.us-east-1",
          namespace: "AWS/Route53",
          metric_name: "HealthCheckStatus",
          dimensions: { HealthCheckId: ref("aws_route53_health_check", checkName, "id") },
          comparison_operator: "LessThanThreshold",
          threshold: 1,
          alarm_actions: [ref("aws_sns_topic", topicName, "arn")],
        }),
      );
    }
  });

  test("THEN the global name is routed by weight: 40/40/20 as the blueprint says", () => {
    const records = bodies(stacks["global-saas-global"]!, "aws_route53_record").map(([, r]) => r);
    expect(sorted(records.map((r) => [r.set_identifier, r.weighted_routing_policy?.weight]))).toEqual([
      ["aws-ap-southeast-1", 20],
      ["aws-eu-west-1", 40],
      ["aws-us-east-1", 40],
    ]);
  });
});

/** Every name that a routing record or health check sends clients or probes to, and every name some stack creates. */
function dnsNames(stacks: Record<string, StackJson>): { targets: Map<string, string>; created: Set<string> } {
  const targets = new Map<string, string>();
  const created = new Set<string>();
  const norm = (n: string) => n.toLowerCase().replace(/\.$/, "");
  for (const [stack, json] of Object.entries(stacks)) {
    for (const [name, hc] of bodies(json, "aws_route53_health_check")) {
      if (hc.fqdn) targets.set(norm(hc.fqdn), `${stack} aws_route53_health_check.${name}`);
    }
    for (const [name, r] of bodies(json, "aws_route53_record")) {
      if (typeof r.name === "string" && !r.name.includes("${")) created.add(norm(r.name));
      if (r.type === "CNAME" && !r.for_each) {
        for (const t of r.records ?? []) targets.set(norm(t), `${stack} aws_route53_record.${name}`);
      }
      const aliasName = r.alias?.name;
      if (typeof aliasName === "string" && !aliasName.startsWith("${")) {
        targets.set(norm(aliasName), `${stack} aws_route53_record.${name} (alias)`);
      }
    }
    for (const [, r] of bodies(json, "google_dns_record_set")) {
      if (typeof r.name === "string") created.add(norm(r.name));
    }
  }
  return { targets, created };
}

describe.each(CATALOGUE)("GIVEN catalogue blueprint %s", (file) => {
  test("THEN every name a routing record or health check targets is created by some stack", () => {
    const { stacks } = synthBlueprint(file);
    const { targets, created } = dnsNames(stacks);
    const missing = [...targets]
      .filter(([name]) => !created.has(name))
      .map(([name, by]) => `${name} (from ${by})`);
    expect(missing).toEqual([]);
  });
});

describe("GIVEN a blueprint with one region at weight 0", () => {
  const input = minimalBlueprint("dynamodb");
  input.spec.regions.push({ cloud: "aws", region: "ap-southeast-1", cidr: "10.30.0.0/16", weight: 0 });
  const b = resolveBlueprint(input);
  const { stacks } = synthBlueprint(b);

  test("THEN it is a weighted record of weight 0 with its own health check: Route 53 answers with it only when every other region is unhealthy", () => {
    const g = stacks["shop-global"]!;
    const checks = new Map(
      bodies(g, "aws_route53_health_check").map(([n, c]) => [ref("aws_route53_health_check", n, "id"), c]),
    );
    const records = bodies(g, "aws_route53_record").map(([, r]) => r);
    expect(
      sorted(
        records.map((r) => [
          r.set_identifier,
          r.weighted_routing_policy.weight,
          checks.get(r.health_check_id)?.fqdn,
        ]),
      ),
    ).toEqual([
      ["aws-ap-southeast-1", 0, "ap-southeast-1.api.example.com"],
      ["aws-eu-west-1", 100, "eu-west-1.api.example.com"],
      ["aws-us-east-1", 100, "us-east-1.api.example.com"],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({ name: "api.example.com", type: "CNAME" });
      expect(r.latency_routing_policy).toBeUndefined();
    }
  });

  test("THEN the standby region still has its full front door (it must serve when the others fail)", () => {
    const s = stacks["shop-aws-ap-southeast-1"]!;
    expect(bodies(s, "aws_lb")).toHaveLength(1);
    expect(bodies(s, "aws_acm_certificate_validation")).toHaveLength(1);
  });
});

describe("GIVEN dns.mode accelerator", () => {
  const input = minimalBlueprint("dynamodb");
  input.spec.dns.mode = "accelerator";
  input.spec.regions[0].weight = 100;
  input.spec.regions[1].weight = 50;
  input.spec.regions.push({ cloud: "aws", region: "ap-southeast-1", cidr: "10.30.0.0/16", weight: 0 });
  const b = resolveBlueprint(input);
  const { stacks, names } = synthBlueprint(b);

  test("THEN an accelerator stack after the regions has an endpoint group per region, dials from the weights", () => {
    expect(names).toContain("shop-accelerator");
    const a = stacks["shop-accelerator"]!;
    const groups = bodies(a, "aws_globalaccelerator_endpoint_group").map(([, g]) => g);
    expect(sorted(groups.map((g) => [g.endpoint_group_region, g.traffic_dial_percentage]))).toEqual([
      ["ap-southeast-1", 0],
      ["eu-west-1", 50],
      ["us-east-1", 100],
    ]);
    for (const g of groups) {
      expect(g).toMatchObject({
        health_check_protocol: "HTTPS",
        health_check_path: "/healthz",
        health_check_interval_seconds: 10,
        threshold_count: 3,
        endpoint_configuration: [expect.objectContaining({ client_ip_preservation_enabled: true })],
      });
    }
    const lbs = bodies(a, "data_aws_lb" as never);
    expect(lbs).toEqual([]); // data sources live under `data`
    const data = (a as Body).data.aws_lb as Record<string, Body>;
    expect(
      Object.values(data)
        .map((d) => d.name)
        .sort(),
    ).toEqual(["shop-aws-ap-southeast-1", "shop-aws-eu-west-1", "shop-aws-us-east-1"]);
    for (const d of Object.values(data))
      expect(d.depends_on).toEqual([expect.stringMatching(/^aws_globalaccelerator_accelerator\./)]);
  });

  test("THEN <domain> is an alias of the accelerator, and the global stack keeps only the health checks and alarms", () => {
    const [accName] = one(stacks["shop-accelerator"]!, "aws_globalaccelerator_accelerator");
    const [, record] = one(stacks["shop-accelerator"]!, "aws_route53_record");
    expect(record).toMatchObject({
      name: "api.example.com",
      type: "A",
      alias: { name: ref("aws_globalaccelerator_accelerator", accName, "dns_name") },
    });
    const g = stacks["shop-global"]!;
    expect(bodies(g, "aws_route53_record")).toEqual([]);
    expect(bodies(g, "aws_route53_health_check")).toHaveLength(3);
    expect(bodies(g, "aws_cloudwatch_metric_alarm")).toHaveLength(3);
  });

  test("THEN dials are proportional to the heaviest region", () => {
    expect(trafficDials([40, 40, 20])).toEqual([100, 100, 50]);
    expect(trafficDials([3, 1, 0])).toEqual([100, 33, 0]);
  });
});

describe("bad weights", () => {
  const write = (doc: object) => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "bp-"));
    const file = path.join(dir, "shop.json");
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    return file;
  };

  test("GIVEN a weight that is not a number THEN exit 2 with file, path, found and expected", async () => {
    const input = minimalBlueprint();
    input.spec.regions[1].weight = "heavy";
    const file = write(input);
    const run = await runCli("synth", file, "--out", path.join(path.dirname(file), "out"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:`);
    expect(run.stderr).toContain("spec.regions[1].weight");
    expect(run.stderr).toMatch(/found "heavy"/);
    expect(run.stderr).toMatch(/expected [^\n]*integer/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test("GIVEN every weight 0 THEN exit 2: a standby needs a region that serves", async () => {
    const input = minimalBlueprint();
    for (const r of input.spec.regions) r.weight = 0;
    const file = write(input);
    const run = await runCli("synth", file, "--out", path.join(path.dirname(file), "out"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:`);
    expect(run.stderr).toContain("spec.regions: every region has weight 0");
    expect(run.stderr).toContain("found weights 0, 0");
    expect(run.stderr).toContain("expected at least one region with a weight above 0");
  });

  test("GIVEN dns.mode accelerator with a gcp region THEN exit 2 naming the region", async () => {
    const input = JSON.parse(JSON.stringify(loadRaw("blueprints/multi-cloud.yaml")));
    input.spec.dns.mode = "accelerator";
    const file = write(input);
    const run = await runCli("synth", file, "--out", path.join(path.dirname(file), "out"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /spec\.regions\[2\]\.cloud: AWS Global Accelerator fronts AWS load balancers only/,
    );
  });
});

function loadRaw(file: string): Body {
  return parse(fs.readFileSync(file, "utf8"));
}

describe("GIVEN the multi-cloud blueprint (primary-per-shard, shards owned by us-east-1 and europe-west1)", () => {
  const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
  const { stacks } = synthBlueprint(b);
  const header = b.sharding.header;
  const shards = Object.keys(b.sharding.owners).sort();
  const one0 = <T>(x: T | T[]): T => (Array.isArray(x) ? x[0]! : x);

  /** What the ALB of an aws region does with a request carrying `header: shard`: the host it sends it to, or undefined (its own pods). */
  function followAws(region: string, shard: string): string | undefined {
    const stack = stacks[`multi-cloud-aws-${region}`]!;
    const [httpsName] = bodies(stack, "aws_lb_listener").find(([, l]) => l.port === 443)!;
    const rules = bodies(stack, "aws_lb_listener_rule")
      .map(([, r]) => r)
      .filter((r) => r.listener_arn === ref("aws_lb_listener", httpsName, "arn"))
      .filter((r) =>
        (r.condition as Body[]).some(
          (c) => c.http_header?.http_header_name === header && c.http_header.values.includes(shard),
        ),
      );
    if (rules.length === 0) return undefined;
    // Two rules: reads redirected (302, method kept by clients), everything else refused with the owner's URL.
    expect(rules).toHaveLength(2);
    const read = rules.find((r) => (r.condition as Body[]).some((c) => c.http_request_method))!;
    const write = rules.find((r) => r !== read)!;
    expect((read.condition as Body[]).find((c) => c.http_request_method)?.http_request_method.values).toEqual(
      ["GET", "HEAD"],
    );
    expect(read.priority).toBeLessThan(write.priority);
    const redirect = read.action[0].redirect;
    expect(redirect).toMatchObject({
      status_code: "HTTP_302",
      protocol: "HTTPS",
      port: "443",
      query: "#{query}",
    });
    const refused = write.action[0].fixed_response;
    expect(refused.status_code).toBe("421");
    expect(JSON.parse(refused.message_body).owner).toBe(`https://${redirect.host}`);
    return redirect.host;
  }

  /** What the Google Cloud load balancer does with such a request arriving for `host`. */
  function followGcp(host: string, shard: string): string | undefined {
    const [, map] = bodies(stacks["multi-cloud-gcp-global"]!, "google_compute_url_map").find(
      ([, m]) => m.name === "multi-cloud-lb",
    )!;
    const matcherName = (map.host_rule as Body[]).find((h) => h.hosts.includes(host))!.path_matcher;
    const matcher = (map.path_matcher as Body[]).find((p) => p.name === matcherName)!;
    const rule = ((matcher.route_rules ?? []) as Body[]).find((r) =>
      (r.match_rules as Body[]).some((m) =>
        (m.header_matches as Body[]).some((h) => h.header_name === header && h.exact_match === shard),
      ),
    );
    if (rule === undefined) return undefined;
    if (rule.url_redirect !== undefined) {
      const redirect = one0(rule.url_redirect);
      expect(redirect.redirect_response_code).toBe("TEMPORARY_REDIRECT"); // 307: method and body kept
      return redirect.host_redirect;
    }
    // Forwarded to a backend service: the region whose own hostname that service serves.
    const pinned = (map.path_matcher as Body[]).find(
      (p) => p.default_service === rule.service && p.name !== "global",
    );
    expect(pinned).toBeDefined();
    return (map.host_rule as Body[]).find((h) => h.path_matcher === pinned!.name)!.hosts[0];
  }

  const follow = (r: (typeof b.regions)[number], shard: string) =>
    r.cloud === "aws" ? followAws(r.region, shard) : followGcp(regionalHostname(b, r), shard);

  test.each(b.regions.map((r) => [r.region, r] as const))(
    "THEN %s sends every shard it does not own to exactly its owner's hostname, and keeps its own",
    (_, r) => {
      for (const shard of shards) {
        const owner = b.regions.find((x) => x.key === b.sharding.owners[shard])!;
        expect([shard, follow(r, shard)]).toEqual([
          shard,
          owner.key === r.key ? undefined : regionalHostname(b, owner),
        ]);
      }
    },
  );

  test("THEN a request for the global name that reaches Google Cloud goes to the owner of its shard", () => {
    for (const shard of shards) {
      const owner = b.regions.find((x) => x.key === b.sharding.owners[shard])!;
      expect([shard, followGcp(b.dns.domain, shard)]).toEqual([shard, regionalHostname(b, owner)]);
    }
  });

  test("THEN every owner hostname a front door sends to is created by some stack", () => {
    const { created } = dnsNames(stacks);
    const targets = new Set(
      b.regions.flatMap((r) => shards.map((s) => follow(r, s))).filter((h): h is string => h !== undefined),
    );
    expect([...targets].sort()).toEqual(["europe-west1.api.example.com", "us-east-1.api.example.com"]);
    for (const t of targets) expect(created).toContain(t);
  });

  test("THEN the listener rule priorities of each ALB are unique, and the same on every synth", () => {
    const again = synthBlueprint(b).stacks;
    for (const r of b.regions.filter((x) => x.cloud === "aws")) {
      const priorities = bodies(stacks[`multi-cloud-${r.key}`]!, "aws_lb_listener_rule").map(
        ([, x]) => x.priority,
      );
      expect(new Set(priorities).size).toBe(priorities.length);
      expect(bodies(again[`multi-cloud-${r.key}`]!, "aws_lb_listener_rule")).toEqual(
        bodies(stacks[`multi-cloud-${r.key}`]!, "aws_lb_listener_rule"),
      );
    }
  });

  test("THEN no Kubernetes object pretends to route shards (nothing attaches a Gateway route)", () => {
    const kinds = [...renderManifests(b).values()].flat().map((d) => String(d.kind));
    expect(kinds).not.toContain("HTTPRoute");
    expect(kinds).not.toContain("BackendTLSPolicy");
  });
});

describe("GIVEN the default blueprint (one writer, no shard owners)", () => {
  test("THEN no ALB has shard rules: the writer owns every key and Aurora forwards the others' writes", () => {
    const { stacks } = synthBlueprint(DEFAULT_BLUEPRINT);
    for (const [name, json] of Object.entries(stacks)) {
      expect([name, bodies(json, "aws_lb_listener_rule")]).toEqual([name, []]);
    }
  });
});
