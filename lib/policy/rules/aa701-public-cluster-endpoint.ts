import type { Rule, RuleResult } from "../types";
import { dynamicUnknown, triBool, undetermined, whyUnknown } from "../unknown";
import { blocks, bool, firstOf, str, strList } from "../values";

export const rule: Rule = {
  id: "AA701",
  title: "Cluster API endpoint open to the internet",
  severity: "error",
  failureMode: "F6",
  inputs: ["terraform"],
  covers: ["aws_eks_cluster", "google_container_cluster"],
  rationale:
    "Every region adds a Kubernetes API endpoint; open to the whole internet, each is a target for credential stuffing and API exploits, and one compromised cluster reaches the replicated data.",
  fix: "EKS: endpoint_public_access = false, or public_access_cidrs limited to known ranges. GKE: private_cluster_config.enable_private_endpoint = true, or master_authorized_networks_config without 0.0.0.0/0.",
  unknowns:
    "An endpoint flag, CIDR list or private_cluster_config / master_authorized_networks_config set by an expression or made by a dynamic block over a variable is not judged (info with --unknown info): only an endpoint known to be open is reported.",
  *check(inv) {
    const out: RuleResult[] = [];
    for (const r of inv.ofType("aws_eks_cluster")) {
      const vpc = firstOf(r.values, "vpc_config") ?? {};
      const pub = triBool(inv, r, vpc["endpoint_public_access"]);
      const why = (pub.known ? undefined : pub.why) ?? whyUnknown(inv, r, vpc["public_access_cidrs"]);
      if (why) {
        out.push(undetermined(r, "whether the API endpoint is open to the internet", why));
        continue;
      }
      if (bool(vpc["endpoint_public_access"]) === false) continue;
      const cidrs = strList(vpc["public_access_cidrs"]);
      if (
        cidrs === undefined &&
        vpc["public_access_cidrs"] !== undefined &&
        vpc["public_access_cidrs"] !== null
      )
        continue;
      if (!cidrs || cidrs.length === 0 || cidrs.includes("0.0.0.0/0")) {
        out.push({
          subject: r,
          message: `${r.address} has a public API endpoint open to 0.0.0.0/0 (vpc_config.endpoint_public_access is not false and public_access_cidrs is ${cidrs?.length ? "0.0.0.0/0" : "not set"})`,
        });
      }
    }
    for (const r of inv.ofType("google_container_cluster")) {
      const priv = firstOf(r.values, "private_cluster_config");
      const why =
        (priv
          ? whyUnknown(inv, r, priv["enable_private_endpoint"])
          : dynamicUnknown(inv, r, r.values, "private_cluster_config")) ??
        (firstOf(r.values, "master_authorized_networks_config")
          ? dynamicUnknown(inv, r, firstOf(r.values, "master_authorized_networks_config")!, "cidr_blocks")
          : dynamicUnknown(inv, r, r.values, "master_authorized_networks_config")) ??
        dynamicUnknown(inv, r, r.values, "control_plane_endpoints_config");
      if (why) {
        out.push(undetermined(r, "whether the control-plane endpoint is open to the internet", why));
        continue;
      }
      if (priv && bool(priv["enable_private_endpoint"]) === true) continue;
      // The DNS-based endpoint only (IP endpoints off) is reached through IAM, not an open IP.
      const ipEndpoints = firstOf(firstOf(r.values, "control_plane_endpoints_config"), "ip_endpoints_config");
      if (ipEndpoints && bool(ipEndpoints["enabled"]) === false) continue;
      const man = firstOf(r.values, "master_authorized_networks_config");
      const cidrs = man ? blocks(man["cidr_blocks"]).map((c) => str(c["cidr_block"])) : [];
      if (!man) {
        out.push({
          subject: r,
          message: `${r.address} has a public control-plane endpoint without master_authorized_networks_config`,
        });
      } else if (cidrs.includes("0.0.0.0/0")) {
        out.push({ subject: r, message: `${r.address} authorizes 0.0.0.0/0 to reach the control plane` });
      }
    }
    yield* out;
  },
};
