import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { regionProvider } from "../lib/aws/provider";
import { type Blueprint, regionsOf } from "../lib/blueprint/model";
import { defaultTunnelCidrs, tunnelAddressPlan } from "../lib/core/address-plan";
import { invalidProp } from "../lib/core/errors";
import { fitName, gcpNetworkName, regionalName } from "../lib/core/names";
import { gcpLabels } from "../lib/gcp/labels";
import { EmailNotificationChannels } from "../lib/gcp/notification-channels";
import { AwsGcpHaVpn } from "../lib/interconnect/aws-gcp-ha-vpn";
import { TunnelDownAlert } from "../lib/interconnect/tunnel-down-alert";
import { alertRunbookUrl } from "../lib/operate/runbooks/alerts";
import { stateBackend } from "./state-backend";

export interface InterconnectStackProps {
  readonly blueprint: Blueprint;
}

/**
 * The encrypted links between the clouds: one redundant HA VPN
 * (`AwsGcpHaVpn`) per `interconnect.pairs` entry. Both halves live here
 * because each needs the other's addresses (the AWS customer gateways take
 * the GCP gateway's IPs, the GCP external gateway takes the AWS tunnel
 * IPs); the AWS VPC and the GCP network are found by their deterministic
 * names, never by cross-stack references. Deployed after the region stacks.
 * Owns one google provider per linked gcp region, one AWS provider per
 * linked AWS region, and the random provider for the pre-shared keys.
 */
export class InterconnectStack extends TerraformStack {
  readonly links: AwsGcpHaVpn[] = [];

  constructor(scope: Construct, id: string, props: InterconnectStackProps) {
    super(scope, id);
    const b = props.blueprint;
    const ic = b.interconnect;
    if (ic === undefined)
      throw invalidProp(
        this,
        "blueprint: no interconnect to build",
        "no spec.interconnect",
        "a blueprint with an interconnect",
      );
    stateBackend(this, b);
    const random = new RandomProvider(this, "random");
    const google: Record<string, GoogleProvider> = {};
    const aws: Record<string, AwsProvider> = {};
    const channels: Record<string, string[]> = {};
    const gcpCidrs = regionsOf(b, "gcp").map((r) => r.cidr);

    ic.pairs.forEach((pair, i) => {
      const gcpRegion = b.regions.find((r) => r.cloud === "gcp" && r.region === pair.gcp);
      const awsRegion = b.regions.find((r) => r.cloud === "aws" && r.region === pair.aws);
      // The loader checks that every pair names regions of the blueprint.
      if (gcpRegion?.project === undefined || awsRegion === undefined) {
        throw invalidProp(
          this,
          `interconnect pair ${i} names a region the blueprint lacks`,
          `${pair.aws}/${pair.gcp}`,
          "regions of the blueprint",
        );
      }
      google[pair.gcp] ??= new GoogleProvider(this, `google-${pair.gcp}`, {
        alias: pair.gcp,
        project: gcpRegion.project,
        region: pair.gcp,
        defaultLabels: gcpLabels(b, gcpRegion),
      });
      aws[pair.aws] ??= regionProvider(this, { region: pair.aws, tags: b.tags });
      const name = fitName(`${b.name}-${pair.aws}-${pair.gcp}`, 50);
      const linkId = `Link-${pair.aws}-${pair.gcp}`;
      this.links.push(
        new AwsGcpHaVpn(this, linkId, {
          googleProvider: google[pair.gcp]!,
          awsProvider: aws[pair.aws]!,
          randomProvider: random,
          project: gcpRegion.project,
          gcpRegion: pair.gcp,
          network: `projects/${gcpRegion.project}/global/networks/${gcpNetworkName(b)}`,
          name,
          awsVpcName: regionalName(b, awsRegion),
          plan: tunnelAddressPlan(pair.tunnelCidrs ?? defaultTunnelCidrs(i), ic.awsAsn, ic.gcpAsn),
          gcpCidrs,
          labels: gcpLabels(b, gcpRegion),
        }),
      );
      channels[pair.gcp] ??= new EmailNotificationChannels(this, `Notifications-${pair.gcp}`, {
        provider: google[pair.gcp]!,
        project: gcpRegion.project,
        name,
        emails: b.budget.alertEmails,
        labels: gcpLabels(b, gcpRegion),
      }).ids;
      new TunnelDownAlert(this, `${linkId}-TunnelDownAlert`, {
        provider: google[pair.gcp]!,
        project: gcpRegion.project,
        linkName: name,
        notificationChannels: channels[pair.gcp]!,
        runbookUrl: alertRunbookUrl(b, "vpn-tunnel-down"),
      });
    });
  }
}
