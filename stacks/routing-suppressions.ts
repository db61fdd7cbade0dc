import { TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

/** Policy rule AA401 (budget per region) and why global routing is exempt from it. */
export const GLOBAL_ROUTING_AA401 = {
  ruleId: "AA401",
  alarms: "Route 53 health-check metrics and their alarms exist only in us-east-1",
  accelerator: "Global Accelerator is a global service; its API lives in us-west-2",
} as const;

/**
 * Marks every Terraform resource under `scope` as exempt from AA401, with
 * the reason, in the format `suppress()` of lib/suppress.ts writes
 * (`"//": {"activeactive": {"suppress": {...}}}`); `activeactive check`
 * reports it as suppressed, never hides it. Global routing lives in fixed
 * regions (us-east-1, us-west-2) that are not serving regions with a budget.
 */
export function exemptFromRegionBudget(scope: IConstruct, reason: string): void {
  for (const r of scope.node.findAll()) {
    if (r instanceof TerraformResource) {
      r.addOverride(`//.activeactive.suppress.${GLOBAL_ROUTING_AA401.ruleId}`, reason);
    }
  }
}
