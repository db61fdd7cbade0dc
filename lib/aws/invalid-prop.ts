import type { IConstruct } from "constructs";
import { UsageError } from "../errors";

/**
 * A construct prop the construct cannot build: the one error type, located at
 * the construct path (`<stack>/<construct>`), with what was found and what is
 * expected. The CLI prints it without a stack trace.
 */
export function invalidProp(scope: IConstruct, message: string, found: string, expected: string): UsageError {
  return new UsageError({ path: scope.node.path, message, found, expected });
}
