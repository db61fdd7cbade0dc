// Precompiles the blueprint validator into the build (ajv standalone code),
// so a CLI run does not pay ~100 ms compiling the schema. Runs after tsc.
// `node scripts/compile-validator.js [buildDir]`: buildDir defaults to build/.
const fs = require("node:fs");
const path = require("node:path");
const standalone = require("ajv/dist/standalone").default;

const build = path.resolve(process.argv[2] ?? path.join(__dirname, "..", "build"));
const { compileBlueprintValidator, PRECOMPILED_VALIDATOR } = require(
  path.join(build, "lib", "blueprint", "validator"),
);

const { ajv, validate } = compileBlueprintValidator({ source: true });
fs.writeFileSync(path.join(build, "lib", "blueprint", PRECOMPILED_VALIDATOR), standalone(ajv, validate));
