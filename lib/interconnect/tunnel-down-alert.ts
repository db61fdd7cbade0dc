import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Construct } from "constructs";
import { documentWithRunbook } from "../operate/runbooks/links";

export interface TunnelDownAlertProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** The link's name; its tunnels are named `<name>-0` to `<name>-3`. */
  readonly linkName: string;
  readonly notificationChannels: readonly string[];
  /** The runbook its alarms link to (`lib/operate/runbooks`). @default - no link */
  readonly runbookUrl?: string;
  /**
   * How long a tunnel may be down before the alert fires.
   * @default 300
   */
  readonly durationSeconds?: number;
}

/**
 * A Cloud Monitoring alert when any tunnel of an HA VPN link is not
 * established: traffic still flows over the other tunnels, but the link has
 * lost redundancy and one more failure cuts the clouds apart.
 * @see https://cloud.google.com/network-connectivity/docs/vpn/how-to/viewing-logs-metrics
 */
export class TunnelDownAlert extends Construct {
  readonly policy: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: TunnelDownAlertProps) {
    super(scope, id);
    this.policy = new MonitoringAlertPolicy(this, "Resource", {
      provider: props.provider,
      project: props.project,
      displayName: `${props.linkName} VPN tunnel down`,
      combiner: "OR",
      severity: "WARNING",
      conditions: [
        {
          displayName: `A tunnel of ${props.linkName} is not established`,
          conditionThreshold: {
            filter: `resource.type = "vpn_gateway" AND metric.type = "vpn.googleapis.com/tunnel_established" AND metric.labels.tunnel_name = starts_with("${props.linkName}-")`,
            comparison: "COMPARISON_LT",
            thresholdValue: 1,
            duration: `${props.durationSeconds ?? 300}s`,
            aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MIN" }],
            trigger: { count: 1 },
          },
        },
      ],
      notificationChannels: [...props.notificationChannels],
      alertStrategy: { autoClose: "1800s" },
      documentation: {
        mimeType: "text/markdown",
        content: documentWithRunbook(
          `A tunnel of the AWS-Google Cloud link ${props.linkName} is down. The other tunnels carry the traffic; check the AWS VPN tunnel logs and the Cloud Router BGP sessions before another fails.`,
          props.runbookUrl,
        ),
      },
    });
  }
}
