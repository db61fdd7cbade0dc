import {
  FIRST_SHARD_RULE_PRIORITY,
  HEADER_VALUES_PER_RULE,
  ShardListenerRules,
  type ShardListenerRulesProps,
} from "../../lib/aws/shard-listener-rules";
import { resources, synthWithProvider } from "./synth";

type Body = Record<string, any>;
const LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/1/2";
const rulesOf = (props: Omit<ShardListenerRulesProps, "provider" | "listenerArn">): Body[] =>
  resources(
    synthWithProvider(
      (s, provider) => new ShardListenerRules(s, "Shards", { provider, listenerArn: LISTENER, ...props }),
    ),
    "aws_lb_listener_rule",
  ) as Body[];
const headerValues = (r: Body): string[] =>
  (r.condition as Body[]).find((c) => c.http_header)?.http_header.values ?? [];

describe("ShardListenerRules", () => {
  const seven = ["a", "b", "c", "d", "e", "f", "g"];

  test("GIVEN 7 shards of one owner THEN 3 rule pairs, at most 3 header values each (the ALB per-condition limit), every shard once", () => {
    const rules = rulesOf({
      header: "X-Tenant-Id",
      owners: [{ host: "us-east-1.api.example.com", shards: seven }],
    });
    expect(rules).toHaveLength(6);
    for (const r of rules) {
      expect(headerValues(r).length).toBeLessThanOrEqual(HEADER_VALUES_PER_RULE);
      expect(r.listener_arn).toBe(LISTENER);
      // ALB: five match evaluations per rule across conditions.
      const evaluations = (r.condition as Body[]).flatMap((c) =>
        Object.values(c).flatMap((x: any) => x.values),
      );
      expect(evaluations.length).toBeLessThanOrEqual(5);
    }
    const reads = rules.filter((r) => r.action[0].type === "redirect");
    const writes = rules.filter((r) => r.action[0].type === "fixed-response");
    expect(reads.flatMap(headerValues).sort()).toEqual(seven);
    expect(writes.flatMap(headerValues).sort()).toEqual(seven);
  });

  test("THEN priorities are consecutive from the first, read rule before its write rule, deterministic", () => {
    const props = {
      header: "X-Tenant-Id",
      owners: [
        { host: "us-east-1.api.example.com", shards: ["a", "b", "c", "d"] },
        { host: "europe-west1.api.example.com", shards: ["x"] },
      ],
    };
    const rules = rulesOf(props);
    const byPriority = [...rules].sort((x, y) => x.priority - y.priority);
    expect(byPriority.map((r) => r.priority)).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => FIRST_SHARD_RULE_PRIORITY + i),
    );
    expect(byPriority.map((r) => [r.action[0].type, headerValues(r)])).toEqual([
      ["redirect", ["a", "b", "c"]],
      ["fixed-response", ["a", "b", "c"]],
      ["redirect", ["d"]],
      ["fixed-response", ["d"]],
      ["redirect", ["x"]],
      ["fixed-response", ["x"]],
    ]);
    expect(rulesOf(props)).toEqual(rules);
  });

  test("THEN reads are redirected with 302 to the owner, path and query kept; other methods get 421 naming the owner", () => {
    const [read, write] = rulesOf({
      header: "X-Tenant-Id",
      owners: [{ host: "eu.example.com", shards: ["a"] }],
    });
    expect(read!.condition).toContainEqual({ http_request_method: { values: ["GET", "HEAD"] } });
    expect(read!.action).toEqual([
      {
        type: "redirect",
        redirect: {
          host: "eu.example.com",
          protocol: "HTTPS",
          port: "443",
          path: "/#{path}",
          query: "#{query}",
          status_code: "HTTP_302",
        },
      },
    ]);
    expect(write!.condition).toEqual([{ http_header: { http_header_name: "X-Tenant-Id", values: ["a"] } }]);
    expect(write!.action[0].fixed_response.status_code).toBe("421");
    expect(JSON.parse(write!.action[0].fixed_response.message_body).owner).toBe("https://eu.example.com");
  });

  test("GIVEN no shards elsewhere THEN no rules", () => {
    expect(rulesOf({ header: "X-Tenant-Id", owners: [] })).toEqual([]);
  });

  test.each([
    [
      { header: "X-A-Header-Name-Longer-Than-Forty-Characters", owners: [] },
      /header is not an ALB header name/,
    ],
    [{ header: "X-Tenant-Id", owners: [{ host: "h", shards: ["a*"] }] }, /not an exact ALB header value/],
    [{ header: "X-Tenant-Id", owners: [{ host: "h", shards: ["a"] }], firstPriority: 50000 }, /priorities/],
  ])("GIVEN an input an ALB cannot take THEN a construct error (%#)", (props, message) => {
    expect(() => rulesOf(props)).toThrow(message);
  });
});
