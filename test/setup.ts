import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// cdktf's Testing.app() leaves `cdktf.outdir.*` folders in TMPDIR: give each
// worker its own folder and remove it when the file's tests are done.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "activeactive-jest-"));
process.env.TMPDIR = dir;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
