import type { Blueprint } from "../../blueprint/model";
import { alertsSection, argocd, contextsSection, kubectl, regionNames, rolloutOrder } from "./common";
import { RunbookWriter } from "./writer";

export function releaseRollback(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "release-rollback");
  const order = rolloutOrder(b).map((r) => regionNames(w, r));
  const gitops = b.gitops?.repoURL !== undefined;
  w.p(
    `A release reaches the regions one wave at a time (\`dist/gitops/rollout.json\`): ${order.map((n, i) => `${i + 1}. ${n.region.region}${n.region.writer && b.database.engines[n.region.cloud] !== "dynamodb" ? " (writer)" : ""}`).join(", ")}.`,
    "Roll a bad release back the same way: stop the promotion, then move each region that got it back to the last good commit, in wave order, checking each before the next.",
    "A rollback is a release: if the bad release ran a contracting schema migration, rolling the code back breaks it (schema drift runbook); roll forward instead.",
  );
  alertsSection(w);
  contextsSection(w);
  if (!gitops) {
    w.h2("Without a GitOps repository");
    w.p(
      "This blueprint has no `spec.gitops.repoURL`: apply the previous manifests per cluster yourself, in the order above.",
    );
    for (const n of order) {
      w.step({
        title: `Roll back ${n.region.region}`,
        run: n.deployments.map((d) => `${kubectl(n)} rollout undo deploy/${d}`),
        verify: n.deployments.map((d) => `${kubectl(n)} rollout status deploy/${d} --timeout=300s`),
        undo: n.deployments.map(
          (d) => `${kubectl(n)} rollout undo deploy/${d}   # back to the newer revision`,
        ),
      });
    }
    return w;
  }
  w.h2("Stop the promotion");
  w.p(
    "Pause the promotion job so no further wave gets the bad release, and find the last good commit: the one the not-yet-promoted regions still run.",
  );
  const last = order.at(-1)!;
  w.step({
    title: "Find what each region runs",
    run: ["git fetch origin", ...order.map((n) => `git log -1 --format="%h %s" origin/${n.branch}`)],
    verify: [
      `# GOOD=<the commit of ${last.branch} if it did not get the release, else the commit before the release>`,
    ],
    undo: "nothing to undo: read only.",
  });
  w.h2("Move each region back, in wave order");
  w.p(
    "Each cluster's Argo CD follows its own branch with automated sync, so `argocd app rollback` is refused: move the branch instead, and Argo CD syncs the good commit.",
  );
  for (const n of order) {
    w.step({
      title: `Roll back ${n.region.region}: \`${n.branch}\` to the good commit`,
      text: "Skip the regions that never got the bad release.",
      run: [
        `BAD=$(git rev-parse origin/${n.branch})`,
        `git push --force-with-lease=${n.branch}:$BAD origin $GOOD:refs/heads/${n.branch}`,
        argocd(n, `app get ${n.application} --refresh`),
      ],
      verify: [
        argocd(n, `app wait ${n.application} --sync --health --timeout 600`),
        ...n.deployments.map((d) => `${kubectl(n)} rollout status deploy/${d} --timeout=300s`),
        "# error rate and latency alerts of this region resolve before you go on",
      ],
      undo: [`git push --force-with-lease=${n.branch}:$GOOD origin $BAD:refs/heads/${n.branch}`],
    });
  }
  w.h2("Fix forward");
  w.p(
    "Revert or fix the release on the source branch" +
      ` (\`${b.gitops!.revision ?? "main"}\`) and let the promotion job roll the fix out from wave 1 as any release.`,
  );
  return w;
}
