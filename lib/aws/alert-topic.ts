import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";

export interface AlertTopicOptions {
  readonly provider: TerraformProvider;
  readonly name: string;
  /** Key the topic is encrypted with; CloudWatch must be allowed to use it. */
  readonly kmsKeyArn: string;
  /** One e-mail subscription each (confirmed by the recipient). */
  readonly alertEmails: readonly string[];
}

/**
 * The encrypted SNS topic an alarm construct pages through, with its e-mail
 * subscriptions. Created in `scope` itself (ids `Topic`, `Email1`…), so the
 * Terraform addresses stay those of the construct that owns the alarms.
 */
export function addAlertTopic(scope: Construct, o: AlertTopicOptions): SnsTopic {
  const topic = new SnsTopic(scope, "Topic", {
    provider: o.provider,
    name: o.name,
    kmsMasterKeyId: o.kmsKeyArn,
  });
  o.alertEmails.forEach((email, i) => {
    new SnsTopicSubscription(scope, `Email${i + 1}`, {
      provider: o.provider,
      topicArn: topic.arn,
      protocol: "email",
      endpoint: email,
    });
  });
  return topic;
}
