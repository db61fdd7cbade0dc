import type { TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Suppresses a policy rule on a construct's resources, with a reason. It writes
 * `"//": {"activeactive": {"suppress": {"AA102": "<reason>"}}}` into each
 * Terraform resource under the construct, which `activeactive check` reads
 * from the synthesized JSON and reports as suppressed (never hidden).
 *
 * This is the only policy file that loads cdktf; the engine reads the JSON.
 *
 * @example suppress(records, "AA102", "TTL 300 s is agreed with the DNS team for this zone")
 */
export function suppress(scope: IConstruct, ruleId: string, reason: string): void {
  if (!/^AA\d{3}$/.test(ruleId)) {
    throw new Error(
      `suppress(${scope.node.path}): rule id must look like AA101, got ${JSON.stringify(ruleId)}`,
    );
  }
  if (reason.trim() === "") {
    throw new Error(`suppress(${scope.node.path}, ${ruleId}): a suppression needs a reason`);
  }
  // Loaded here: `require("activeactive")` must not pay for cdktf.
  const { TerraformResource } = require("cdktf") as typeof import("cdktf");
  const resources = scope.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource);
  if (resources.length === 0) {
    throw new Error(`suppress(${scope.node.path}, ${ruleId}): no Terraform resource under this construct`);
  }
  for (const r of resources) r.addOverride(`//.activeactive.suppress.${ruleId}`, reason.trim());
}
