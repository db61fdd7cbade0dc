import * as fs from "node:fs";
import * as path from "node:path";
import * as Yaml from "yaml";
import { loadBlueprintFile } from "../../lib/blueprint/load";
import type { Blueprint } from "../../lib/blueprint/model";
import { renderRunbooks } from "../../lib/operate/runbooks/render";
import type { NamedResource } from "../../lib/operate/runbooks/writer";
import { synthesize } from "../../lib/synth";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** The runbooks every blueprint gets, by file name (the field guide's F1-F7 and the operations). */
const ALWAYS = [
  "F1-split-brain-writes.md",
  "F2-replication-lag.md",
  "F3-traffic-skew.md",
  "F4-schema-drift.md",
  "F5-routing-flaps.md",
  "F6-security-exposure.md",
  "F7-cost-explosion.md",
  "region-failover.md",
  "region-failback.md",
  "partition-reconciliation.md",
  "release-rollback.md",
  "README.md",
];

type Json = Record<string, any>;

interface Output {
  readonly blueprint: Blueprint;
  /** The blueprint file as written, for expectations computed independently of the library. */
  readonly doc: Json;
  readonly dist: string;
  /** Resources by stack, then type, then address. */
  readonly stacks: Record<string, Record<string, Record<string, Json>>>;
  readonly outputs: Record<string, Record<string, unknown>>;
  /** The provider blocks by stack (their default tags land on every resource). */
  readonly providers: Record<string, Json>;
  /** Every Kubernetes object of dist/k8s and dist/gitops, with the folder (cluster) it is in. */
  readonly objects: { readonly folder: string; readonly obj: Json }[];
}

function synth(file: string): Output {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "aa-runbooks-"));
  const out = path.join(dir, "cdktf.out");
  const dist = path.join(dir, "dist");
  const blueprint = loadBlueprintFile(path.join("blueprints", file));
  synthesize(blueprint, { outdir: out, manifestsDir: dist });
  const stacks: Output["stacks"] = {};
  const outputs: Output["outputs"] = {};
  const providers: Output["providers"] = {};
  for (const s of fs.readdirSync(path.join(out, "stacks"))) {
    const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", s, "cdk.tf.json"), "utf8"));
    stacks[s] = json.resource ?? {};
    outputs[s] = json.output ?? {};
    providers[s] = json.provider ?? {};
  }
  const objects: Output["objects"] = [];
  for (const top of ["k8s", "gitops"]) {
    const root = path.join(dist, top);
    if (!fs.existsSync(root)) continue;
    for (const folder of fs.readdirSync(root)) {
      const sub = path.join(root, folder);
      if (!fs.statSync(sub).isDirectory()) continue;
      for (const f of fs.readdirSync(sub).filter((x) => x.endsWith(".yaml"))) {
        for (const d of Yaml.parseAllDocuments(fs.readFileSync(path.join(sub, f), "utf8"))) {
          const obj = d.toJS();
          if (obj) objects.push({ folder, obj });
        }
      }
    }
  }
  const doc = Yaml.parse(fs.readFileSync(path.join("blueprints", file), "utf8"));
  return { blueprint, doc, dist, stacks, outputs, providers, objects };
}

function resourcesOf(o: Output, type: string, stack?: string): Json[] {
  const stacks = stack === undefined ? Object.values(o.stacks) : [o.stacks[stack] ?? {}];
  return stacks.flatMap((s) => Object.values(s[type] ?? {}));
}

/** Every generated alert, from the output itself: its name and the runbook link it carries. */
function alertsOf(o: Output): { system: string; name: string; link: string | undefined }[] {
  const alerts: { system: string; name: string; link: string | undefined }[] = [];
  for (const a of resourcesOf(o, "aws_cloudwatch_metric_alarm")) {
    alerts.push({
      system: "cloudwatch",
      name: a.alarm_name,
      link: /Runbook: (\S+)$/.exec(a.alarm_description ?? "")?.[1],
    });
  }
  for (const p of resourcesOf(o, "google_monitoring_alert_policy")) {
    alerts.push({
      system: "cloud-monitoring",
      name: p.display_name,
      link: /Runbook: \[[^\]]*\]\(([^)]+)\)/.exec(p.documentation?.content ?? "")?.[1],
    });
  }
  for (const { obj } of o.objects.filter((x) => x.obj.kind === "PrometheusRule")) {
    for (const g of obj.spec.groups) {
      for (const r of g.rules.filter((x: Json) => x.alert !== undefined)) {
        alerts.push({ system: "prometheus", name: r.alert, link: r.annotations?.runbook_url });
      }
    }
  }
  return alerts;
}

/** Where the blueprint's runbooks are linked from, computed from the YAML: `<repo>/blob/<revision>/dist/runbooks/`. */
function expectedPrefix(doc: Json): string {
  const g = doc.spec.gitops;
  if (g?.repoURL === undefined) return "runbooks/";
  return `${String(g.repoURL).replace(/\.git$/, "")}/blob/${g.revision ?? "main"}/dist/runbooks/`;
}

/** Whether the output holds a named resource of its kind (test 3). */
function exists(o: Output, n: NamedResource): boolean {
  const names = (type: string, attr: string, stack = n.in) =>
    resourcesOf(o, type, stack).map((r) => r[attr] as unknown);
  const k8s = (kind: string, folder = n.in) =>
    o.objects.filter((x) => x.obj.kind === kind && x.folder === folder).map((x) => x.obj.metadata.name);
  const strings = JSON.stringify(o.stacks);
  switch (n.kind) {
    case "stack":
      return n.name in o.stacks;
    case "cluster":
      return fs.existsSync(path.join(o.dist, "k8s", n.name));
    case "gke-cluster":
      return names("google_container_cluster", "name").includes(n.name);
    case "namespace":
      return k8s("Namespace").includes(n.name);
    case "deployment":
      return k8s("Deployment").includes(n.name);
    case "argocd-application":
      return k8s("Application").includes(n.name);
    case "prometheus-rule":
      return k8s("PrometheusRule").includes(n.name);
    case "prometheus-alert":
      return o.objects
        .filter((x) => x.obj.kind === "PrometheusRule" && x.folder === n.in)
        .some((x) => x.obj.spec.groups.some((g: Json) => g.rules.some((r: Json) => r.alert === n.name)));
    case "deploy-branch": {
      const rollout = JSON.parse(fs.readFileSync(path.join(o.dist, "gitops", "rollout.json"), "utf8"));
      return rollout.waves.some((w: Json) => w.branch === n.name);
    }
    case "cloudwatch-alarm":
      return names("aws_cloudwatch_metric_alarm", "alarm_name").includes(n.name);
    case "alert-policy":
      return names("google_monitoring_alert_policy", "display_name").includes(n.name);
    case "sns-topic":
      return names("aws_sns_topic", "name").includes(n.name);
    case "route53-set-identifier":
      return names("aws_route53_record", "set_identifier").includes(n.name);
    case "hostname":
      return (
        names("aws_route53_health_check", "fqdn", undefined).includes(n.name) ||
        strings.includes(`"${n.name}"`) ||
        strings.includes(`"${n.name}."`)
      );
    case "aurora-global-cluster":
      return names("aws_rds_global_cluster", "global_cluster_identifier").includes(n.name);
    case "aurora-cluster":
      return names("aws_rds_cluster", "cluster_identifier").includes(n.name);
    case "dynamodb-table":
      return names("aws_dynamodb_table", "name").includes(n.name);
    case "dsql-cluster-tag": {
      // DSQL clusters are unnamed: found by the `service` tag the stack's providers put on everything.
      const [key, value] = n.name.split("=");
      const tagged = JSON.stringify(o.providers[n.in ?? ""] ?? {}).includes(`"${key}":"${value}"`);
      return tagged && resourcesOf(o, "aws_dsql_cluster", n.in).length > 0;
    }
    case "kinesis-stream":
      return names("aws_kinesis_stream", "name").includes(n.name);
    case "sqs-queue":
      return names("aws_sqs_queue", "name").includes(n.name);
    case "cloudsql-instance":
      return names("google_sql_database_instance", "name").includes(n.name);
    case "spanner-instance":
      return names("google_spanner_instance", "name").includes(n.name);
    case "pubsub-subscription":
      return names("google_pubsub_subscription", "name").includes(n.name);
    case "vpn-tunnel-prefix":
      return (
        names("google_compute_router", "name").includes(n.name) &&
        names("google_compute_vpn_tunnel", "name").some((t) => String(t).startsWith(`${n.name}-`))
      );
    case "gcp-backend-service":
      return names("google_compute_backend_service", "name").includes(n.name);
    case "gcp-neg":
      // A backend of the load balancer, or (backends pending) the NEG GKE creates from the Service annotation.
      return (
        strings.includes(`/networkEndpointGroups/${n.name}"`) ||
        o.objects.some(
          (x) =>
            x.obj.kind === "Service" &&
            String(x.obj.metadata.annotations?.["cloud.google.com/neg"] ?? "").includes(`"name":"${n.name}"`),
        )
      );
    case "accelerator":
      return names("aws_globalaccelerator_accelerator", "name").includes(n.name);
    case "load-balancer":
      return names("aws_lb", "name").includes(n.name);
    case "target-group":
      return names("aws_lb_target_group", "name").includes(n.name);
    case "budget":
      return names("aws_budgets_budget", "name").includes(n.name);
    case "gcp-budget":
      return names("google_billing_budget", "display_name").includes(n.name);
    case "terraform-output":
      return n.name in (o.outputs[n.in ?? ""] ?? {});
    case "iam-role":
      return names("aws_iam_role", "name").includes(n.name);
    case "gcp-service-account":
      return resourcesOf(o, "google_service_account", n.in).some(
        (s) => `${s.account_id}@${s.project}.iam.gserviceaccount.com` === n.name,
      );
    default:
      return false;
  }
}

describe.each(CATALOGUE)("runbooks of %s", (file) => {
  const o = synth(file);
  const folder = path.join(o.dist, "runbooks");

  test("dist/runbooks has F1-F7 and the operations; writer switchover only with a single writer", () => {
    const engine = o.doc.spec.database.engine;
    const engines: string[] = typeof engine === "string" ? [engine] : Object.values(engine);
    const singleWriter = engines.some((e) => e === "aurora-postgresql" || e === "cloudsql-postgres");
    const expected = [...ALWAYS, ...(singleWriter ? ["writer-switchover.md"] : [])].sort();
    expect(fs.readdirSync(folder).sort()).toEqual(expected);
    for (const f of expected) {
      const text = fs.readFileSync(path.join(folder, f), "utf8");
      // Each runbook is about this blueprint, and no value went missing in its text.
      expect(text).toContain(o.doc.metadata.name);
      expect({ file: f, broken: text.match(/\[object Object\]|\bundefined\b|\bNaN\b/g) }).toEqual({
        file: f,
        broken: null,
      });
    }
  });

  test("every alert in the output links to a runbook file that exists, and that runbook names it", () => {
    const alerts = alertsOf(o);
    expect(alerts.filter((a) => a.system === "prometheus").length).toBeGreaterThan(0);
    const prefix = expectedPrefix(o.doc);
    for (const a of alerts) {
      expect({ alert: a.name, link: a.link?.startsWith(prefix) }).toEqual({ alert: a.name, link: true });
      const target = path.join(folder, a.link!.slice(prefix.length));
      expect({ alert: a.name, exists: fs.existsSync(target) }).toEqual({ alert: a.name, exists: true });
      expect(fs.readFileSync(target, "utf8")).toContain(a.name);
    }
  });

  test("no runbook names a resource the output does not contain", () => {
    const books = renderRunbooks(o.blueprint);
    const missing = books.flatMap((r) =>
      r.names.filter((n) => !exists(o, n)).map((n) => ({ runbook: r.file, ...n })),
    );
    expect(missing).toEqual([]);
    // The record is not empty: stacks, clusters and alerts at least.
    const kinds = new Set(books.flatMap((r) => r.names.map((n) => n.kind)));
    for (const k of ["stack", "cluster", "namespace", "prometheus-alert"]) expect(kinds).toContain(k);
  });

  test("the rollback runbook moves the regions back in the order of dist/gitops/rollout.json", () => {
    const rollout = JSON.parse(fs.readFileSync(path.join(o.dist, "gitops", "rollout.json"), "utf8"));
    const text = fs.readFileSync(path.join(folder, "release-rollback.md"), "utf8");
    const order = [...text.matchAll(/\*\*\d+\. Roll back ([a-z0-9-]+): /g)].map((m) => m[1]);
    expect(order).toEqual(rollout.waves.map((w: Json) => w.region));
  });

  test("links between runbooks point at files of the folder", () => {
    for (const f of fs.readdirSync(folder)) {
      const text = fs.readFileSync(path.join(folder, f), "utf8");
      for (const m of text.matchAll(/\]\(([^)#:]+\.md)\)/g)) {
        expect({ in: f, link: m[1], exists: fs.existsSync(path.join(folder, m[1]!)) }).toEqual({
          in: f,
          link: m[1],
          exists: true,
        });
      }
    }
  });
});
