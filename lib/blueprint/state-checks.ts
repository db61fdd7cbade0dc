import { formatPath, type Problem } from "../core/errors";
import type { BlueprintInput } from "./schema";

/**
 * `spec.state`: an S3 state bucket must be in one of the blueprint's AWS
 * regions, so the state of every stack shares a fate with a region the
 * blueprint runs in and is never the only thing left in a region it does not.
 */
export function stateChecks(input: BlueprintInput, problems: Problem[]): void {
  const state = input.spec.state;
  if (state?.backend !== "s3") return;
  const aws = input.spec.regions.filter((r) => r.cloud === "aws").map((r) => r.region);
  if (!aws.includes(state.region)) {
    problems.push({
      path: formatPath(["spec", "state", "region"]),
      message: "the S3 state bucket must be in one of the blueprint's AWS regions",
      found: state.region,
      expected:
        aws.length > 0 ? `one of ${aws.join(", ")}` : "an aws region in spec.regions, or backend gcs/local",
    });
  }
}
