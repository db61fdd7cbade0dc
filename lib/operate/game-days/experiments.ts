import { type Blueprint, type Region, regionsOf } from "../../blueprint/model";
import { dynamoTableName, eventsTableName, regionalName } from "../../core/names";

/**
 * The three game days of the field guide: a whole region lost, a region cut
 * off from the others, and replication falling behind. Plain data read from
 * the blueprint: lib/aws turns the FIS half into Terraform, synth writes the
 * Chaos Mesh half, docs/game-days.md tells how to run and compare them.
 */
export type GameDayKind = "region-outage" | "partition" | "replication-lag";

export const GAME_DAY_KINDS: readonly GameDayKind[] = ["region-outage", "partition", "replication-lag"];

/** How often each game day runs, and why that often (the field guide's routines). */
export const GAME_DAY_SCHEDULE: Readonly<Record<GameDayKind, { cadence: string; why: string }>> = {
  "region-outage": {
    cadence: "quarterly",
    why: "the guide's quarterly full game day: it moves real traffic, so it is planned with the on-call team",
  },
  partition: {
    cadence: "monthly",
    why: "the guide's monthly partial drill: split brain (F1) is the failure that hurts most when missed",
  },
  "replication-lag": {
    cadence: "monthly",
    why: "proves the replication alarms page before the replication SLO is spent (F2), alongside the weekly lag review",
  },
};

/**
 * How long each fault is held. Long enough to see the effect past every
 * detection delay (health checks take interval x threshold, DynamoDB keeps
 * replicating for up to 5 minutes after a pause starts), short enough to
 * bound what a failed hypothesis costs.
 */
export const GAME_DAY_MINUTES: Readonly<Record<GameDayKind, number>> = {
  "region-outage": 15,
  partition: 10,
  "replication-lag": 10,
};

/**
 * What an alarm of a region stack watches. An experiment lists the roles it
 * expects to fire (its hypothesis); every other alarm of the stack is a guard
 * and becomes a stop condition: if it fires, the fault reached further than
 * the hypothesis allowed.
 */
export type AlarmRole = "replication" | "consumer-lag" | "dead-letter" | "abort";

/** A target an action works on, resolved by the construct in the region stack. */
export type FisTargetRef =
  /** The private subnets of the region's VPC: nodes, pods, database. */
  | "private-subnets"
  /** The public subnets of the region's VPC: load balancer and NAT gateways. */
  | "public-subnets"
  /** This region's replica of the DynamoDB global table (by ARN). */
  | "global-table"
  /** This region's Aurora DSQL cluster (by the blueprint's tags: its id is generated). */
  | "dsql-cluster";

/** The FIS action target keys this model uses (hashicorp/aws 5.100.0 accepts them). */
export type FisTargetKey = "Subnets" | "Tables" | "Clusters";

export interface FisActionPlan {
  /** Unique in its template, at most 64 characters. */
  readonly name: string;
  readonly actionId: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly target?: { readonly key: FisTargetKey; readonly ref: FisTargetRef };
  /**
   * `aws:network:disrupt-connectivity` with scope `prefix-list`: the CIDRs of
   * the customer managed prefix list the construct creates (FIS takes 10 at most).
   */
  readonly prefixListCidrs?: readonly string[];
}

export interface FisExperimentPlan {
  readonly kind: GameDayKind;
  /** `<blueprint>-aws-<region>-<kind>`: the template's Name tag. */
  readonly name: string;
  readonly description: string;
  readonly hypothesis: string;
  readonly actions: readonly FisActionPlan[];
  /** Alarm roles the hypothesis expects to fire: never stop conditions. */
  readonly expectedAlarms: readonly AlarmRole[];
}

/** The DynamoDB global table an engine replicates, if any. */
export function replicatedTableName(b: Blueprint): string | undefined {
  const engine = b.database.engines.aws;
  if (engine === "dynamodb") return dynamoTableName(b);
  if (engine === "kinesis") return eventsTableName(b);
  return undefined;
}

/** ISO 8601 duration FIS takes, e.g. `PT15M`. */
export function isoMinutes(minutes: number): string {
  return `PT${minutes}M`;
}

/** Most CIDRs a FIS prefix-list disruption takes (the prefix list limit of the action). */
export const FIS_PREFIX_LIST_MAX = 10;

/**
 * The FIS experiments of one AWS region of the blueprint. FIS runs in the
 * region of its targets, so every template lives in that region's stack.
 */
export function fisExperiments(b: Blueprint, r: Region): FisExperimentPlan[] {
  if (r.cloud !== "aws") return [];
  const engine = b.database.engines.aws;
  const table = replicatedTableName(b);
  const name = regionalName(b, r);
  const otherAws = regionsOf(b, "aws").filter((o) => o.key !== r.key);
  const otherCloud = b.regions.filter((o) => o.cloud !== "aws");

  const pause = (kind: GameDayKind): FisActionPlan[] =>
    table === undefined
      ? []
      : [
          {
            name: "pause-replication",
            actionId: "aws:dynamodb:global-table-pause-replication",
            description: `Pause replication to and from the ${r.region} replica of ${table}`,
            parameters: { duration: isoMinutes(GAME_DAY_MINUTES[kind]) },
            target: { key: "Tables", ref: "global-table" },
          },
        ];

  const outage: FisExperimentPlan = {
    kind: "region-outage",
    name: `${name}-region-outage`,
    description: `Game day: ${r.region} lost for ${GAME_DAY_MINUTES["region-outage"]} min (network, datastore)`,
    hypothesis:
      `Route 53 stops sending traffic to ${r.region} within the failover SLO ` +
      `(${b.slo.failoverSeconds} s), the other regions absorb its share without errors ` +
      "above the SLO, and the region rejoins by itself when the fault ends.",
    actions: [
      // Both halves of the VPC: the front door goes dark with the workloads.
      ...(["private", "public"] as const).map((half) => ({
        name: `cut-${half}-subnets`,
        actionId: "aws:network:disrupt-connectivity",
        description: `Deny all traffic in and out of the ${half} subnets of ${r.region}`,
        parameters: { scope: "all", duration: isoMinutes(GAME_DAY_MINUTES["region-outage"]) },
        target: { key: "Subnets", ref: `${half}-subnets` } as const,
      })),
      ...pause("region-outage"),
      ...(engine === "aurora-dsql"
        ? [
            {
              name: "fail-dsql-connections",
              actionId: "aws:dsql:cluster-connection-failure",
              description: `Fail every connection to the Aurora DSQL cluster in ${r.region}`,
              parameters: { duration: isoMinutes(GAME_DAY_MINUTES["region-outage"]), percentage: "100" },
              target: { key: "Clusters", ref: "dsql-cluster" } as const,
            },
          ]
        : []),
    ],
    // The region's consumers stop with it; a paused replica stops replicating.
    expectedAlarms: table === undefined ? ["consumer-lag"] : ["consumer-lag", "replication"],
  };

  const partitionActions: FisActionPlan[] = otherAws.map((o) => ({
    name: `isolate-from-${o.region}`,
    actionId: "aws:network:route-table-disrupt-cross-region-connectivity",
    description: `Drop traffic from the private subnets of ${r.region} to ${o.region}`,
    parameters: { region: o.region, duration: isoMinutes(GAME_DAY_MINUTES.partition) },
    target: { key: "Subnets", ref: "private-subnets" },
  }));
  if (otherCloud.length > 0) {
    partitionActions.push({
      name: "isolate-from-other-cloud",
      actionId: "aws:network:disrupt-connectivity",
      description: `Deny traffic between the private subnets of ${r.region} and the other cloud's regions`,
      parameters: { scope: "prefix-list", duration: isoMinutes(GAME_DAY_MINUTES.partition) },
      target: { key: "Subnets", ref: "private-subnets" },
      prefixListCidrs: otherCloud.map((o) => o.cidr),
    });
  }
  partitionActions.push(...pause("partition"));
  const partition: FisExperimentPlan = {
    kind: "partition",
    name: `${name}-partition`,
    description: `Game day: ${r.region} cut off from the other regions for ${GAME_DAY_MINUTES.partition} min`,
    hypothesis: partitionHypothesis(b, r),
    actions: partitionActions,
    expectedAlarms: table === undefined ? [] : ["replication"],
  };

  const experiments = [outage, partition];
  if (table !== undefined) {
    experiments.push({
      kind: "replication-lag",
      name: `${name}-replication-lag`,
      description: `Game day: replication of ${table} in ${r.region} paused for ${GAME_DAY_MINUTES["replication-lag"]} min`,
      hypothesis:
        `The replication alarms of ${r.region} page within their evaluation window once lag passes ` +
        `${b.slo.replicationLagSeconds} s; reads elsewhere are stale but every region keeps serving; ` +
        "the backlog drains within minutes after the pause ends.",
      actions: pause("replication-lag"),
      expectedAlarms: ["replication"],
    });
  }
  return experiments;
}

function partitionHypothesis(b: Blueprint, r: Region): string {
  switch (b.pattern) {
    case "multi-master-crdt":
      return "Both sides keep accepting writes; when the partition heals the replicas merge by the CRDT contract with no lost update and no manual step.";
    case "read-local-write-local":
      return `${r.region} keeps serving reads and writes from its replica; after the heal, concurrent writes to one item resolve last-writer-wins and the conflict count shows them.`;
    case "event-sourced":
      return "Every region keeps appending; after the heal the logs converge and consumers apply the late events exactly once (no dead letters).";
    case "global-consensus":
      // FIS cannot partition the datastore's own replication: only the application paths are cut.
      return `The datastore keeps its quorum, so ${r.region} keeps committing through its local endpoint; whatever in ${r.region} calls another region directly fails fast; no committed write is lost.`;
    case "primary-per-shard":
      // Aurora replication and write forwarding run outside the VPC: only the application paths are cut.
      return `Requests for shards ${r.region} owns keep working there; requests it routes to another region's front door fail fast with a clear error instead of hanging; nothing diverges after the heal.`;
  }
}
