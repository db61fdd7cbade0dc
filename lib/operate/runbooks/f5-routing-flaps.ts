import type { Blueprint } from "../../blueprint/model";
import { awsTargetGroupName, fitName, regionalHostname, stackNames } from "../../core/names";
import { allRegions, failureModeHeader, kubectl, routingLayer } from "./common";
import { RunbookWriter } from "./writer";

export function routingFlaps(b: Blueprint): RunbookWriter {
  const w = new RunbookWriter(b, "F5");
  const hc = b.dns.healthCheck;
  const detect = hc.intervalSeconds * hc.failureThreshold;
  failureModeHeader(
    w,
    "F5",
    `Health checks probe \`https://<region>.${b.dns.domain}:${hc.port}${hc.path}\` every ${hc.intervalSeconds} s and act after ${hc.failureThreshold} failures (about ${detect} s), then clients follow within the ${b.dns.ttlSeconds} s TTL. A region that goes in and out of rotation faster than that is flapping: the probe is too shallow or too strict, the threshold too low, or the region really is on the edge.`,
  );
  const regions = allRegions(w);
  const layer = routingLayer(b);

  w.h2("Which endpoint flaps, and why");
  if (layer !== "gcp-load-balancer") {
    w.step({
      title: "Health-check status and last failure per region",
      text: "Route 53 checkers in several locations probe each regional name; their last failure reasons tell a timeout (capacity, network) from a 5xx (the app).",
      run: regions.flatMap((n) => {
        const host = w.name("hostname", regionalHostname(b, n.region));
        return [
          `ID=$(aws route53 list-health-checks --query "HealthChecks[?HealthCheckConfig.FullyQualifiedDomainName=='${host}'].Id" --output text)`,
          `aws route53 get-health-check-status --health-check-id $ID --query 'HealthCheckObservations[].[Region,StatusReport.Status]' --output table`,
          `aws route53 get-health-check-last-failure-reason --health-check-id $ID --query 'HealthCheckObservations[].StatusReport.Status' --output text`,
        ];
      }),
      undo: "nothing to undo: read only.",
    });
  } else {
    const service = w.name("gcp-backend-service", `${fitName(b.name, 40)}-all`, stackNames.gcpGlobal(b));
    w.step({
      title: "Backend health per zone",
      run: [
        `gcloud compute backend-services get-health ${service} --global --project ${regions[0]!.region.project} \\`,
        "  --format='table(backend.basename(),status.healthStatus[].healthState)'",
      ],
      undo: "nothing to undo: read only.",
    });
  }
  w.step({
    title: "Probe it yourself, and look at the pods behind it",
    text: `The probe should fail only when the region cannot serve: a readiness path that checks a remote dependency fails every region at once.`,
    run: regions.flatMap((n) => [
      `for i in $(seq 10); do curl -s -o /dev/null -w '%{http_code} %{time_total}s\\n' https://${regionalHostname(b, n.region)}${hc.path}; sleep 1; done`,
      `${kubectl(n)} get pods -o wide`,
      `${kubectl(n)} get events --sort-by=.lastTimestamp | tail -20`,
    ]),
    undo: "nothing to undo: read only.",
  });
  const aws = regions.filter((n) => n.region.cloud === "aws");
  const front = b.workloads[0];
  if (aws.length > 0 && front !== undefined) {
    w.step({
      title: "Load balancer targets per AWS region",
      run: aws.flatMap((n) => {
        const tg = w.name("target-group", awsTargetGroupName(b, n.region, front.name), n.stack);
        return [
          `aws elbv2 describe-target-health --region ${n.region.region} --target-group-arn \\`,
          `  $(aws elbv2 describe-target-groups --region ${n.region.region} --names ${tg} --query 'TargetGroups[0].TargetGroupArn' --output text) \\`,
          "  --query 'TargetHealthDescriptions[].[Target.Id,TargetHealth.State,TargetHealth.Reason]' --output table",
        ];
      }),
      undo: "nothing to undo: read only.",
    });
  }

  w.h2("Add hysteresis");
  w.p(
    `Raise \`spec.dns.healthCheck.failureThreshold\` (now ${hc.failureThreshold}) so a short blip does not move traffic, keeping interval × threshold + TTL under \`spec.slo.failoverSeconds\` (${b.slo.failoverSeconds} s): \`activeactive check\` (AA103) recomputes it.`,
    "Lowering `spec.dns.ttlSeconds` makes clients follow faster after recovery, at the cost of more DNS queries.",
  );
  w.step({
    title: "Apply the new health-check settings",
    run: [
      "npx activeactive synth <your blueprint file> && npx activeactive check cdktf.out",
      `terraform -chdir=cdktf.out/stacks/${w.name("stack", layer === "gcp-load-balancer" ? stackNames.gcpGlobal(b) : stackNames.global(b))} apply`,
    ],
    verify: ["# the status in step 1 stays Success through the next blips"],
    undo: "restore the previous values in the blueprint and apply again.",
  });
  w.p(
    "`ActiveActiveRegionNoTraffic` fires when a region received nothing for 10 minutes: expected during a failover (weight 0), a routing fault otherwise. Compare with the weights in the region failover runbook.",
  );
  return w;
}
