import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

/**
 * Methods a region serves itself for any shard: reads come from the local
 * replica (Aurora secondary, DynamoDB replica), so a lost owner does not take
 * its shards' reads down everywhere; OPTIONS is a CORS preflight.
 */
export const LOCAL_METHODS = ["GET", "HEAD", "OPTIONS"] as const;

/**
 * Reads of a shard this region has no copy of (its owner is in another
 * cloud) are redirected with 302: a client re-sends GET and HEAD unchanged.
 */
export const REDIRECTED_METHODS = ["GET", "HEAD"] as const;

/**
 * Header values per rule pair: an ALB rule takes five match evaluations
 * (three per condition), and the local rule's method condition takes three
 * of them, leaving two for the shard header.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
 */
export const HEADER_VALUES_PER_RULE = 2;

/** The first rule's priority; 1-99 stay free for rules a person puts in front of these. */
export const FIRST_SHARD_RULE_PRIORITY = 100;

/** Shards (header values) and the host of the region that owns them. */
export interface ShardOwnerHost {
  /** The owner's own hostname, e.g. `us-east-1.api.example.com`. */
  readonly host: string;
  /** Header values this host owns; order is kept. */
  readonly shards: readonly string[];
  /**
   * This region holds a replica of the owner's data: reads are served here.
   * Otherwise (the owner is in another cloud) reads are redirected to it.
   */
  readonly readsLocal: boolean;
}

export interface ShardListenerRulesProps {
  readonly provider: TerraformProvider;
  /** The HTTPS listener the rules sit on. */
  readonly listenerArn: string;
  /** The region's own target group: where reads of shards with `readsLocal` go. */
  readonly localTargetGroupArn: string;
  /** The request header carrying the shard, e.g. `X-Tenant-Id`. */
  readonly header: string;
  /** Where each shard this region does not own goes; empty: no rules. */
  readonly owners: readonly ShardOwnerHost[];
  /** @default FIRST_SHARD_RULE_PRIORITY */
  readonly firstPriority?: number;
}

/**
 * Primary-per-shard routing on a region's ALB: a write for a shard another
 * region owns never reaches this region's pods. It gets 421 Misdirected
 * Request with the owner's URL in a JSON body (an ALB redirect can only be
 * 301 or 302, and clients turn a redirected POST into a GET without its
 * body, so a write is refused loudly rather than lost). Reads of an owner
 * whose data this region replicates (`readsLocal`) stay here: GET, HEAD and
 * OPTIONS are forwarded to the local target group, so a lost owner does not
 * take its shards' reads down everywhere. Reads of an owner in another cloud
 * (no copy here) are redirected with 302 to its hostname, path and query
 * kept. An ALB cannot negate a method condition, so the read rule comes
 * first and the refusal matches every other method, unlisted ones included.
 * Shards the region owns match no rule and go to the listener's default action.
 *
 * Per `HEADER_VALUES_PER_RULE` shards of an owner, two rules: the read rule
 * at priority p and the write refusal at p + 1; priorities follow the order
 * of `owners` and their shards, so the same input gives the same rules.
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
      const out: { host: string; readsLocal: boolean; values: string[] }[] = [];
      for (let i = 0; i < o.shards.length; i += HEADER_VALUES_PER_RULE) {
        out.push({
          host: o.host,
          readsLocal: o.readsLocal,
          values: o.shards.slice(i, i + HEADER_VALUES_PER_RULE),
        });
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
          ...(c.readsLocal
            ? {
                condition: [header, { httpRequestMethod: { values: [...LOCAL_METHODS] } }],
                action: [{ type: "forward", targetGroupArn: props.localTargetGroupArn }],
              }
            : {
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
              }),
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
