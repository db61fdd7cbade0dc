import type { Blueprint } from "../../blueprint/model";
import { regionalHostname } from "../../core/names";
import {
  alertsSection,
  argocd,
  contextsSection,
  kubectl,
  liftFenceCommands,
  regionNames,
  routingSteps,
} from "./common";
import { lagCommands } from "./data-tier";
import { RunbookWriter } from "./writer";

export function regionFailback(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "region-failback");
  w.p(
    "Return a region to serving after a failover, once the cause is fixed: the same version as the others, its data caught up, then traffic.",
    "The writer of a single-writer engine stays where the failover put it; moving it back is a planned switchover, on a quiet hour, not part of fail-back.",
    "The game-day abort alarm links here: when it trips, it has already stopped every experiment of its region (docs/game-days.md); undo what the experiment took out with the section of that region.",
  );
  alertsSection(w);
  contextsSection(w);
  for (const r of b.regions) {
    const n = regionNames(w, r);
    w.h2(`Bring back ${r.region} (${r.cloud})`);
    w.step({
      title: "Lift the fence: its workloads back, Argo CD syncing again",
      text: `The failover scaled ${r.region}'s workloads to 0 (and suspended Argo CD's auto-sync). Skip this if it was not fenced. With a single-writer engine, lift it only once the writer switchover is done and the region's ConfigMap names the new writer.`,
      run: liftFenceCommands(w, r),
      verify: [`${kubectl(n)} get deploy   # READY at least the autoscaler's floor`],
      undo: [`${kubectl(n)} scale deploy --all --replicas=0`],
    });
    w.step({
      title: "Same version as the other regions, and healthy",
      run: [
        ...(b.gitops?.repoURL !== undefined ? [argocd(n, `app get ${n.application}`)] : []),
        ...n.deployments.map((d) => `${kubectl(n)} rollout status deploy/${d} --timeout=120s`),
        `curl -s -o /dev/null -w '%{http_code}\\n' https://${w.name("hostname", regionalHostname(b, r))}${b.dns.healthCheck.path}   # 200`,
      ],
      verify: ["# Synced and Healthy at the revision the other regions run; every deployment rolled out"],
      undo: "nothing to undo: read only.",
    });
    const lag = lagCommands(w, r);
    if (lag.length > 0) {
      w.step({
        title: "Its data has caught up",
        text: `Serve reads from ${r.region} only when its lag is under ${b.slo.replicationLagSeconds} s again, or users see the past.`,
        run: lag,
        undo: "nothing to undo: read only.",
      });
    }
    routingSteps(w, r, "in");
    w.p(
      `Afterwards: if writes diverged while ${r.region} was away, run ${w.link("partition-reconciliation")}.`,
    );
  }
  return w;
}
