// Writes blueprint.schema.json from the one TypeBox definition (run after `npm run build`).
const fs = require("node:fs");
const path = require("node:path");
const { blueprintJsonSchema } = require("../build/lib/blueprint/json-schema");
fs.writeFileSync(path.join(__dirname, "..", "blueprint.schema.json"), blueprintJsonSchema());
