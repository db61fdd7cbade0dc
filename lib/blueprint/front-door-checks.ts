import { formatPath, type Problem, show } from "../core/errors";
import { awsTargetGroupName } from "../core/names";
import type { BlueprintInput } from "./schema";

/** An Elastic Load Balancing target group ARN, split (the schema already checked its form). */
const TARGET_GROUP_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:targetgroup\/([A-Za-z0-9-]{1,32})\/[0-9a-f]{16}$/;

/**
 * `spec.regions[].targetGroupArn` names the target group its region stack
 * creates: an aws region, the ARN's region is that region, and its name is
 * the front workload's target group name. A wrong ARN would bind the pods to
 * another region's or another workload's load balancer.
 */
export function frontDoorChecks(input: BlueprintInput, problems: Problem[]): void {
  const s = input.spec;
  const named = { name: input.metadata.name, dns: { domain: s.dns.domain } };
  const front = s.workloads?.[0]?.name;
  s.regions.forEach((r, i) => {
    const arn = r.targetGroupArn;
    if (arn === undefined) return;
    const path = formatPath(["spec", "regions", i, "targetGroupArn"]);
    if (r.cloud !== "aws") {
      problems.push({
        path,
        message:
          "targetGroupArn applies to aws regions only (gcp regions are served by the global load balancer)",
        found: show(arn),
        expected: "no targetGroupArn on a gcp region",
      });
      return;
    }
    if (front === undefined) {
      problems.push({
        path,
        message: "without workloads the region stack creates no target group",
        found: show(arn),
        expected: "no targetGroupArn, or a workload in spec.workloads",
      });
      return;
    }
    const m = TARGET_GROUP_ARN.exec(arn);
    if (!m) return;
    const name = awsTargetGroupName(named, { key: `${r.cloud}-${r.region}`, region: r.region }, front);
    const [, arnRegion, arnName] = m;
    if (arnRegion !== r.region || arnName !== name) {
      problems.push({
        path,
        message: `not the target group the ${r.region} region stack creates for ${front}`,
        found: `${arnName} in ${arnRegion}`,
        expected: `target group ${name} in ${r.region} (terraform output -raw target_group_arn_${front})`,
      });
    }
  });
}
