import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadInventory } from "../../lib/policy";
import { FORMS, inputOf } from "../../lib/policy/load";

/**
 * The conformance test every input form passes. A new form adds its samples
 * here: a file that is the form (with a file name and whether it is named on
 * the command line), and a malformed one (or why it has none).
 */
interface Sample {
  /** Path of the sample inside its temporary folder. */
  readonly name: string;
  readonly text: string;
  /** Named on the command line rather than found by a folder walk. */
  readonly explicit: boolean;
  /** Other files the sample needs next to it (a kustomization's resources). */
  readonly with?: Record<string, string>;
}

const DEPLOYMENT = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata: { name: api, namespace: app }",
  "spec:",
  "  replicas: 2",
  "  selector: { matchLabels: { app: api } }",
  "  template:",
  "    metadata: { labels: { app: api } }",
  "    spec: { containers: [{ name: api, image: 'api:1' }] }",
  "",
].join("\n");

const SAMPLES: Record<string, { good: Sample; malformed: Sample | string }> = {
  cdktf: {
    good: {
      name: "cdktf.out/stacks/app/cdk.tf.json",
      explicit: false,
      text: JSON.stringify(
        {
          "//": { metadata: { backend: "local", stackName: "app", version: "0.21.0" } },
          provider: { aws: [{ region: "us-east-1" }] },
          resource: { aws_sns_topic: { t: { name: "t" } } },
        },
        null,
        2,
      ),
    },
    malformed: {
      name: "cdktf.out/stacks/app/cdk.tf.json",
      explicit: false,
      text: '{\n  "//": { "metadata": { "stackName": "app" } },\n  "resource": {,}\n}\n',
    },
  },
  plan: {
    good: {
      name: "plan.json",
      explicit: true,
      text: JSON.stringify({
        format_version: "1.2",
        planned_values: {
          root_module: {
            resources: [
              {
                address: "aws_sns_topic.t",
                mode: "managed",
                type: "aws_sns_topic",
                name: "t",
                values: { name: "t" },
              },
            ],
          },
        },
        configuration: {
          root_module: { resources: [{ address: "aws_sns_topic.t", provider_config_key: "aws" }] },
        },
      }),
    },
    malformed: { name: "plan.json", explicit: true, text: '{"format_version": "1.2", "planned_values": {]}' },
  },
  "k8s-json": {
    good: {
      name: "objects.json",
      explicit: true,
      text: JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } }],
      }),
    },
    malformed:
      "a malformed JSON file is not recognised as Kubernetes (the apiVersion cannot be read): the tf.json or plan form reports it",
  },
  "tf.json": {
    good: {
      name: "main.tf.json",
      explicit: false,
      text: JSON.stringify({ resource: { aws_sns_topic: { t: { name: "t" } } } }, null, 2),
    },
    malformed: { name: "main.tf.json", explicit: false, text: '{\n  "resource": {\n    "a": 1,\n  }\n}\n' },
  },
  hcl: {
    good: { name: "main.tf", explicit: false, text: 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n' },
    malformed: { name: "main.tf", explicit: false, text: 'resource "aws_sns_topic" "t" {\n  name = \n}\n' },
  },
  kustomize: {
    good: {
      name: "app/kustomization.yaml",
      explicit: false,
      text: "resources:\n  - deployment.yaml\nreplicas:\n  - name: api\n    count: 3\n",
      with: { "app/deployment.yaml": DEPLOYMENT },
    },
    malformed: {
      name: "app/kustomization.yaml",
      explicit: false,
      text: "resources:\n  - [deployment.yaml\n",
    },
  },
  helm: {
    good: { name: "chart/Chart.yaml", explicit: false, text: "apiVersion: v2\nname: api\nversion: 0.1.0\n" },
    malformed: "a Helm chart is never parsed: it is skipped with a note on how to render it",
  },
  "k8s-yaml": {
    good: { name: "k8s/us-east-1/api.yaml", explicit: false, text: DEPLOYMENT },
    malformed: {
      name: "k8s/us-east-1/api.yaml",
      explicit: false,
      text: "apiVersion: v1\nkind: [Namespace\n",
    },
  },
};

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aa-forms-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(s: Sample): string {
  for (const [name, text] of Object.entries({ ...s.with, [s.name]: s.text })) {
    fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
    fs.writeFileSync(path.join(tmp, name), text);
  }
  return path.join(tmp, s.name);
}

const input = (s: Sample) => inputOf(path.join("/x", s.name), s.name, ".", s.explicit, s.text);

test("every registered form has conformance samples, and every sample a registered form", () => {
  expect(FORMS.map((f) => f.form).sort()).toEqual(Object.keys(SAMPLES).sort());
});

describe.each(FORMS.map((f) => [f.form, f] as const))("form %s", (name, form) => {
  const { good, malformed } = SAMPLES[name]!;

  test("detects its own sample and no other form's", () => {
    expect(form.detect(input(good))).toBe(true);
    const others = Object.entries(SAMPLES).filter(([n]) => n !== name);
    expect(others.filter(([, s]) => form.detect(input(s.good))).map(([n]) => n)).toEqual([]);
  });

  test("is the form the registry picks for its sample", () => {
    expect(FORMS.find((f) => f.detect(input(good)))?.form).toBe(name);
  });

  test("loads its sample into an inventory, without errors", async () => {
    const file = write(good);
    const inv = await loadInventory([good.explicit ? file : tmp], { cwd: tmp });
    expect(inv.errors).toEqual([]);
    expect(inv.resources.length + inv.objects.length + inv.notes.length).toBeGreaterThan(0);
  });

  test("reports malformed input as an error with its file and position", async () => {
    if (typeof malformed === "string") {
      // Why this form has no malformed case.
      expect(malformed.length).toBeGreaterThan(20);
      return;
    }
    const file = write(malformed);
    const inv = await loadInventory([malformed.explicit ? file : tmp], { cwd: tmp });
    expect(inv.errors).toEqual([
      expect.objectContaining({
        file: malformed.name,
        line: expect.any(Number),
        message: expect.stringMatching(/^malformed (JSON|HCL|YAML): /),
      }),
    ]);
  });
});
