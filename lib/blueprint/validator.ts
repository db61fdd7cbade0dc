import type Ajv from "ajv";
import type { ValidateFunction } from "ajv";

/** Where `npm run build` writes the precompiled validator (see scripts/compile-validator.js). */
export const PRECOMPILED_VALIDATOR = "validate-blueprint.generated.js";

/** The one ajv set-up for blueprints, at run time or for precompiled code. */
export function compileBlueprintValidator(options: { source?: boolean } = {}): {
  ajv: Ajv;
  validate: ValidateFunction;
} {
  // Loaded here only: the precompiled path needs neither ajv's compiler nor TypeBox.
  const { default: AjvClass } = require("ajv") as typeof import("ajv");
  const { default: addFormats } = require("ajv-formats") as typeof import("ajv-formats");
  const { BlueprintSchema } = require("./schema") as typeof import("./schema");
  const ajv = new AjvClass({
    allErrors: true,
    verbose: true,
    strict: false,
    code: { source: options.source ?? false },
  });
  addFormats(ajv);
  return { ajv, validate: ajv.compile(BlueprintSchema) };
}

let cached: ValidateFunction | undefined;

/**
 * The blueprint validator. Compiling the schema costs ~100 ms a process, so
 * the build ships it precompiled next to this module; from source (tests)
 * it is compiled on first use.
 */
export function blueprintValidator(): ValidateFunction {
  cached ??= precompiled() ?? compileBlueprintValidator().validate;
  return cached;
}

function precompiled(): ValidateFunction | undefined {
  try {
    return require(`./${PRECOMPILED_VALIDATOR}`) as ValidateFunction;
  } catch {
    return undefined;
  }
}
