import * as fs from "node:fs";
import { loadBlueprintFile, resolveBlueprint } from "../../lib/blueprint/load";
import { describeWithRunbook, documentWithRunbook, runbookUrl } from "../../lib/operate/runbooks/links";
import { minimalBlueprint } from "../helpers/blueprints";

function withGitops(gitops?: Record<string, unknown>) {
  const doc = minimalBlueprint("dynamodb");
  if (gitops !== undefined) doc.spec.gitops = gitops;
  return resolveBlueprint(doc as never);
}

describe("runbook links", () => {
  test("without a GitOps repository: the path relative to the output folder", () => {
    expect(runbookUrl(withGitops(), "F2")).toBe("runbooks/F2-replication-lag.md");
  });

  test("with an https repository: a web URL at the revision, beside the manifests folder", () => {
    const b = withGitops({ repoURL: "https://github.com/acme/shop-deploy.git", revision: "release" });
    expect(runbookUrl(b, "region-failover")).toBe(
      "https://github.com/acme/shop-deploy/blob/release/dist/runbooks/region-failover.md",
    );
  });

  test("an ssh remote becomes its web address; a custom manifests path moves the folder", () => {
    const b = withGitops({ repoURL: "git@gitlab.example.com:ops/shop.git", path: "deploy/out/k8s" });
    expect(runbookUrl(b, "F1")).toBe(
      "https://gitlab.example.com/ops/shop/blob/main/deploy/out/runbooks/F1-split-brain-writes.md",
    );
  });

  test("a manifests path at the repository root puts the runbooks at runbooks/", () => {
    const b = withGitops({ repoURL: "https://github.com/acme/shop-deploy", path: "k8s" });
    expect(runbookUrl(b, "F7")).toBe(
      "https://github.com/acme/shop-deploy/blob/main/runbooks/F7-cost-explosion.md",
    );
  });

  test("docs/operate.md shows the link the default blueprint really gets", () => {
    const url = runbookUrl(loadBlueprintFile("blueprints/global-saas.yaml"), "F2");
    expect(fs.readFileSync("docs/operate.md", "utf8")).toContain(url);
  });
});

describe("alert texts carry the link", () => {
  test("CloudWatch: the link ends the description, and the description stays within 1024 characters", () => {
    const url = "https://github.com/acme/shop-deploy/blob/main/dist/runbooks/F2-replication-lag.md";
    expect(describeWithRunbook("lag above 5 s", url)).toBe(`lag above 5 s Runbook: ${url}`);
    const long = describeWithRunbook("x".repeat(2000), url);
    expect(long.length).toBe(1024);
    expect(long.endsWith(` Runbook: ${url}`)).toBe(true);
  });

  test("without a link the text is unchanged", () => {
    expect(describeWithRunbook("lag above 5 s", undefined)).toBe("lag above 5 s");
    expect(documentWithRunbook("Lag.", undefined)).toBe("Lag.");
  });

  test("Cloud Monitoring: a Markdown link after the text", () => {
    expect(documentWithRunbook("Lag.", "runbooks/F2-replication-lag.md")).toBe(
      "Lag.\n\nRunbook: [F2-replication-lag.md](runbooks/F2-replication-lag.md)",
    );
  });
});
