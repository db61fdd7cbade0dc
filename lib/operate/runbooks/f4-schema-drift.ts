import type { Blueprint } from "../../blueprint/model";
import { APP_METRICS, PATTERN_CONTRACTS } from "../../core/app-contract";
import { regionalName } from "../../core/names";
import { allRegions, argocd, failureModeHeader, kubectl } from "./common";
import { RunbookWriter } from "./writer";

export function schemaDrift(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "F4");
  failureModeHeader(
    w,
    "F4",
    "Regions run the same manifests, one rollout wave at a time (`dist/gitops/rollout.json`): during a release, and after one that stopped half-way, regions run different versions against one shared data model. Errors that appear in some regions only, events a consumer cannot apply, or a contract metric that vanished are the signs.",
  );
  const regions = allRegions(w);
  const gitops = b.gitops?.repoURL !== undefined;

  w.h2("What runs where");
  w.step({
    title: "Image and Git revision per region",
    text: gitops
      ? "Each cluster's Argo CD follows its own deploy branch: the revision it synced and the images it runs must match across regions once a release is complete."
      : "Without `spec.gitops.repoURL`, compare the images the clusters run.",
    run: regions.flatMap((n) => [
      `${kubectl(n)} get deploy -o custom-columns='NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image,READY:.status.readyReplicas'`,
      ...(gitops
        ? [
            argocd(n, `app get ${n.application} --show-operation`),
            `git ls-remote ${b.gitops!.repoURL} refs/heads/${n.branch}`,
          ]
        : []),
    ]),
    verify: ["# same images and the same commit everywhere, or a rollout in progress you know of"],
    undo: "nothing to undo: read only.",
  });
  w.p(
    `If the regions that errors come from are the ones that got the new release, roll it back region by region: ${w.link("release-rollback")}.`,
  );

  w.h2("The data model is shared: migrate in two steps");
  w.p(
    "Every region writes the same tables, so a schema change must work with the old and the new code at once:",
    "expand (add nullable columns, new tables, new event versions the old consumers ignore) and release; contract (drop, rename, tighten) only after every region runs the new code.",
    "A rollback of code after an expand is safe; after a contract it is not, so never contract in the release that needs it.",
  );

  const events = b.database.engines.aws === "kinesis" || b.database.engines.gcp === "pubsub";
  if (events) {
    w.h2("Events a consumer cannot apply");
    const lines: string[] = [];
    for (const n of regions.filter((x) => x.region.cloud === "aws" && b.database.engines.aws === "kinesis")) {
      const q = w.name("sqs-queue", `${regionalName(b, n.region)}-events-dlq`, n.stack);
      lines.push(
        `URL=$(aws sqs get-queue-url --region ${n.region.region} --queue-name ${q} --query QueueUrl --output text)`,
        `aws sqs get-queue-attributes --region ${n.region.region} --queue-url "$URL" --attribute-names ApproximateNumberOfMessages`,
        `aws sqs receive-message --region ${n.region.region} --queue-url "$URL" --max-number-of-messages 5 --visibility-timeout 0 --query 'Messages[].Body'`,
      );
    }
    const gcpHome = regions.find((x) => x.region.cloud === "gcp");
    if (b.database.engines.gcp === "pubsub" && gcpHome !== undefined) {
      const dlq = w.name("pubsub-subscription", `${b.name}-events-dlq`);
      lines.push(
        `gcloud pubsub subscriptions pull ${dlq} --project ${gcpHome.region.project} --limit 5 --format=json`,
      );
    }
    w.step({
      title: "Look at the parked events",
      text: "The dead-letter queue holds what a consumer gave up on. An event version the consumer does not know is schema drift: release the consumer that knows it (to every region), then let the consumers apply the parked events; purge nothing before they did.",
      run: lines,
      undo: "nothing to undo: peeking leaves the messages in the queue (visibility timeout 0).",
    });
  }

  const metrics = PATTERN_CONTRACTS[b.pattern].metrics;
  if (metrics.length > 0) {
    const first = regions[0]!;
    const port = b.workloads[0]?.port ?? 8080;
    w.h2("A contract metric went missing");
    w.step({
      title: "Read the workload's /metrics in a region",
      text: `The \`${b.pattern}\` contract needs ${metrics.map((m) => `\`${APP_METRICS[m]}\``).join(", ")}; a release that dropped one silences its alert.`,
      run: first.deployments.map(
        (d) =>
          `${kubectl(first)} port-forward deploy/${d} ${port}:${port} & sleep 2; curl -s localhost:${port}/metrics | grep -E '^activeactive_'; kill %1`,
      ),
      verify: metrics.map((m) => `# ${APP_METRICS[m]} present`),
      undo: "nothing to undo: read only.",
    });
  }
  return w;
}
