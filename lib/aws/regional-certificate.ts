import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, type TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";

export interface RegionalCertificateProps {
  /** The aliased provider of the load balancer's region (ACM certificates are regional). */
  readonly provider: TerraformProvider;
  /** The certificate's first name, e.g. `us-east-1.api.example.com`. */
  readonly domainName: string;
  /** More names on it, e.g. the global `api.example.com`. @default [] */
  readonly alternativeNames?: readonly string[];
  /** Route 53 hosted zone that holds every name: the validation records go there. */
  readonly zoneId: string;
}

/**
 * An ACM certificate validated through DNS in a Route 53 zone: one
 * validation record per name and an `aws_acm_certificate_validation` that
 * waits until it is issued, so listeners never get a pending certificate.
 *
 * ACM gives the same validation record for the same name in every region
 * of an account, so the record of a name shared by several regional
 * certificates (the global name) is written by each of them
 * (`allow_overwrite`); see docs/aws.md before destroying a region.
 *
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/acm_certificate_validation
 */
export class RegionalCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly validation: AcmCertificateValidation;
  readonly validationRecords: Route53Record;
  /** The ARN of the issued certificate (read through the validation). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: RegionalCertificateProps) {
    super(scope, id);
    const names = [props.domainName, ...(props.alternativeNames ?? [])];
    if (new Set(names).size !== names.length) {
      throw invalidProp(this, "a name is listed twice", names.join(", "), "distinct names");
    }
    this.certificate = new AcmCertificate(this, "Resource", {
      provider: props.provider,
      domainName: props.domainName,
      subjectAlternativeNames: [...(props.alternativeNames ?? [])],
      validationMethod: "DNS",
      tags: { Name: props.domainName },
      lifecycle: { createBeforeDestroy: true },
    });
    // Keyed by the names themselves, known before apply, so the records plan
    // offline; each picks its values from the certificate's validation options.
    const byName = TerraformIterator.fromList(names);
    const option = (attr: string) =>
      `\${one([for o in ${this.certificate.fqn}.domain_validation_options : o.${attr} if o.domain_name == each.key])}`;
    this.validationRecords = new Route53Record(this, "ValidationRecord", {
      provider: props.provider,
      forEach: byName,
      zoneId: props.zoneId,
      name: option("resource_record_name"),
      type: option("resource_record_type"),
      records: [option("resource_record_value")],
      ttl: 60,
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, "Validation", {
      provider: props.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(
        TerraformIterator.fromResources(this.validationRecords).pluckProperty("fqdn"),
      ),
    });
    this.arn = this.validation.certificateArn;
  }
}
