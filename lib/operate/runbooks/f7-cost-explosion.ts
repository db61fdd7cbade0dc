import type { Blueprint } from "../../blueprint/model";
import { regionalName, stackNames } from "../../core/names";
import { allRegions, failureModeHeader, kubectl } from "./common";
import { RunbookWriter } from "./writer";

export function costExplosion(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "F7");
  const shares = b.regions.map((r) => `${r.region} $${b.budget.byRegion[r.key]}`).join(", ");
  failureModeHeader(
    w,
    "F7",
    `The blueprint budgets $${b.budget.monthlyUsd} a month, split by weight: ${shares}. Each share is a budget that e-mails ${b.budget.alertEmails.join(", ")} at ${b.budget.thresholdsPercent.join("% and ")}% (budgets carry no link: this runbook is where their e-mail leads).`,
  );
  const regions = allRegions(w);

  w.h2("Where the money goes");
  const lines: string[] = [];
  const aws = regions.filter((n) => n.region.cloud === "aws");
  if (aws.length > 0) {
    const names = [
      w.name("budget", `${b.name}-aws-monthly`, w.name("stack", stackNames.global(b))),
      ...aws.map((n) => w.name("budget", `${regionalName(b, n.region)}-monthly`, n.stack)),
    ];
    lines.push(
      "ACCOUNT=$(aws sts get-caller-identity --query Account --output text)",
      ...names.map(
        (name) =>
          `aws budgets describe-budget --account-id $ACCOUNT --budget-name ${name} --query 'Budget.[BudgetName,CalculatedSpend.ActualSpend.Amount,CalculatedSpend.ForecastedSpend.Amount,BudgetLimit.Amount]' --output text`,
      ),
      // End is exclusive and must follow Start: on the 1st, this month has no full day yet, so read last month.
      "START=$(date -u -d yesterday +%Y-%m-01) END=$(date -u +%F)   # on the 1st: the whole of last month",
      `aws ce get-cost-and-usage --time-period Start=$START,End=$END --granularity DAILY --metrics UnblendedCost \\`,
      `  --group-by Type=DIMENSION,Key=REGION --filter '{"Tags":{"Key":"service","Values":["${b.tags.service}"]}}'`,
    );
  }
  const gcp = regions.filter((n) => n.region.cloud === "gcp");
  if (gcp.length > 0 && b.budget.billingAccount !== undefined) {
    for (const n of gcp) w.name("gcp-budget", regionalName(b, n.region), n.stack);
    lines.push(
      `gcloud billing budgets list --billing-account ${b.budget.billingAccount} \\`,
      `  --filter="displayName~^${b.name}" --format='table(displayName,amount.specifiedAmount.units,thresholdRules[].thresholdPercent)'`,
    );
  }
  w.step({
    title: "Spend against each budget, and cost per region this month",
    run: lines,
    verify: ["# the region whose spend outgrows its share is the one to look at"],
    undo: "nothing to undo: read only.",
  });
  w.step({
    title: "Is it scale? Pods, autoscalers and nodes per region",
    text: `Compute is bounded: per workload \`autoscaling.max\`, nodes up to ${b.cluster.nodes.max} per region. An autoscaler pinned at its maximum without the traffic to match is a leak (a retry loop, a stuck job); with the traffic, it is the price of the load.`,
    run: regions.flatMap((n) => [
      `${kubectl(n)} get hpa`,
      `kubectl --context ${n.cluster} get nodes --no-headers | wc -l`,
    ]),
    undo: "nothing to undo: read only.",
  });

  w.h2("Bring it down");
  w.p(
    "Lower `workloads[].autoscaling.max` or `spec.cluster.nodes.max`, or move weight away from the expensive region (traffic skew runbook); synthesize, then release the manifests through the rollout and apply the region stacks.",
    "Cross-region replication and data transfer grow with write volume: a write storm shows here before it shows in the lag.",
  );
  w.step({
    title: "Apply the lower ceilings",
    run: [
      "npx activeactive synth <your blueprint file> && npx activeactive check cdktf.out dist",
      "git add dist && git commit -m 'lower ceilings' && git push   # the rollout promotes it region by region",
      ...aws.map((n) => `terraform -chdir=cdktf.out/stacks/${n.stack} apply`),
    ],
    verify: regions.map((n) => `${kubectl(n)} get hpa   # the new maximum`),
    undo: "restore the previous ceilings in the blueprint and release again.",
  });
  return w;
}
