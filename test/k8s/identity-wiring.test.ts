import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import { clusterName, stackNames, workloadNamespace } from "../../lib/core/names";
import { GKE_SERVICE_ACCOUNT_ANNOTATION, POD_IDENTITY_ROLE_ANNOTATION } from "../../lib/core/parity";
import { synthesize } from "../../lib/synth";

type Resources = Record<string, Record<string, Record<string, unknown>>>;
type Doc = {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
};

describe("workload identity: manifests and Terraform agree", () => {
  // GIVEN the two-cloud blueprint synthesized end to end (cdktf and cdk8s)
  const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-wiring-"));
  synthesize(b, { outdir: path.join(dir, "cdktf.out"), manifestsDir: path.join(dir, "dist") });
  const resources = (stack: string): Resources =>
    (
      JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8")) as {
        resource: Resources;
      }
    ).resource;
  const serviceAccounts = (cluster: string): Doc[] =>
    fs
      .readdirSync(path.join(dir, "dist", "k8s", cluster))
      .flatMap((f) =>
        parseAllDocuments(fs.readFileSync(path.join(dir, "dist", "k8s", cluster, f), "utf8")).map(
          (d) => d.toJS() as Doc,
        ),
      )
      .filter((d) => d.kind === "ServiceAccount");

  test.each(b.regions.map((r) => [r.key, r] as const))("%s", (_, r) => {
    const cluster = clusterName(b, r);
    const res = resources(stackNames.region(b, r));
    const accounts = serviceAccounts(cluster);
    expect(accounts.map((a) => a.metadata.name).sort()).toEqual(b.workloads.map((w) => w.name).sort());
    if (r.cloud === "aws") {
      // THEN the EKS cluster is named like the folder, and each ServiceAccount has a pod identity
      // association in its namespace whose role is the one the annotation names
      expect(Object.values(res.aws_eks_cluster!).map((c) => c.name)).toEqual([cluster]);
      const associations = Object.values(res.aws_eks_pod_identity_association!);
      const roles = Object.values(res.aws_iam_role!).map((x) => x.name);
      for (const sa of accounts) {
        expect(associations).toContainEqual(
          expect.objectContaining({ namespace: sa.metadata.namespace, service_account: sa.metadata.name }),
        );
        expect(roles).toContain(sa.metadata.annotations![POD_IDENTITY_ROLE_ANNOTATION]);
      }
    } else {
      // THEN the GKE cluster is named like the folder, the annotated Google service account exists,
      // and it lets exactly this namespace/ServiceAccount impersonate it
      expect(Object.values(res.google_container_cluster!).map((c) => c.name)).toEqual([cluster]);
      const emails = Object.values(res.google_service_account!).map(
        (x) => `${x.account_id}@${x.project}.iam.gserviceaccount.com`,
      );
      const members = Object.values(res.google_service_account_iam_member!).map((x) => x.member);
      for (const sa of accounts) {
        expect(emails).toContain(sa.metadata.annotations![GKE_SERVICE_ACCOUNT_ANNOTATION]);
        expect(sa.metadata.namespace).toBe(workloadNamespace(b));
        expect(members).toContain(
          `serviceAccount:${r.project}.svc.id.goog[${sa.metadata.namespace}/${sa.metadata.name}]`,
        );
      }
    }
  });
});
