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
    "What the output exposes by design: private cluster endpoints, datastores reachable only inside the VPCs, per-region customer-managed keys, TLS-only database connections, workloads that log in with their own cloud identity" +
      (b.database.engines.aws === "aurora-postgresql"
        ? ", and one password: the Aurora master password, the `aurora_master_password` Terraform variable"
        : "") +
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

  w.h2("Cut the identity off, one region at a time");
  w.p(
    "Do only the section of the region that leaked. Routing comes first: denying the identity makes the region fail its requests, so it must already be out of routing.",
  );
  const front = b.workloads[0];
  for (const n of regions) {
    w.h4(`If ${n.region.region} leaked`);
    routingSteps(w, n.region, "out");
    if (front === undefined) continue;
    const cut: string[] = [];
    const restore: string[] = [];
    if (n.region.cloud === "aws") {
      const role = w.name("iam-role", awsWorkloadRoleName(b, n.region, front.name), n.stack);
      cut.push(
        `aws iam attach-role-policy --role-name ${role} --policy-arn arn:aws:iam::aws:policy/AWSDenyAll`,
      );
      restore.push(
        `aws iam detach-role-policy --role-name ${role} --policy-arn arn:aws:iam::aws:policy/AWSDenyAll`,
      );
    } else {
      const sa = w.name("gcp-service-account", gcpWorkloadServiceAccountEmail(n.region, front.name), n.stack);
      cut.push(`gcloud iam service-accounts disable ${sa} --project ${n.region.project}`);
      restore.push(`gcloud iam service-accounts enable ${sa} --project ${n.region.project}`);
    }
    w.step({
      title: `Deny the \`${front.name}\` workload identity of ${n.region.region}`,
      text: `${n.region.region}'s pods lose data access; the other regions keep theirs.`,
      run: cut,
      verify: [
        `# the workload's data calls fail with AccessDenied / PERMISSION_DENIED in ${n.region.region} only`,
      ],
      undo: restore,
    });
  }

  w.h2("Rotate");
  const aurora = b.database.engines.aws === "aurora-postgresql";
  const writer = b.regions.find((r) => r.cloud === "aws" && r.writer);
  if (aurora && writer !== undefined) {
    const cluster = w.name("aurora-cluster", auroraClusterId(b, writer), stackNames.region(b, writer));
    w.step({
      title: "Rotate the Aurora master password",
      text: `The master user logs in with the \`aurora_master_password\` Terraform variable of every AWS region stack (write-only: Terraform sends it only when a cluster is created). Change it on the writer, whose secondaries share it, then put the new value where \`TF_VAR_aurora_master_password\` comes from, so a re-created cluster does not get the leaked one.`,
      run: [
        "NEW=$(openssl rand -base64 30 | tr -d '/+=@\" ')",
        `aws rds modify-db-cluster --region ${writer.region} --db-cluster-identifier ${cluster} --master-user-password "$NEW" --apply-immediately`,
        "# store $NEW in your secret store as TF_VAR_aurora_master_password",
      ],
      verify: [
        `aws rds describe-db-clusters --region ${writer.region} --db-cluster-identifier ${cluster} --query 'DBClusters[0].Status'   # available (resetting-master-credentials first)`,
      ],
      undo: "a rotated secret is not restored.",
    });
  }
  if (b.interconnect !== undefined) {
    const stack = w.name("stack", stackNames.interconnect(b));
    const links = b.interconnect.pairs.map((pair) => ({
      pair,
      link: w.name("vpn-tunnel-prefix", vpnLinkName(b, pair), stack),
      project: b.regions.find((r) => r.cloud === "gcp" && r.region === pair.gcp)!.project,
    }));
    const tf = `terraform -chdir=cdktf.out/stacks/${stack}`;
    w.step({
      title: "Rotate the VPN pre-shared keys, one tunnel at a time",
      text: "Each tunnel's key is a `random_password` of the stack. Replacing one renegotiates (Google re-creates) that tunnel only; the others carry the link meanwhile. Replace the next key only once the tunnel before is up again.",
      run: [
        `for key in $(${tf} state list | grep '^random_password\\.'); do`,
        `  ${tf} apply -replace="$key"`,
        ...links.map(
          ({ pair, link, project }) =>
            `  gcloud compute vpn-tunnels list --project ${project} --filter="name~^${link}-" --format='table(name,status)'   # ${pair.aws} to ${pair.gcp}`,
        ),
        '  read -r -p "every tunnel ESTABLISHED again? Enter for the next key " _',
        "done",
      ],
      verify: links.map(
        ({ pair, link, project }) =>
          `gcloud compute routers get-status ${link} --region ${pair.gcp} --project ${project} --format='table(result.bgpPeerStatus[].name,result.bgpPeerStatus[].status)'   # every peer UP`,
      ),
      undo: "a rotated secret is not restored.",
    });
  }
  w.step({
    title: "Restart the workloads",
    text: "Workload identities have no long-lived secret: EKS Pod Identity and Workload Identity issue short-lived tokens, and restarting the pods drops the old ones. Lift the deny above only after this.",
    run: regions.map((n) => `kubectl --context ${n.cluster} -n ${n.namespace} rollout restart deploy`),
    verify: ["# pods Ready with new start times"],
    undo: "nothing to undo.",
  });
  w.p(`Bring the region back with ${w.link("region-failback")}.`);
  return w;
}
