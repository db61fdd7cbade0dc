import * as fs from "node:fs";
import { PATTERNS } from "../../lib/blueprint/schema";
import { APP_METRICS, IDEMPOTENCY_KEY_HEADER, PATTERN_CONTRACTS } from "../../lib/core/app-contract";

const doc = fs.readFileSync("docs/patterns.md", "utf8");

/** The text of one `## \`pattern\`` section. */
function section(pattern: string): string {
  const start = doc.indexOf(`## \`${pattern}\``);
  if (start < 0) return "";
  const next = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

describe("docs/patterns.md states the application contract of lib/core/app-contract.ts", () => {
  test("one section per pattern of the schema, and no other", () => {
    const documented = [...doc.matchAll(/^## `([a-z-]+)`$/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...PATTERNS].sort());
  });

  test.each(Object.entries(PATTERN_CONTRACTS))(
    "%s: every duty and every metric, and only those metrics",
    (p, c) => {
      const text = section(p);
      for (const line of [...c.app, ...c.platform]) expect(text).toContain(`- ${line}`);
      const metrics = [...text.matchAll(/`(activeactive_[a-z_]+)`/g)].map((m) => m[1]).sort();
      expect(metrics).toEqual(c.metrics.map((m) => APP_METRICS[m]).sort());
    },
  );

  test("names the idempotency header", () => {
    expect(doc).toContain(`\`${IDEMPOTENCY_KEY_HEADER}\``);
  });
});
