import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

/**
 * Values one `http_header` condition may match: ALB allows three match
 * evaluations per condition (and five per rule; the read rule's method
 * condition takes two).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
 */
export const HEADER_VALUES_PER_RULE = 3;

/** The methods that are safe to redirect with 302: a client re-sends them unchanged. */
export const REDIRECTED_METHODS = ["GET", "HEAD"] as const;

/** The first rule's priority; 1-99 stay free for rules a person puts in front of these. */
export const FIRST_SHARD_RULE_PRIORITY = 100;

/** Shards (header values) and the host of the region that owns them. */
export interface ShardOwnerHost {
  /** The owner's own hostname, e.g. `us-east-1.api.example.com`. */
  readonly host: string;
  /** Header values this host owns; order is kept. */
  readonly shards: readonly string[];
}

export interface ShardListenerRulesProps {
  readonly provider: TerraformProvider;
  /** The HTTPS listener the rules sit on. */
  readonly listenerArn: string;
  /** The request header carrying the shard, e.g. `X-Tenant-Id`. */
  readonly header: string;
  /** Where each shard this region does not own goes; empty: no rules. */
  readonly owners: readonly ShardOwnerHost[];
  /** @default FIRST_SHARD_RULE_PRIORITY */
  readonly firstPriority?: number;
}

/**
 * Primary-per-shard routing on a region's ALB: a request whose shard header
 * names a shard another region owns never reaches this region's pods.
 * Reads (GET, HEAD) are redirected (302) to the owner's hostname, path and
 * query kept. Anything else gets 421 Misdirected Request with the owner's
 * URL in a JSON body: an ALB redirect can only be 301 or 302, and clients
 * turn a redirected POST into a GET without its body, so a write is refused
 * loudly rather than lost. Shards the region owns match no rule and go to
 * the listener's default action.
 *
 * Per `HEADER_VALUES_PER_RULE` shards of an owner, two rules: the read
 * redirect at priority p and the write refusal at p + 1; priorities follow
 * the order of `owners` and their shards, so the same input gives the same rules.
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/lb_listener_rule
 */
export class ShardListenerRules extends Construct {
  readonly rules: readonly LbListenerRule[];

  constructor(scope: Construct, id: string, props: ShardListenerRulesProps) {
    super(scope, id);
    const first = props.firstPriority ?? FIRST_SHARD_RULE_PRIORITY;
    if (!/^[A-Za-z0-9-]{1,40}$/.test(props.header)) {
      throw invalidProp(
        this,
        "header is not an ALB header name",
        props.header,
        "1-40 letters, digits, hyphens",
      );
    }
    const chunks = props.owners.flatMap((o) => {
      if (o.host.length < 1 || o.host.length > 128) {
        throw invalidProp(this, "an owner host does not fit an ALB redirect", o.host, "1-128 characters");
      }
      const bad = o.shards.find((s) => s.length < 1 || s.length > 128 || /[*?]/.test(s));
      if (bad !== undefined) {
        throw invalidProp(
          this,
          "a shard is not an exact ALB header value",
          bad,
          "1-128 characters, no * or ?",
        );
      }
      const out: { host: string; values: string[] }[] = [];
      for (let i = 0; i < o.shards.length; i += HEADER_VALUES_PER_RULE) {
        out.push({ host: o.host, values: o.shards.slice(i, i + HEADER_VALUES_PER_RULE) });
      }
      return out;
    });
    const last = first + 2 * chunks.length - 1;
    if (!Number.isInteger(first) || first < 1 || last > 50000) {
      throw invalidProp(
        this,
        "the rule priorities do not fit an ALB listener",
        `${first}-${last}`,
        "priorities from 1 to 50000",
      );
    }

    const rules: LbListenerRule[] = [];
    chunks.forEach((c, i) => {
      const header = { httpHeader: { httpHeaderName: props.header, values: c.values } };
      const tag = `${c.host}-${c.values[0]}`;
      rules.push(
        new LbListenerRule(this, `Read-${tag}`, {
          provider: props.provider,
          listenerArn: props.listenerArn,
          priority: first + 2 * i,
          condition: [header, { httpRequestMethod: { values: [...REDIRECTED_METHODS] } }],
          action: [
            {
              type: "redirect",
              redirect: {
                host: c.host,
                protocol: "HTTPS",
                port: "443",
                path: "/#{path}",
                query: "#{query}",
                statusCode: "HTTP_302",
              },
            },
          ],
          tags: { Name: `shard-read-${tag}` },
        }),
        new LbListenerRule(this, `Write-${tag}`, {
          provider: props.provider,
          listenerArn: props.listenerArn,
          priority: first + 2 * i + 1,
          condition: [header],
          action: [
            {
              type: "fixed-response",
              fixedResponse: {
                contentType: "application/json",
                statusCode: "421",
                messageBody: JSON.stringify({
                  error: "misdirected",
                  message: `this region does not own the shard in ${props.header}; send the request to its owner`,
                  owner: `https://${c.host}`,
                }),
              },
            },
          ],
          tags: { Name: `shard-write-${tag}` },
        }),
      );
    });
    this.rules = rules;
  }
}
