import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBlueprintFile } from "../../lib/blueprint/load";

describe("workload checks at load time", () => {
  test("an unpinned image is refused by the loader, with file, path and line", () => {
    // GIVEN the default blueprint with the workload image's tag removed
    const text = fs
      .readFileSync("blueprints/global-saas.yaml", "utf8")
      .replace("image: ghcr.io/example/api:1.4.2", "image: ghcr.io/example/api");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "k8s-load-")), "bp.yaml");
    fs.writeFileSync(file, text);
    const line = text.split("\n").findIndex((l) => l.includes("image: ghcr.io/example/api")) + 1;
    // WHEN loaded THEN the error names the file, the line and the path
    expect(() => loadBlueprintFile(file)).toThrow(
      new RegExp(
        `^${file.replace(/[.]/g, "\\.")}:${line}:\\d+: spec\\.workloads\\[0\\]\\.image: the image must be pinned`,
      ),
    );
  });
});
