import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Ec2ManagedPrefixList } from "@cdktf/provider-aws/lib/ec2-managed-prefix-list";
import {
  FisExperimentTemplate,
  type FisExperimentTemplateAction,
  type FisExperimentTemplateTarget,
} from "@cdktf/provider-aws/lib/fis-experiment-template";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn, TerraformLocal, TerraformOutput, type TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import {
  type AlarmRole,
  FIS_PREFIX_LIST_MAX,
  type FisExperimentPlan,
  type FisTargetRef,
  type GameDayKind,
} from "../operate/game-days/experiments";
import { describeWithRunbook } from "../operate/runbooks/links";

/** An alarm of the region stack and what it watches. */
export interface GameDayAlarm {
  readonly role: AlarmRole;
  readonly alarm: CloudwatchMetricAlarm;
}

export interface GameDayExperimentsProps {
  /** The aliased provider of the region: FIS runs experiments in the region of their targets. */
  readonly provider: TerraformProvider;
  readonly region: string;
  /** Name prefix, e.g. `shop-aws-eu-west-1`. */
  readonly name: string;
  /**
   * The region key: encrypts the experiment log group, and its ARN gives the
   * partition and account the role's policy needs (no data source, plans offline).
   */
  readonly kmsKeyArn: string;
  /** The region's VPC, where FIS clones network ACLs and route tables. */
  readonly vpc: { readonly id: string; readonly arn: string };
  /** The experiments of this region (`fisExperiments` of lib/operate/game-days). */
  readonly experiments: readonly FisExperimentPlan[];
  /**
   * The CloudWatch alarms of this stack. Those an experiment does not expect
   * become its stop conditions, with the abort alarm this construct adds.
   * Alarms of other stacks or regions are not taken: see docs/game-days.md.
   */
  readonly alarms: readonly GameDayAlarm[];
  /** The DynamoDB global table whose replica in this region the `global-table` target names. @default - none */
  readonly globalTableName?: string;
  /** Tags that find this region's Aurora DSQL cluster (its id is generated). @default - none */
  readonly dsqlClusterTags?: Readonly<Record<string, string>>;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** The runbook the abort alarm links to (`lib/operate/runbooks`). @default - no link */
  readonly runbookUrl?: string;
}

/**
 * AWS FIS experiment templates for one region's game days, never started by
 * Terraform: an experiment runs only when a person calls
 * `aws fis start-experiment` with the template id from the stack outputs.
 * With them, the experiment role (trusted by FIS of this account and region
 * only, allowed just the actions the templates use), a log group encrypted
 * with the region key, and an abort alarm that every template stops on.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/fis_experiment_template
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 */
export class GameDayExperiments extends Construct {
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  /** Trip it (`aws cloudwatch set-alarm-state`) to stop every running experiment of the region. */
  readonly abortAlarm: CloudwatchMetricAlarm;
  readonly templates: Partial<Record<GameDayKind, FisExperimentTemplate>> = {};

  constructor(scope: Construct, id: string, props: GameDayExperimentsProps) {
    super(scope, id);
    const { provider, region } = props;
    // arn:<partition>:kms:<region>:<account>:key/<id>
    const arnParts = new TerraformLocal(this, "KeyArnParts", Fn.split(":", props.kmsKeyArn));
    const partition = Token.asString(Fn.element(arnParts.expression, 1));
    const account = Token.asString(Fn.element(arnParts.expression, 4));
    const ec2 = (resource: string) => `arn:${partition}:ec2:${region}:${account}:${resource}`;
    const tableArn =
      props.globalTableName === undefined
        ? undefined
        : `arn:${partition}:dynamodb:${region}:${account}:table/${props.globalTableName}`;

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      provider,
      name: `/aws/fis/${props.name}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
    });
    this.abortAlarm = new CloudwatchMetricAlarm(this, "AbortAlarm", {
      provider,
      alarmName: `${props.name}-game-day-abort`,
      alarmDescription: describeWithRunbook(
        `Stops every game-day experiment in ${region} when tripped (docs/game-days.md)`,
        props.runbookUrl,
      ),
      namespace: "activeactive/GameDay",
      metricName: "Abort",
      dimensions: { Region: region },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      // Nobody publishes the metric outside a game day: quiet is the normal state.
      treatMissingData: "notBreaching",
    });

    this.role = new IamRole(this, "Role", {
      provider,
      name: `${props.name}-fis`,
      description: `AWS FIS experiment role of the ${props.name} game days`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "fis.amazonaws.com" },
            Action: "sts:AssumeRole",
            // Only experiments of this account and region (confused deputy).
            Condition: {
              StringEquals: { "aws:SourceAccount": account },
              ArnLike: { "aws:SourceArn": `arn:${partition}:fis:${region}:${account}:experiment/*` },
            },
          },
        ],
      }),
    });

    const actionIds = new Set(props.experiments.flatMap((e) => e.actions.map((a) => a.actionId)));
    // Vended log delivery, which FIS experiment logging uses (account-level APIs: no resource ARNs).
    // @see https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html
    const statements: object[] = [
      {
        Sid: "DeliverExperimentLogs",
        Effect: "Allow",
        Action: [
          "logs:CreateLogDelivery",
          "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies",
          "logs:DescribeLogGroups",
        ],
        Resource: "*",
      },
    ];
    const managed = (key: "aws:RequestTag/managedByFIS" | "ec2:ResourceTag/managedByFIS") => ({
      StringEquals: { [key]: "true" },
    });
    if (actionIds.has("aws:network:disrupt-connectivity")) {
      statements.push(
        {
          Sid: "CloneNetworkAcls",
          Effect: "Allow",
          Action: "ec2:CreateNetworkAcl",
          Resource: ec2("network-acl/*"),
          Condition: managed("aws:RequestTag/managedByFIS"),
        },
        {
          Sid: "CloneNetworkAclsInVpc",
          Effect: "Allow",
          Action: "ec2:CreateNetworkAcl",
          Resource: props.vpc.arn,
        },
        {
          Sid: "TagClonedNetworkAcls",
          Effect: "Allow",
          Action: "ec2:CreateTags",
          Resource: ec2("network-acl/*"),
          Condition: { StringEquals: { "ec2:CreateAction": "CreateNetworkAcl" } },
        },
        {
          Sid: "EditAndDeleteClonedNetworkAcls",
          Effect: "Allow",
          Action: ["ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"],
          Resource: ec2("network-acl/*"),
          Condition: managed("ec2:ResourceTag/managedByFIS"),
        },
        {
          Sid: "SwapNetworkAcls",
          Effect: "Allow",
          Action: "ec2:ReplaceNetworkAclAssociation",
          Resource: [ec2("network-acl/*"), ec2("subnet/*")],
        },
      );
    }
    if (actionIds.has("aws:network:route-table-disrupt-cross-region-connectivity")) {
      statements.push(
        {
          Sid: "SwapRouteTables",
          Effect: "Allow",
          Action: [
            "ec2:AssociateRouteTable",
            "ec2:DisassociateRouteTable",
            "ec2:ReplaceRouteTableAssociation",
          ],
          Resource: [ec2("route-table/*"), ec2("subnet/*")],
        },
        {
          Sid: "CreateIsolatingRouteTables",
          Effect: "Allow",
          Action: ["ec2:CreateRouteTable", "ec2:CreateManagedPrefixList", "ec2:CreateNetworkInterface"],
          Resource: [ec2("route-table/*"), ec2("prefix-list/*"), ec2("network-interface/*")],
          Condition: managed("aws:RequestTag/managedByFIS"),
        },
        {
          Sid: "CreateIsolatingRouteTablesInVpc",
          Effect: "Allow",
          Action: ["ec2:CreateRouteTable", "ec2:CreateNetworkInterface"],
          Resource: [props.vpc.arn, ec2("subnet/*"), ec2("security-group/*")],
        },
        {
          Sid: "TagIsolatingResources",
          Effect: "Allow",
          Action: "ec2:CreateTags",
          Resource: [ec2("route-table/*"), ec2("prefix-list/*"), ec2("network-interface/*")],
          Condition: {
            StringEquals: {
              "ec2:CreateAction": ["CreateRouteTable", "CreateManagedPrefixList", "CreateNetworkInterface"],
            },
          },
        },
        {
          Sid: "EditAndDeleteIsolatingResources",
          Effect: "Allow",
          Action: [
            "ec2:CreateRoute",
            "ec2:DeleteRouteTable",
            "ec2:ModifyManagedPrefixList",
            "ec2:DeleteManagedPrefixList",
            "ec2:DeleteNetworkInterface",
          ],
          Resource: [ec2("route-table/*"), ec2("prefix-list/*"), ec2("network-interface/*")],
          Condition: managed("ec2:ResourceTag/managedByFIS"),
        },
        {
          Sid: "KeepVpcEndpointsReachable",
          Effect: "Allow",
          Action: "ec2:ModifyVpcEndpoint",
          Resource: ec2("vpc-endpoint/*"),
        },
      );
    }
    if ([...actionIds].some((a) => a.startsWith("aws:network:"))) {
      statements.push({
        Sid: "ReadNetwork",
        Effect: "Allow",
        Action: [
          "ec2:DescribeManagedPrefixLists",
          "ec2:DescribeNetworkAcls",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeRouteTables",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcPeeringConnections",
          "ec2:DescribeVpcs",
          "ec2:GetManagedPrefixListEntries",
        ],
        Resource: "*",
      });
    }
    if (actionIds.has("aws:dynamodb:global-table-pause-replication")) {
      if (tableArn === undefined) {
        throw invalidProp(
          this,
          "pausing replication needs the global table",
          "no globalTableName",
          "the DynamoDB global table name",
        );
      }
      statements.push({
        Sid: "PauseReplicationOfThisReplica",
        Effect: "Allow",
        Action: [
          "dynamodb:PutResourcePolicy",
          "dynamodb:DeleteResourcePolicy",
          "dynamodb:GetResourcePolicy",
          "dynamodb:DescribeTable",
        ],
        Resource: [tableArn, `${tableArn}/stream/*`],
      });
    }
    if (actionIds.has("aws:dsql:cluster-connection-failure")) {
      statements.push({
        Sid: "FailDsqlConnections",
        Effect: "Allow",
        Action: ["dsql:InjectError", "dsql:GetCluster"],
        Resource: `arn:${partition}:dsql:${region}:${account}:cluster/*`,
      });
    }
    if ([...actionIds].some((a) => a.startsWith("aws:dynamodb:") || a.startsWith("aws:dsql:"))) {
      // Resolving targets: tag:GetResources has no resource-level permission.
      statements.push({ Sid: "ResolveTargets", Effect: "Allow", Action: "tag:GetResources", Resource: "*" });
    }
    const policy = new IamRolePolicy(this, "RolePolicy", {
      provider,
      name: "run-game-days",
      role: this.role.id,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });

    const prefixCidrs = [
      ...new Set(props.experiments.flatMap((e) => e.actions.flatMap((a) => a.prefixListCidrs ?? []))),
    ].sort();
    if (prefixCidrs.length > FIS_PREFIX_LIST_MAX) {
      throw invalidProp(
        this,
        "a FIS prefix-list disruption takes at most 10 CIDRs",
        `${prefixCidrs.length} CIDRs`,
        `${FIS_PREFIX_LIST_MAX} or fewer regions on the other cloud`,
      );
    }
    const prefixList =
      prefixCidrs.length === 0
        ? undefined
        : new Ec2ManagedPrefixList(this, "OtherCloudPrefixList", {
            provider,
            name: `${props.name}-game-day-other-cloud`,
            addressFamily: "IPv4",
            maxEntries: prefixCidrs.length,
            entry: prefixCidrs.map((cidr) => ({ cidr, description: "a region on the other cloud" })),
          });

    const targetFor = (ref: FisTargetRef): FisExperimentTemplateTarget => {
      switch (ref) {
        case "private-subnets":
        case "public-subnets":
          // The role tag RegionalNetwork puts on each half, narrowed to this VPC (a target takes 5 ARNs at most).
          return {
            name: ref,
            resourceType: "aws:ec2:subnet",
            selectionMode: "ALL",
            resourceTag: [
              {
                key: ref === "private-subnets" ? "kubernetes.io/role/internal-elb" : "kubernetes.io/role/elb",
                value: "1",
              },
            ],
            filter: [{ path: "VpcId", values: [props.vpc.id] }],
          };
        case "global-table":
          if (tableArn === undefined) {
            throw invalidProp(
              this,
              "a global-table target needs the table",
              "no globalTableName",
              "a table name",
            );
          }
          return {
            name: ref,
            resourceType: "aws:dynamodb:global-table",
            selectionMode: "ALL",
            resourceArns: [tableArn],
          };
        case "dsql-cluster": {
          const tags = Object.entries(props.dsqlClusterTags ?? {});
          if (tags.length === 0) {
            throw invalidProp(
              this,
              "a dsql-cluster target needs tags",
              "no dsqlClusterTags",
              "the cluster's tags",
            );
          }
          return {
            name: ref,
            resourceType: "aws:dsql:cluster",
            selectionMode: "ALL",
            resourceTag: tags.map(([key, value]) => ({ key, value })),
          };
        }
      }
    };

    for (const plan of props.experiments) {
      // The hypothesis travels with the template: whoever starts it reads what should happen.
      const description = `${plan.description}. Hypothesis: ${plan.hypothesis}`;
      if (description.length > 512) {
        throw invalidProp(
          this,
          `experiment ${plan.kind}: FIS takes a description of 512 characters at most`,
          `${description.length} characters`,
          "a shorter description or hypothesis",
        );
      }
      const expected = new Set(plan.expectedAlarms);
      const guards = [
        ...props.alarms.filter((a) => !expected.has(a.role)).map((a) => a.alarm),
        this.abortAlarm,
      ];
      const refs = [...new Set(plan.actions.flatMap((a) => (a.target ? [a.target.ref] : [])))].sort();
      const actions: FisExperimentTemplateAction[] = plan.actions.map((a) => {
        const parameters = Object.entries(a.parameters).map(([key, value]) => ({ key, value }));
        if (a.prefixListCidrs !== undefined) {
          parameters.push({ key: "prefixListIdentifier", value: prefixList!.id });
        }
        return {
          name: a.name,
          actionId: a.actionId,
          description: a.description,
          parameter: parameters,
          ...(a.target ? { target: { key: a.target.key, value: a.target.ref } } : {}),
        };
      });
      const template = new FisExperimentTemplate(this, `Experiment-${plan.kind}`, {
        provider,
        description,
        roleArn: this.role.arn,
        action: actions,
        target: refs.map(targetFor),
        stopCondition: guards.map((alarm) => ({ source: "aws:cloudwatch:alarm", value: alarm.arn })),
        logConfiguration: {
          logSchemaVersion: 2,
          cloudwatchLogsConfiguration: { logGroupArn: `${this.logGroup.arn}:*` },
        },
        // A target that resolves to nothing is a broken game day: fail, do not run half of it.
        experimentOptions: { emptyTargetResolutionMode: "fail" },
        tags: { Name: plan.name, "activeactive-game-day": plan.kind },
        dependsOn: [policy],
      });
      this.templates[plan.kind] = template;
      new TerraformOutput(this, `TemplateId-${plan.kind}`, {
        value: template.id,
        description: `aws fis start-experiment --region ${region} --experiment-template-id <this>: ${plan.description}`,
      }).overrideLogicalId(`fis_${plan.kind.split("-").join("_")}_template_id`);
    }
  }
}
