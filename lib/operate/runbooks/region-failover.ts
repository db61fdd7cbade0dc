import type { Blueprint } from "../../blueprint/model";
import { healthAlarmTopicName, regionalHostname, stackNames } from "../../core/names";
import { blueprintAlerts } from "./alerts";
import {
  alertsSection,
  contextsSection,
  fenceRegionStep,
  kubectl,
  losesGlobalStackRegion,
  regionNames,
  routingLayer,
  routingSteps,
} from "./common";
import { regionLossData } from "./data-tier";
import { RunbookWriter } from "./writer";

export function regionFailover(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "region-failover");
  const hc = b.dns.healthCheck;
  w.p(
    `Take one region out of serving and keep the others up. Health checks already do the routing part on their own (${hc.failureThreshold} × ${hc.intervalSeconds} s, then the ${b.dns.ttlSeconds} s TTL; the objective is ${b.slo.failoverSeconds} s): this runbook is for when they did not, for a region that is up but wrong (error budget burning), and for the data tier, which health checks do not move.`,
  );
  alertsSection(w);
  contextsSection(w);
  for (const r of b.regions) {
    const n = regionNames(w, r);
    const others = b.regions.filter((o) => o.key !== r.key).map((o) => regionNames(w, o));
    w.h2(`Lose ${r.region} (${r.cloud})`);
    const confirm: string[] = [];
    const survivorsAlarms = blueprintAlerts(b).filter(
      (a) => a.system === "cloudwatch" && a.region !== r.region && a.region !== undefined,
    );
    if (losesGlobalStackRegion(r)) {
      // The health-check alarms are in the lost region itself: ask the survivors' own alarms.
      for (const region of [...new Set(survivorsAlarms.map((a) => a.region!))]) {
        const names = survivorsAlarms
          .filter((a) => a.region === region)
          .map((a) => w.name("cloudwatch-alarm", a.name, a.where));
        confirm.push(
          `aws cloudwatch describe-alarms --region ${region} --alarm-names ${names.join(" ")} \\`,
          "  --query 'MetricAlarms[].[AlarmName,StateValue,StateReason]' --output table",
        );
      }
    } else if (routingLayer(b) !== "gcp-load-balancer") {
      const alarm = w.name(
        "cloudwatch-alarm",
        `${healthAlarmTopicName(b)}-${r.key}-unhealthy`,
        w.name("stack", stackNames.global(b)),
      );
      confirm.push(
        `aws cloudwatch describe-alarms --region us-east-1 --alarm-names ${alarm} --query 'MetricAlarms[0].[StateValue,StateReason]'`,
      );
    }
    confirm.push(
      `curl -s -o /dev/null -w '%{http_code}\\n' https://${w.name("hostname", regionalHostname(b, r))}${hc.path}`,
      `${kubectl(n)} get pods`,
    );
    w.step({
      title: "Confirm what is down",
      text: `A region whose health check fails but whose pods are Ready is a probe or network problem (routing flaps runbook), not a lost region.${losesGlobalStackRegion(r) ? ` The health-check alarms live in ${r.region} itself and do not answer while it is out: read the surviving regions' alarms instead.` : ""}`,
      run: confirm,
      undo: "nothing to undo: read only.",
    });
    routingSteps(w, r, "out", true);
    fenceRegionStep(w, r);
    w.step({
      title: "The data tier",
      text: regionLossData(w, r),
      undo: "each data-tier action has its own verify and undo in the runbook it points to.",
    });
    const front = b.workloads[0]?.name ?? "";
    w.step({
      title: "Check that the survivors hold the load",
      text: `They now take ${r.region}'s share of traffic on top of their own. Pending pods or autoscalers at their maximum mean they do not: raise \`autoscaling.max\` or shed load.`,
      run: others.flatMap((o) => [
        `${kubectl(o)} get hpa`,
        `${kubectl(o)} get pods --field-selector=status.phase=Pending`,
      ]),
      verify: others.map((o) => `${kubectl(o)} rollout status deploy/${front} --timeout=60s`),
      undo: "nothing to undo: read only.",
    });
    w.p(`Bring ${r.region} back with ${w.link("region-failback")}.`);
  }
  return w;
}
