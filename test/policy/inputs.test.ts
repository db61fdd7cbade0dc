import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { stdin } from "../../lib/cli/check";
import { check, format, loadInventory, parseConfig } from "../../lib/policy";
import { runCli } from "../helpers/run-cli";

const INPUTS = path.join(__dirname, "..", "fixtures", "policy", "_inputs");
const KUSTOMIZE = path.join(INPUTS, "kustomize");

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aa-inputs-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
    fs.writeFileSync(path.join(tmp, name), text);
  }
}

const brief = (fs: { ruleId: string; file: string | null; line: number | null; message: string }[]) =>
  fs.map((f) => [f.ruleId, f.file, f.line, f.message]);

describe("kustomize", () => {
  test("GIVEN per-region overlays of one base, one overlay on another image tag, clusters named in .activeactive.yaml WHEN checked THEN AA502 names that region and only that one, and the patched replica count is what is checked", async () => {
    const r = await check([KUSTOMIZE], { cwd: KUSTOMIZE, rules: ["AA502", "AA603"] });
    expect(brief(r.findings)).toEqual([
      [
        "AA502",
        "overlays/ap-southeast-1/kustomization.yaml",
        12,
        "Deployment/app/api in cluster ap-southeast-1 differs from cluster eu-west-1 at spec.template.spec.containers.api.image",
      ],
    ]);
    // The base is not a cluster; the three overlays are.
    expect([...new Set(r.inventory.objects.map((o) => o.cluster))].sort()).toEqual([
      "ap-southeast-1",
      "eu-west-1",
      "us-east-1",
    ]);
    // replicas: 1 in base/deployment.yaml, 3 in each overlay's replicas.yaml patch: no "runs 1 replica".
    const api = r.inventory.ofKind("Deployment").filter((o) => o.name === "api");
    expect(api.map((o) => [o.cluster, (o.doc["spec"] as { replicas: number }).replicas])).toEqual([
      ["ap-southeast-1", 3],
      ["eu-west-1", 3],
      ["us-east-1", 3],
    ]);
    // The component's JSON 6902 patch and the base's images: entry were applied.
    const container = (o: (typeof api)[number]) =>
      (o.doc["spec"] as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec
        .containers[0]!;
    expect(api.map((o) => [container(o)["image"], container(o)["livenessProbe"] !== undefined])).toEqual([
      ["ghcr.io/example/api:1.4.2", true],
      ["ghcr.io/example/api:1.5.0", true],
      ["ghcr.io/example/api:1.5.0", true],
    ]);
  });

  test("GIVEN the same overlays and no cluster statement THEN no folder is a cluster: AA502 compares nothing, and a base object's finding is reported once, not once per overlay", async () => {
    const r = await check([KUSTOMIZE], { cwd: KUSTOMIZE, config: false, rules: ["AA502", "AA601"] });
    expect(brief(r.findings)).toEqual([
      ["AA601", "base/worker.yaml", 2, "Deployment/app/worker: container(s) worker have no readinessProbe"],
    ]);
    expect(r.inventory.objects.every((o) => o.cluster === "")).toBe(true);
  });

  test("GIVEN strategic-merge patches (by merge key, with $patch: delete), patchesStrategicMerge, JSON 6902, namespace, namePrefix, commonLabels and an image digest THEN the built objects are what kustomize builds", async () => {
    write({
      "app/kustomization.yaml": [
        "namespace: shop",
        "namePrefix: eu-",
        "commonLabels: { team: payments }",
        "resources: [deploy.yaml]",
        "patchesStrategicMerge: [env.yaml]",
        "patchesJson6902:",
        "  - target: { group: apps, version: v1, kind: Deployment, name: api }",
        "    path: ops.yaml",
        "images:",
        "  - { name: api, newName: registry.example.com/api, digest: 'sha256:abc' }",
        "",
      ].join("\n"),
      "app/deploy.yaml": [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: { name: api }",
        "spec:",
        "  replicas: 2",
        "  selector: { matchLabels: { app: api } }",
        "  template:",
        "    metadata: { labels: { app: api } }",
        "    spec:",
        "      containers:",
        "        - name: api",
        "          image: api:1",
        "          env: [{ name: A, value: '1' }, { name: B, value: '2' }]",
        "        - name: sidecar",
        "          image: proxy:1",
        "",
      ].join("\n"),
      "app/env.yaml": [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: { name: api }",
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: api",
        "          env: [{ name: B, value: '3' }, { name: C, value: '4' }]",
        "        - { name: sidecar, $patch: delete }",
        "",
      ].join("\n"),
      "app/ops.yaml": "- { op: replace, path: /spec/replicas, value: 4 }\n",
    });
    const inv = await loadInventory([tmp], { cwd: tmp });
    expect(inv.errors).toEqual([]);
    const [o] = inv.objects;
    expect([o!.kind, o!.namespace, o!.name]).toEqual(["Deployment", "shop", "eu-api"]);
    expect(o!.doc["spec"]).toEqual({
      replicas: 4,
      selector: { matchLabels: { app: "api", team: "payments" } },
      template: {
        metadata: { labels: { app: "api", team: "payments" } },
        spec: {
          containers: [
            {
              name: "api",
              image: "registry.example.com/api@sha256:abc",
              env: [
                { name: "A", value: "1" },
                { name: "B", value: "3" },
                { name: "C", value: "4" },
              ],
            },
          ],
        },
      },
    });
  });

  test("GIVEN a kustomization with mistakes THEN each is an input error with the kustomization's file and line; a target that selects nothing (as kustomize allows) and fields not rendered are notes", async () => {
    write({
      "app/kustomization.yaml": [
        "resources:",
        "  - missing.yaml",
        "patches:",
        "  - patch: |-",
        "      - { op: replace, path: /spec/nothing/here, value: 1 }",
        "    target: { kind: Deployment }",
        "configMapGenerator:",
        "  - { name: cfg, literals: [A=1] }",
        "",
      ].join("\n"),
    });
    const inv = await loadInventory([tmp], { cwd: tmp });
    expect(inv.errors.map((e) => [e.file, e.line, e.message])).toEqual([
      ["app/kustomization.yaml", 1, "resources: missing.yaml: no such file or folder"],
    ]);
    expect(inv.notes).toEqual([
      {
        file: "app/kustomization.yaml",
        message:
          "configMapGenerator not rendered in-process; to check exactly what deploys, check the output of `kustomize build app`",
      },
      {
        file: "app/kustomization.yaml",
        message: 'patches: a patch matches no object (target {"kind":"Deployment"})',
      },
    ]);
  });
});

test("GIVEN two clusters in our k8s/<cluster>/ layout and a copy of the workload in a folder nobody named THEN AA502 compares the two clusters only", async () => {
  const deploy = (image: string) =>
    JSON.stringify({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", namespace: "app" },
      spec: { template: { spec: { containers: [{ name: "api", image }] } } },
    });
  const r = await check([], {
    config: false,
    rules: ["AA502"],
    documents: [
      { name: "dist/k8s/us-east-1/api.yaml", text: deploy("api:1") },
      { name: "dist/k8s/eu-west-1/api.yaml", text: deploy("api:1") },
      { name: "examples/api.yaml", text: deploy("api:0-dev") },
    ],
  });
  expect(r.findings).toEqual([]);
  expect(r.inventory.objects.map((o) => o.cluster)).toEqual(["us-east-1", "eu-west-1", ""]);
});

test("GIVEN clusters in .activeactive.yaml that are not a mapping of names to paths THEN a usage error names each path", () => {
  expect(() =>
    parseConfig({ clusters: { "us-east-1": [], "eu-west-1": [3], ok: "overlays/ok" } }, "policy.yaml"),
  ).toThrow(
    /policy\.yaml: clusters\.us-east-1: invalid value \(found \[\], expected a list of files or folders\)[\s\S]*clusters\.eu-west-1: invalid value \(found \[3\]/,
  );
  expect(parseConfig({ clusters: { ok: "overlays/ok" } }, "policy.yaml").clusters).toEqual({
    ok: ["overlays/ok"],
  });
  expect(() => parseConfig({ clusters: ["a"] }, "policy.yaml")).toThrow(/clusters: invalid value/);
});

describe("Helm", () => {
  test("GIVEN a chart folder WHEN checked THEN it is skipped with one note saying how to render it, exit 0, nothing else on stderr", async () => {
    const warn = jest.spyOn(process, "emitWarning");
    const r = await runCli("check", path.join(INPUTS, "helm-chart"), "--config", "/dev/null");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `note: ${path
        .relative(process.cwd(), path.join(INPUTS, "helm-chart", "Chart.yaml"))
        .split(path.sep)
        .join(
          "/",
        )}: Helm chart ${path.relative(process.cwd(), path.join(INPUTS, "helm-chart")).split(path.sep).join("/")} not rendered: check its output with \`helm template RELEASE ${path.relative(process.cwd(), path.join(INPUTS, "helm-chart")).split(path.sep).join("/")} --values VALUES | activeactive check -\`\n`,
    );
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test("GIVEN a template named explicitly, outside its chart THEN it is skipped with a note, never an input error, and the YAML library prints nothing", async () => {
    const warn = jest.spyOn(process, "emitWarning");
    const r = await check([path.join(INPUTS, "helm-chart", "templates", "deployment.yaml")], {
      config: false,
    });
    expect(r.summary.exitCode).toBe(0);
    expect(r.summary.notes.map((n) => n.message)).toEqual([
      "Go templates (`{{ }}`) not rendered: check the output of `helm template` instead (`helm template RELEASE CHART | activeactive check -`)",
    ]);
    // Unknown directives too: YAML that does not parse and holds `{{` is a template, not an input error.
    write({ "tpl/a.yaml": "kind: ConfigMap\nmetadata: {{ $x := 1 }}\n", "tpl/b.yaml": "a: {{ $y }}: [\n" });
    const odd = await check([path.join(tmp, "tpl")], { cwd: tmp, config: false });
    expect([odd.summary.exitCode, odd.summary.notes]).toEqual([
      0,
      [{ file: "tpl", message: expect.stringMatching(/^Go templates/) }],
    ]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});

test("GIVEN a PrometheusRule whose annotations use Go template control words (kube-prometheus) THEN it is read, not taken for a Helm template; a line that starts with one still is", async () => {
  const rule = [
    "apiVersion: monitoring.coreos.com/v1",
    "kind: PrometheusRule",
    "metadata: { name: slo, namespace: monitoring }",
    "spec:",
    "  groups:",
    "  - name: slo",
    "    rules:",
    "    - alert: KubeAPIErrorBudgetBurn",
    "      annotations:",
    "        description: burning too much error budget {{ with $labels.cluster -}} on {{ . }} {{- end }}",
    "      expr: apiserver_request:burnrate1h > (14.4 * 0.01)",
    "",
  ].join("\n");
  write({
    "mon/rule.yaml": rule,
    "chart/templates/pdb.yaml":
      "{{- if .Values.pdb }}\napiVersion: policy/v1\nkind: PodDisruptionBudget\n{{- end }}\n",
  });
  const r = await check([path.join(tmp, "mon"), path.join(tmp, "chart")], { cwd: tmp, config: false });
  expect(r.inventory.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(["PrometheusRule/slo"]);
  expect(r.summary.notes.map((n) => n.file)).toEqual(["chart/templates"]);
});

describe("a root of module calls only", () => {
  const schema = JSON.parse(fs.readFileSync("/work/shared/schemas/sarif-schema-2.1.0.json", "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  test("GIVEN it WHEN checked THEN exit 0, and JSON and SARIF are written (an empty SARIF run passes the OASIS schema)", async () => {
    const root = path.join(INPUTS, "module-only");
    const text = await runCli("check", root);
    expect([text.code, text.stderr]).toEqual([0, ""]);
    const json = await runCli("check", root, "--format", "json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).summary).toMatchObject({ exitCode: 0, inputErrors: 0 });
    const out = path.join(tmp, "out.sarif");
    const sarif = await runCli("check", root, "--format", "sarif", "--output", out);
    expect(sarif.code).toBe(0);
    const log = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.runs[0].results.filter((r: { level: string }) => r.level !== "note")).toEqual([]);
  });
});

describe("stdin", () => {
  test("GIVEN `kustomize build` output on stdin (-) THEN it is checked like a file named stdin", async () => {
    const yaml = fs.readFileSync(path.join(KUSTOMIZE, "base", "worker.yaml"), "utf8");
    const spy = jest.spyOn(stdin, "read").mockReturnValue(yaml);
    try {
      const r = await runCli("check", "-", "--rules", "AA601", "--format", "json", "--config", "/dev/null");
      const out = JSON.parse(r.stdout);
      expect(
        out.findings.map((f: { file: string; line: number; message: string }) => [f.file, f.line, f.message]),
      ).toEqual([["stdin", 2, "Deployment/default/worker: container(s) worker have no readinessProbe"]]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("one-line plans", () => {
  test("GIVEN a plan on one line (as terraform show -json writes it) THEN each finding has its column and JSON pointer", async () => {
    const plan = fs.readFileSync(path.join(INPUTS, "..", "AA102", "aws-fail", "plan.json"), "utf8");
    const oneLine = JSON.stringify(JSON.parse(plan));
    fs.writeFileSync(path.join(tmp, "plan.json"), oneLine);
    const r = await check([path.join(tmp, "plan.json")], { cwd: tmp, config: false, rules: ["AA102"] });
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(f.line).toBe(1);
      // The column is where the resource's address is; the pointer finds the resource in the document.
      expect(oneLine.slice(f.column! - 1).startsWith(JSON.stringify(f.resource))).toBe(true);
      let at: unknown = JSON.parse(oneLine);
      for (const t of f.pointer!.split("/").slice(1)) at = (at as Record<string, unknown>)[t];
      expect((at as { address: string }).address).toBe(f.resource);
    }
    // Text says file:line:column; SARIF has startColumn and the pointer.
    expect(format(r, "text")).toMatch(/^plan\.json:1:\d+: error AA102 /m);
    const result = JSON.parse(format(r, "sarif")).runs[0].results[0];
    expect(result.locations[0].physicalLocation.region.startColumn).toBe(r.findings[0]!.column);
    expect(result.locations[0].properties.jsonPointer).toBe(r.findings[0]!.pointer);
  });
});
