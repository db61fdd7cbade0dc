import type { Blueprint } from "../../blueprint/model";
import { spannerInstanceName } from "../../core/datastore-names";
import {
  auroraClusterId,
  awsWorkloadRoleName,
  cloudSqlInstanceName,
  dynamoTableName,
  gcpWorkloadServiceAccountEmail,
  stackNames,
} from "../../core/names";
import { vpnLinkName } from "./alerts";
import { allRegions, failureModeHeader, routingSteps } from "./common";
import { RunbookWriter } from "./writer";

export function securityExposure(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "F6");
  failureModeHeader(
    w,
    "F6",
    "What the output exposes by design: private cluster endpoints, datastores reachable only inside the VPCs, per-region customer-managed keys, TLS-only database connections, workloads that log in with their own cloud identity (no passwords)" +
      (b.interconnect !== undefined
        ? ", and an IKEv2 VPN between the clouds with random pre-shared keys"
        : "") +
      ". This runbook starts from a suspicion (an access log line, a leaked credential, a finding): find what was touched, cut the identity off, rotate, and only then restore.",
  );
  const regions = allRegions(w);

  w.h2("Find what was touched");
  const lines: string[] = [];
  for (const n of regions) {
    const r = n.region;
    if (r.cloud === "aws") {
      const engine = b.database.engines.aws;
      const resource =
        engine === "aurora-postgresql"
          ? w.name("aurora-cluster", auroraClusterId(b, r), n.stack)
          : engine === "dynamodb"
            ? w.name("dynamodb-table", dynamoTableName(b), stackNames.global(b))
            : n.cluster;
      lines.push(
        `aws cloudtrail lookup-events --region ${r.region} --lookup-attributes AttributeKey=ResourceName,AttributeValue=${resource} \\`,
        "  --start-time $(date -u -d '-7 days' +%FT%TZ) --query 'Events[].[EventTime,EventName,Username]' --output table",
      );
    } else {
      const engine = b.database.engines.gcp;
      const resource =
        engine === "cloudsql-postgres"
          ? w.name("cloudsql-instance", cloudSqlInstanceName(b, r), n.stack)
          : engine === "spanner"
            ? w.name("spanner-instance", spannerInstanceName(b), stackNames.gcpGlobal(b))
            : n.cluster;
      lines.push(
        `gcloud logging read 'protoPayload.resourceName:"${resource}"' --project ${r.project} --freshness 7d \\`,
        "  --format='table(timestamp,protoPayload.methodName,protoPayload.authenticationInfo.principalEmail)'",
      );
    }
  }
  w.step({
    title: "Control-plane access to the data tier, per region",
    text: "Look for principals that are not your pipeline, the workloads' identities or your operators.",
    run: lines,
    undo: "nothing to undo: read only.",
  });

  w.h2("Cut the identity off");
  const front = b.workloads[0];
  if (front !== undefined) {
    const cut: string[] = [];
    const restore: string[] = [];
    for (const n of regions) {
      if (n.region.cloud === "aws") {
        const role = w.name("iam-role", awsWorkloadRoleName(b, n.region, front.name), n.stack);
        cut.push(
          `aws iam attach-role-policy --role-name ${role} --policy-arn arn:aws:iam::aws:policy/AWSDenyAll`,
        );
        restore.push(
          `aws iam detach-role-policy --role-name ${role} --policy-arn arn:aws:iam::aws:policy/AWSDenyAll`,
        );
      } else {
        const sa = w.name(
          "gcp-service-account",
          gcpWorkloadServiceAccountEmail(n.region, front.name),
          n.stack,
        );
        cut.push(`gcloud iam service-accounts disable ${sa} --project ${n.region.project}`);
        restore.push(`gcloud iam service-accounts enable ${sa} --project ${n.region.project}`);
      }
    }
    w.step({
      title: `Deny the \`${front.name}\` workload identity where it leaked`,
      text: "Run only the line of the affected region: the region stops serving writes (its pods lose data access), so take it out of routing first (below).",
      run: cut,
      verify: ["# the workload's data calls fail with AccessDenied / PERMISSION_DENIED in that region only"],
      undo: restore,
    });
  }
  const affected = b.regions.find((r) => !r.writer) ?? b.regions[0]!;
  w.h3(`Take the affected region out of routing (example: ${affected.region})`);
  routingSteps(w, affected, "out");

  w.h2("Rotate");
  const rotate: string[] = [];
  if (b.interconnect !== undefined) {
    const stack = w.name("stack", stackNames.interconnect(b));
    for (const pair of b.interconnect.pairs) w.name("vpn-tunnel-prefix", vpnLinkName(b, pair), stack);
    rotate.push(
      `# The VPN pre-shared keys are random_password resources of ${stack}: replace them (tunnels renegotiate)`,
      `terraform -chdir=cdktf.out/stacks/${stack} state list | grep random_password`,
      `terraform -chdir=cdktf.out/stacks/${stack} apply $(terraform -chdir=cdktf.out/stacks/${stack} state list | grep random_password | sed 's/^/-replace=/')`,
    );
  }
  rotate.push(
    "# Workload identities have no long-lived secret: EKS Pod Identity and Workload Identity issue short-lived tokens; restarting the pods drops the old ones",
    ...regions.map((n) => `kubectl --context ${n.cluster} -n ${n.namespace} rollout restart deploy`),
  );
  w.step({
    title: "Rotate what could have leaked",
    run: rotate,
    verify: ["# tunnels ESTABLISHED again; pods Ready with new start times"],
    undo: "a rotated secret is not restored; the deny policy above is lifted with its undo once the rotation is done.",
  });
  w.p(`Bring the region back with ${w.link("region-failback")}.`);
  return w;
}
