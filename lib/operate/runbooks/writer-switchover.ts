import type { Blueprint, Region } from "../../blueprint/model";
import {
  auroraClusterArnLookup,
  auroraFailoverCommand,
  cloudSqlFenceCommand,
  cloudSqlPromoteCommand,
} from "../../blueprint/writer-failover";
import { cloudSqlIamUser } from "../../core/datastore-names";
import {
  auroraClusterId,
  auroraGlobalClusterId,
  cloudSqlInstanceName,
  regionalName,
  stackNames,
} from "../../core/names";
import {
  alertsSection,
  argocd,
  contextsSection,
  fenceRegionStep,
  kubectl,
  regionNames,
  rolloutOrder,
} from "./common";
import { cloudMonitoring, singleWriterClouds } from "./data-tier";
import { RunbookWriter } from "./writer";

/**
 * Moving the writer of a single-writer engine (Aurora global database, Cloud
 * SQL): a planned switchover, or a failover when the writer's region is
 * lost. Undefined for blueprints whose engines have no single writer.
 */
export function writerSwitchover(b: Blueprint): RunbookWriter | undefined {
  const clouds = singleWriterClouds(b);
  if (clouds.length === 0) return undefined;
  const w = new RunbookWriter(b, "writer-switchover");
  w.p(
    "Every member is built to be promoted: each has a path for writes after a promotion and a replication-lag alert whatever its role.",
    "After any promotion, set `spec.database.writerRegion` to the new writer region, synthesize and release: the region ConfigMaps tell each workload its new role and writer.",
  );
  alertsSection(w);
  contextsSection(w);
  if (clouds.includes("aws"))
    aurora(
      w,
      b.regions.filter((r) => r.cloud === "aws"),
    );
  if (clouds.includes("gcp"))
    cloudSql(
      w,
      b.regions.filter((r) => r.cloud === "gcp"),
    );
  return w;
}

function aurora(w: RunbookWriter, members: readonly Region[]): void {
  const b = w.blueprint;
  const global = w.name(
    "aurora-global-cluster",
    auroraGlobalClusterId(b),
    w.name("stack", stackNames.global(b)),
  );
  const writer = members.find((r) => r.writer)!;
  const id = (r: Region) => w.name("aurora-cluster", auroraClusterId(b, r), stackNames.region(b, r));
  w.h2("Aurora global database");
  w.p(`Global cluster \`${global}\`; writer now: \`${id(writer)}\` in ${writer.region}.`);
  w.table(
    ["member", "region", "role now", "writes", "lag alarm"],
    members.map((r) => [
      `\`${id(r)}\``,
      r.region,
      r.writer ? "writer" : "secondary",
      r.writer ? "local" : "forwarded to the writer (write forwarding)",
      `\`${w.name("cloudwatch-alarm", `${auroraClusterId(b, r)}-replication-lag`, stackNames.region(b, r))}\``,
    ]),
  );
  w.p(
    "Write forwarding is on for every member, the writer too, so the old writer region keeps writing through its own cluster endpoint once demoted.",
    `Workloads that want the writer itself use the global writer endpoint: the \`${w.name("terraform-output", "global_writer_endpoint", stackNames.global(b))}\` output of the global stack, which follows the writer.`,
    "A switchover demotes the old writer before the new one takes writes. A failover demotes the old writer only once Aurora reaches it again: if its region is cut off rather than dead, its pods keep writing to it until then, so the failover below fences that region's workloads first.",
  );
  const topology = [
    `aws rds describe-global-clusters --region ${writer.region} --global-cluster-identifier ${global} \\`,
    "  --query 'GlobalClusters[0].GlobalClusterMembers[].[DBClusterArn,IsWriter,GlobalWriteForwardingStatus,SynchronizationStatus]' --output table",
  ];
  for (const target of members.filter((r) => !r.writer)) {
    const arn = (r: Region) => auroraClusterArnLookup(b, r);
    w.h3(`Move the writer to ${target.region}`);
    w.p("A and B are alternatives: B only when A is impossible because the writer's region is lost.");
    w.h4("A. Planned switchover (no data loss)");
    w.step({
      title: `Switch the writer over to \`${id(target)}\``,
      text: "Aurora waits for every secondary to catch up, demotes the writer, then promotes the target: writes pause for about a minute.",
      run: [
        `aws rds switchover-global-cluster --region ${writer.region} --global-cluster-identifier ${global} \\`,
        `  --target-db-cluster-identifier "${arn(target)}"`,
      ],
      verify: [...topology, `# IsWriter True on ${id(target)}`],
      undo: [
        `aws rds switchover-global-cluster --region ${target.region} --global-cluster-identifier ${global} \\`,
        `  --target-db-cluster-identifier "${arn(writer)}"`,
      ],
    });
    releaseNewWriter(w, target);
    w.p("Stop here if A succeeded: B is not a next step.");
    w.h4(`B. Emergency failover, only if A is impossible (${writer.region} lost)`);
    w.p(
      `Take ${writer.region} out of routing first (${w.link("region-failover")}), then fence it here, before the failover.`,
    );
    fenceRegionStep(w, writer);
    w.step({
      title: `Fail over to \`${id(target)}\` (writes not yet replicated are lost)`,
      text: `RPO is the lag of \`${id(target)}\` at that moment: read it first (its alarm \`${auroraClusterId(b, target)}-replication-lag\`).`,
      run: auroraFailoverCommand(b, target).split("\n"),
      verify: [
        ...topology.map((l) => l.replace(`--region ${writer.region}`, `--region ${target.region}`)),
        `# IsWriter True on ${id(target)}`,
      ],
      undo: `a failover is not undone: when ${writer.region} is back and in sync, move the writer back with a planned switchover. What it lost is recovered with the partition reconciliation runbook.`,
    });
    releaseNewWriter(w, target, writer);
  }
}

function cloudSql(w: RunbookWriter, members: readonly Region[]): void {
  const b = w.blueprint;
  const writer = members.find((r) => r.writer)!;
  const project = writer.project!;
  const name = (r: Region) =>
    w.name("cloudsql-instance", cloudSqlInstanceName(b, r), stackNames.region(b, r));
  const alert = (r: Region) =>
    w.name("alert-policy", `${regionalName(b, r)} Cloud SQL replica lag`, stackNames.region(b, r));
  w.h2("Cloud SQL for PostgreSQL");
  w.p(`Writer now: \`${name(writer)}\` in ${writer.region}; the others are its cross-region read replicas.`);
  w.table(
    ["member", "region", "role now", "writes", "lag alert"],
    members.map((r) => [
      `\`${name(r)}\``,
      r.region,
      r.writer ? "writer" : "replica",
      r.writer
        ? "local"
        : `to \`${project}:${writer.region}:${cloudSqlInstanceName(b, writer)}\` over the shared VPC`,
      r.writer
        ? `\`${alert(r)}\` (silent while it is the writer: a primary reports no replica lag)`
        : `\`${alert(r)}\``,
    ]),
  );
  w.p(
    "Cloud SQL has no write forwarding and no fencing of its own: a promoted replica becomes a second primary while the old one still accepts writes from every region whose ConfigMap names it.",
    "So fence the old writer first, then promote. The lag that matters is the target replica's (its own alert policy above), not the writer's, which has none.",
  );
  for (const target of members.filter((r) => !r.writer)) {
    w.h3(`Move the writer to ${target.region}`);
    w.p(
      "A and B are alternatives: B only when A is impossible because the writer's region is lost or cut off.",
    );
    for (const emergency of [false, true]) {
      if (emergency) {
        w.p("Stop here if A succeeded: B is not a next step.");
        w.h4(`B. Emergency failover, only if A is impossible (${writer.region} lost)`);
        w.p(
          `Take ${writer.region} out of routing first (${w.link("region-failover")}), then fence its workloads here: stopping the instance needs its region's API, which may not answer.`,
        );
        fenceRegionStep(w, writer);
      } else {
        w.h4("A. Planned switchover (no data loss)");
      }
      w.step({
        title: `Fence \`${name(writer)}\`: stop it accepting writes`,
        text: `Stopping the instance makes every write to it fail fast instead of landing on a primary that is about to be abandoned.${emergency ? ` If ${writer.region}'s API does not answer the call fails: go on (its workloads are fenced above), and stop the instance as soon as the API answers.` : ""}`,
        run: [cloudSqlFenceCommand(b, writer)],
        verify: [
          `gcloud sql instances describe ${name(writer)} --project ${project} --format='value(settings.activationPolicy,state)'   # NEVER STOPPED`,
        ],
        undo: [
          `# only if you stop here, before the promotion:`,
          `gcloud sql instances patch ${name(writer)} --project ${project} --activation-policy=ALWAYS`,
        ],
      });
      w.step({
        title: `Wait until \`${name(target)}\` has replayed everything`,
        text: emergency
          ? "It may never get to 0 with the writer's region gone: what it has not replayed is lost (RPO). Wait while the lag still falls, then go on."
          : "With the writer fenced nothing new arrives: the target's `replica_lag` falls to 0 (no data loss).",
        run: cloudMonitoring(
          target.project!,
          `metric.type="cloudsql.googleapis.com/database/replication/replica_lag" AND resource.labels.database_id="${target.project}:${cloudSqlInstanceName(b, target)}"`,
        ),
        undo: "nothing to undo: read only; go on when the latest point is 0 (seconds).",
      });
      w.step({
        title: `Promote \`${name(target)}\``,
        run: [cloudSqlPromoteCommand(b, target, writer)],
        verify: [
          `gcloud sql instances describe ${name(target)} --project ${target.project} --format='value(instanceType,masterInstanceName,state)'   # CLOUD_SQL_INSTANCE, empty, RUNNABLE`,
        ],
        undo: "a promoted replica cannot be demoted: move the writer back later with this same procedure towards the old region.",
      });
      releaseNewWriter(w, target, emergency ? writer : undefined);
      const targetStack = w.name("stack", stackNames.region(b, target));
      const promoted = cloudSqlInstanceName(b, target);
      const userImports = (stack: string, r: Region) =>
        b.workloads.map(
          (x) =>
            `terraform -chdir=cdktf.out/stacks/${stack} import google_sql_user.DatabaseUser-${x.name} ${target.project}/${promoted}/${cloudSqlIamUser(r, x.name)}`,
        );
      w.step({
        title: `Apply \`${targetStack}\`: the database and users the promoted instance already holds`,
        text: `With the new \`writerRegion\` this stack now holds the database \`${b.database.name}\` and its users on \`${promoted}\`, and the writer's backups and point-in-time recovery. They exist already (replicated from the old writer): import them, or the apply fails creating them. The database's address is in the stack's \`cdk.tf.json\`.`,
        run: [
          `DB=$(jq -r '.resource.google_sql_database | keys[0]' cdktf.out/stacks/${targetStack}/cdk.tf.json)`,
          ...b.workloads.map(
            (x) =>
              `terraform -chdir=cdktf.out/stacks/${targetStack} state rm google_sql_user.DatabaseUser-${x.name}`,
          ),
          `terraform -chdir=cdktf.out/stacks/${targetStack} import google_sql_database.$DB ${target.project}/${promoted}/${b.database.name}`,
          ...userImports(targetStack, target),
          `terraform -chdir=cdktf.out/stacks/${targetStack} apply`,
        ],
        verify: [
          `terraform -chdir=cdktf.out/stacks/${targetStack} plan -detailed-exitcode   # exit 0`,
          `gcloud sql instances describe ${promoted} --project ${target.project} --format='value(settings.backupConfiguration.enabled,settings.backupConfiguration.pointInTimeRecoveryEnabled)'   # True True`,
        ],
        undo: "nothing to undo: the stack now matches the instance.",
      });
      const rest = members.filter((r) => r.key !== target.key);
      w.step({
        title: "Re-create the old writer and the other members as replicas of the new writer",
        text: `${emergency ? `Do the old writer only once ${writer.region} is back. ` : ""}A replica's source cannot change in place, and both deletion protections (the instance's and Terraform's \`deletion_protection\`) refuse the replacement, so each member is deleted by hand and Terraform creates it again as a replica of \`${cloudSqlInstanceName(b, target)}\`. If the failover lost writes, back up \`${cloudSqlInstanceName(b, writer)}\` first (start it only now that no ConfigMap names it as the writer). Cloud SQL keeps a deleted instance's name for up to a week: until Terraform can create the replica, that region's workloads read from the new writer.`,
        run: [
          `gcloud sql instances patch ${name(writer)} --project ${project} --activation-policy=ALWAYS && gcloud sql backups create --instance ${name(writer)} --project ${project}`,
          ...rest.flatMap((r) => {
            const stack = w.name("stack", stackNames.region(b, r));
            return [
              `gcloud sql instances patch ${name(r)} --project ${r.project} --no-deletion-protection && gcloud sql instances delete ${name(r)} --project ${r.project} --quiet`,
              `terraform -chdir=cdktf.out/stacks/${stack} state list | grep -E '^google_sql_(database_instance|database|user)\\.' | xargs -r terraform -chdir=cdktf.out/stacks/${stack} state rm`,
              "# its users now live on the new writer, where they exist already",
              ...userImports(stack, r),
              `terraform -chdir=cdktf.out/stacks/${stack} apply`,
            ];
          }),
        ],
        verify: [
          `gcloud sql instances list --project ${project} --filter="name:(${members.map((r) => cloudSqlInstanceName(b, r)).join(" ")})" --format='table(name,instanceType,masterInstanceName,state)'`,
          `# ${cloudSqlInstanceName(b, target)} the only CLOUD_SQL_INSTANCE; the others READ_REPLICA_INSTANCE of it`,
        ],
        undo: "none: the old writer's data lives on in the backup above; restore it into a scratch instance if reconciliation needs it.",
      });
    }
  }
}

/** The blueprint change and release that make every region's workload use the new writer. */
function releaseNewWriter(w: RunbookWriter, target: Region, lost?: Region): void {
  const b = w.blueprint;
  const clusters = b.regions.filter((r) => r.cloud === target.cloud).map((r) => regionNames(w, r));
  const gitops = b.gitops?.repoURL !== undefined;
  const old = b.regions.find((r) => r.cloud === target.cloud && r.writer);
  // Shards are owned by regions that take writes (a load-time rule): the old writer's move with it.
  const shards = Object.entries(b.sharding.owners)
    .filter(([, owner]) => owner === old?.key)
    .map(([shard]) => shard);
  const change =
    shards.length > 0
      ? `\`spec.database.writerRegion: ${target.region}\`, and \`spec.sharding.owners\` ${shards.map((s) => `\`${s}: ${target.region}\``).join(", ")}`
      : `\`spec.database.writerRegion: ${target.region}\``;
  const revision = b.gitops?.revision ?? "main";
  // A lost (fenced) region gets the change when it comes back, through region fail-back.
  const waves = rolloutOrder(b)
    .filter((r) => r.cloud === target.cloud && r.key !== lost?.key)
    .map((r) => regionNames(w, r));
  const skip =
    lost !== undefined
      ? ` Skip ${lost.region}: it is fenced, and takes the change when it returns (${w.link("region-failback")}, after which its deploy branch is pushed like the others).`
      : "";
  w.step({
    title: `Set ${change}, and release it wave by wave`,
    text: gitops
      ? `Commit the blueprint edit together with \`dist\`. This release goes to every ${target.cloud} region now, without the usual bake: until a region's ConfigMap names the new writer it sends its writes to the old one, which no longer takes them. So nothing else unreleased may ride along: if \`git log\` shows other commits ahead of a deploy branch, release this change alone (commit it on top of what the deploy branches run). Push the waves in the order of \`dist/gitops/rollout.json\`, each once the one before is Synced and Healthy (as in ${w.link("release-rollback")}, which also takes it back). Then apply the stacks that route shards.${skip}`
      : `Commit the blueprint edit together with \`dist\`, apply the manifests to every ${target.cloud} cluster in the rollout order (smallest non-writer first), then apply the stacks that route shards.${skip}`,
    run: [
      "npx activeactive synth <your blueprint file>",
      ...(gitops
        ? [
            "git fetch origin",
            ...waves.map(
              (n) =>
                `git log --oneline origin/${n.branch}..origin/${revision}   # must be empty before your commit`,
            ),
          ]
        : []),
      `git add <your blueprint file> dist && git commit -m 'writer moved to ${target.region}' && git push origin HEAD:${revision}`,
      ...(gitops
        ? waves.flatMap((n) => [
            `git push origin HEAD:${n.branch}`,
            argocd(n, `app wait ${n.application} --sync --health --timeout 600`),
          ])
        : waves.map((n) => `kubectl --context ${n.cluster} apply -R -f dist/k8s/${n.cluster}`)),
      ...(shards.length > 0
        ? shardRouteStacks(w, lost).map((s) => `terraform -chdir=cdktf.out/stacks/${s} apply`)
        : []),
    ],
    verify: clusters.map(
      (n) =>
        `${kubectl(n)} get configmap -o json | jq -r '.items[].data | select(.ACTIVEACTIVE_WRITER_REGION) | .ACTIVEACTIVE_WRITER_REGION'   # ${target.region}`,
    ),
    undo: "set the blueprint back only together with moving the writer back.",
  });
}

/** The stacks that hold shard routes: every AWS region's front door, and the gcp global load balancer. */
function shardRouteStacks(w: RunbookWriter, lost?: Region): string[] {
  const b = w.blueprint;
  return [
    ...b.regions.filter((r) => r.cloud === "aws" && r.key !== lost?.key).map((r) => stackNames.region(b, r)),
    ...(b.regions.some((r) => r.cloud === "gcp") ? [stackNames.gcpGlobal(b)] : []),
  ].map((s) => w.name("stack", s));
}
