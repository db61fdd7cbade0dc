import { BlueprintSchema } from "./schema";

/**
 * The published JSON Schema of the blueprint (for editors and other tools),
 * rendered from the same definition the loader validates with.
 */
export function blueprintJsonSchema(): string {
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://activeactive.dev/schemas/blueprint-v1.json",
    title: "activeactive Blueprint v1",
    ...JSON.parse(JSON.stringify(BlueprintSchema)),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
