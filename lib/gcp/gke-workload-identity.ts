import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";

export interface GkeWorkloadIdentityProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** Google service account id (6-30 characters), from `gcpWorkloadServiceAccountId`. */
  readonly accountId: string;
  /** Namespace and name of the Kubernetes service account allowed to act as it. */
  readonly namespace: string;
  readonly kubernetesServiceAccount: string;
  /**
   * Project roles the workload needs, e.g. `roles/cloudsql.client`.
   * @default [] - grant data access where the data is
   */
  readonly projectRoles?: readonly string[];
}

/**
 * A workload's Google identity on GKE: a service account with no keys, that
 * only the named Kubernetes service account may impersonate through Workload
 * Identity. Grant it data access where the data is.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 */
export class GkeWorkloadIdentity extends Construct {
  readonly serviceAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: GkeWorkloadIdentityProps) {
    super(scope, id);
    this.serviceAccount = new ServiceAccount(this, "Resource", {
      provider: props.provider,
      project: props.project,
      accountId: props.accountId,
      displayName: `Workload ${props.namespace}/${props.kubernetesServiceAccount}`,
    });
    new ServiceAccountIamMember(this, "WorkloadIdentityUser", {
      provider: props.provider,
      serviceAccountId: this.serviceAccount.name,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${props.project}.svc.id.goog[${props.namespace}/${props.kubernetesServiceAccount}]`,
    });
    for (const role of props.projectRoles ?? []) {
      new ProjectIamMember(this, `Role-${role.replace("roles/", "")}`, {
        provider: props.provider,
        project: props.project,
        role,
        member: this.serviceAccount.member,
      });
    }
  }
}
