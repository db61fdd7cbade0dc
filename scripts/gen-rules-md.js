#!/usr/bin/env node
// Writes RULES.md from the rule catalogue. Run `npm run rules:md` (it builds first).
const fs = require("node:fs");
const path = require("node:path");
const { renderRulesMarkdown } = require("../build/lib/policy/docs");
const { RULES } = require("../build/lib/policy/rules");

const target = path.join(__dirname, "..", "RULES.md");
fs.writeFileSync(target, renderRulesMarkdown(RULES));
process.stderr.write(`wrote ${target} (${RULES.length} rules)\n`);
