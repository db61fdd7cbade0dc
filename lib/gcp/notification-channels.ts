import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Construct } from "constructs";

export interface EmailNotificationChannelsProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** Display name prefix, e.g. the region's resource name. */
  readonly name: string;
  readonly emails: readonly string[];
  /** @default - no labels */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * One Cloud Monitoring e-mail channel per address; budgets and alert
 * policies of a stack notify through them.
 * @see https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/monitoring_notification_channel
 */
export class EmailNotificationChannels extends Construct {
  /** Channel ids (`projects/<p>/notificationChannels/<n>`). */
  readonly ids: string[];

  constructor(scope: Construct, id: string, props: EmailNotificationChannelsProps) {
    super(scope, id);
    this.ids = props.emails.map(
      (email, i) =>
        new MonitoringNotificationChannel(this, `Email${i}`, {
          provider: props.provider,
          project: props.project,
          displayName: `${props.name} ${email}`,
          type: "email",
          labels: { email_address: email },
          userLabels: { ...(props.labels ?? {}) },
        }).id,
    );
  }
}
