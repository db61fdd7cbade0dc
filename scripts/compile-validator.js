// Precompiles the blueprint validator into the build (ajv standalone code),
// so a CLI run does not pay ~100 ms compiling the schema. Runs after tsc.
const fs = require("node:fs");
const path = require("node:path");
const standalone = require("ajv/dist/standalone").default;
const { compileBlueprintValidator, PRECOMPILED_VALIDATOR } = require("../build/lib/blueprint/validator");

const { ajv, validate } = compileBlueprintValidator({ source: true });
fs.writeFileSync(
  path.join(__dirname, "..", "build", "lib", "blueprint", PRECOMPILED_VALIDATOR),
  standalone(ajv, validate),
);
