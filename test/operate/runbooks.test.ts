import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as Yaml from "yaml";
import { loadBlueprintFile, parseBlueprint } from "../../lib/blueprint/load";
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
    case "gcp-url-map":
      return names("google_compute_url_map", "name").includes(n.name);
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

/** A runbook's Markdown split at one heading level: [title, body] in order (titles may repeat). */
function sections(text: string, level: "## " | "#### "): [string, string][] {
  return text
    .split(new RegExp(`^${level}`, "m"))
    .slice(1)
    .map((p) => {
      const nl = p.indexOf("\n");
      return [p.slice(0, nl), p.slice(nl + 1).split(/^#{2,4} /m)[0]!];
    });
}

/** The titles of the numbered steps of a text, with their numbers. */
function steps(text: string): { n: number; title: string; at: number }[] {
  return [...text.matchAll(/^\*\*(\d+)\. (.+)\*\*$/gm)].map((m) => ({
    n: Number(m[1]),
    title: m[2]!,
    at: m.index!,
  }));
}

function book(file: string, name: string): string {
  const b = loadBlueprintFile(path.join("blueprints", file));
  const r = renderRunbooks(b).find((x) => x.file === name);
  if (r === undefined) throw new Error(`${file} has no ${name}`);
  return r.text;
}

describe("what the on-call review asked of the runbooks", () => {
  const gsDoc = Yaml.parse(fs.readFileSync("blueprints/global-saas.yaml", "utf8"));
  const gsClusters = (gsDoc.spec.regions as Json[]).map(
    (r) => `${gsDoc.metadata.name}-${r.cloud}-${r.region}`,
  );

  test("region failover fences the lost region (Argo CD off, then scale to 0) before the data tier", () => {
    const text = book("global-saas.yaml", "region-failover.md");
    for (const [title, body] of sections(text, "## ")) {
      if (!title.startsWith("Lose ")) continue;
      const region = title.split(" ")[1]!;
      const cluster = gsClusters.find((c) => c.endsWith(`-${region}`))!;
      const scale = body.indexOf(
        `kubectl --context ${cluster} -n ${gsDoc.metadata.name} scale deploy --all --replicas=0`,
      );
      const gitopsOff = body.indexOf(`argocd app set ${cluster}-gitops --sync-policy none`);
      const appOff = body.indexOf(`argocd app set ${cluster} --sync-policy none`);
      const data = body.indexOf("The data tier");
      expect({ region, scale: scale > 0, gitopsOff: gitopsOff > 0 }).toEqual({
        region,
        scale: true,
        gitopsOff: true,
      });
      expect(gitopsOff).toBeLessThan(appOff);
      expect(appOff).toBeLessThan(scale);
      expect(scale).toBeLessThan(data);
    }
  });

  test("F1 fences the region it takes out of routing", () => {
    const text = book("global-saas.yaml", "F1-split-brain-writes.md");
    const stop = text.split("## Stop further divergence")[1]!.split("\n## ")[0]!;
    expect(stop).toMatch(/scale deploy --all --replicas=0/);
  });

  test.each(["global-saas.yaml", "multi-cloud.yaml"])(
    "writer switchover of %s: A and B are alternatives, each numbered from 1, B fences before the failover",
    (file) => {
      const doc = Yaml.parse(fs.readFileSync(path.join("blueprints", file), "utf8"));
      const text = book(file, "writer-switchover.md");
      expect(text).not.toMatch(/nothing writes to it/);
      const subs = [...sections(text, "#### ")];
      const a = subs.filter(([t]) => t.startsWith("A. "));
      const bs = subs.filter(([t]) => t.startsWith("B. "));
      // One A and one B per target, for every single-writer engine (Aurora and Cloud SQL).
      const targets = text.match(/^### Move the writer to /gm)?.length ?? 0;
      expect(targets).toBeGreaterThan(0);
      expect(a.length).toBe(targets);
      expect(bs.length).toBe(targets);
      for (const [, body] of [...a, ...bs]) expect(steps(body)[0]?.n).toBe(1);
      for (const [, body] of a) {
        expect(body).toMatch(/Stop here if A succeeded/);
        expect(body).not.toMatch(/failover-global-cluster|scale deploy --all --replicas=0/);
      }
      for (const [title, body] of bs) {
        const lost = (doc.spec.regions as Json[]).find((r) => title.includes(`(${r.region} lost)`))!;
        const cluster = `${doc.metadata.name}-${lost.cloud}-${lost.region}`;
        const fence = body.indexOf(
          `kubectl --context ${cluster} -n ${doc.metadata.name} scale deploy --all --replicas=0`,
        );
        expect({ title, fenced: fence > 0 }).toEqual({ title, fenced: true });
        expect(fence).toBeLessThan(
          body.search(/aws rds failover-global-cluster|gcloud sql instances promote-replica/),
        );
      }
    },
  );

  test("the writer release commits the blueprint with dist and goes wave by wave, the lost writer's wave left out", () => {
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "aa-writer-release-"));
    synthesize(b, { outdir: path.join(dir, "cdktf.out"), manifestsDir: path.join(dir, "dist") });
    const rollout = JSON.parse(fs.readFileSync(path.join(dir, "dist", "gitops", "rollout.json"), "utf8"));
    const waves: string[] = rollout.waves.map((w: Json) => w.branch);
    const text = book("global-saas.yaml", "writer-switchover.md");
    const subs = [...sections(text, "#### ")];
    expect(subs.length).toBeGreaterThan(0);
    for (const [title, body] of subs) {
      const pushes = [...body.matchAll(/^git push origin HEAD:(deploy\/\S+)$/gm)].map((m) => m[1]);
      const lost = title.startsWith("B. ")
        ? waves.filter((w) => w.endsWith(`-${title.match(/\((\S+) lost\)/)![1]}`))
        : [];
      expect({ title, pushes }).toEqual({ title, pushes: waves.filter((w) => !lost.includes(w)) });
      expect(body).toMatch(/git add <your blueprint file> dist && git commit/);
      // Nothing unreleased rides along: each deploy branch is compared with the source branch first.
      for (const w of waves)
        expect(body.indexOf(`git log --oneline origin/${w}..origin/main`)).toBeLessThan(
          body.indexOf("git add"),
        );
      // Each wave waits for the one before.
      expect(body.match(/argocd app wait /g)?.length).toBe(pushes.length);
    }
  });

  test("losing us-east-1 (the global stack's region): survivors' alarms, and no global stack apply until it returns", () => {
    const text = book("global-saas.yaml", "region-failover.md");
    const all = new Map(sections(text, "## "));
    const lost = all.get("Lose us-east-1 (aws)")!;
    const alarmRegions = [...lost.matchAll(/describe-alarms --region (\S+)/g)].map((m) => m[1]);
    expect(alarmRegions.length).toBeGreaterThan(0);
    expect(alarmRegions).not.toContain("us-east-1");
    const apply = lost.indexOf(`terraform -chdir=cdktf.out/stacks/${gsDoc.metadata.name}-global apply`);
    expect(apply).toBeGreaterThan(lost.indexOf("# later, when us-east-1 is back:"));
    expect(lost.indexOf("# later, when us-east-1 is back:")).toBeGreaterThan(0);
    // Another region's loss still applies the global stack at once.
    const other = all.get("Lose eu-west-1 (aws)")!;
    expect(other).not.toMatch(/# later, when/);
    expect(other).toMatch(/describe-alarms --region us-east-1/);
    // Draining us-east-1 when it is up (a leaked identity) applies the global stack at once.
    const f6 = book("global-saas.yaml", "F6-security-exposure.md")
      .split("#### If us-east-1 leaked")[1]!
      .split("#### ")[0]!;
    expect(f6).toMatch(/terraform -chdir=cdktf\.out\/stacks\/\S+-global apply/);
    expect(f6).not.toMatch(/# later, when/);
  });

  test("F6: one deny per region, each after that region leaves routing; the master password and VPN keys rotate", () => {
    for (const file of ["global-saas.yaml", "multi-cloud.yaml"]) {
      const doc = Yaml.parse(fs.readFileSync(path.join("blueprints", file), "utf8"));
      const text = book(file, "F6-security-exposure.md");
      for (const block of text.split("```").filter((_, i) => i % 2 === 1)) {
        expect(
          (block.match(/attach-role-policy|service-accounts disable/g) ?? []).length,
        ).toBeLessThanOrEqual(1);
      }
      const regions = [...sections(text, "#### ")].filter(([t]) => t.startsWith("If "));
      expect(regions.length).toBe(doc.spec.regions.length);
      for (const [, body] of regions) {
        const out = body.search(/change-resource-record-sets|update-backend|traffic-dial-percentage/);
        const deny = body.search(/attach-role-policy|service-accounts disable/);
        expect(out).toBeGreaterThan(0);
        expect(deny).toBeGreaterThan(out);
      }
      expect(text).not.toMatch(/no passwords/);
      expect(text).toMatch(/modify-db-cluster .*--master-user-password/);
      if (doc.spec.interconnect !== undefined) {
        expect(text).toMatch(/apply -replace="\$key"/);
        expect(text).not.toMatch(/sed 's\/\^\/-replace=/);
      } else {
        expect(text).not.toMatch(/vpn-tunnels|random_password/);
      }
    }
  });

  test("Cloud SQL writer move: the imports name resources the re-synthesized new writer's stack holds", () => {
    const doc = Yaml.parse(fs.readFileSync("blueprints/multi-cloud.yaml", "utf8"));
    const gcp = (doc.spec.regions as Json[]).filter((r) => r.cloud === "gcp");
    const target = gcp[1]!;
    const text = book("multi-cloud.yaml", "writer-switchover.md");
    const move = text.split(`### Move the writer to ${target.region}`)[1]!;
    const imports = [
      ...move.matchAll(/terraform -chdir=cdktf\.out\/stacks\/(\S+) import (\S+) (\S+)$/gm),
    ].map((m) => ({
      stack: m[1]!,
      address: m[2]!,
      id: m[3]!,
    }));
    expect(imports.length).toBeGreaterThan(0);
    // The blueprint as the operator edits it: the writer and its shards moved.
    const moved = structuredClone(doc);
    moved.spec.database.writerRegion = target.region;
    for (const [k, v] of Object.entries(moved.spec.sharding.owners)) {
      if (v === gcp[0]!.region) moved.spec.sharding.owners[k] = target.region;
    }
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "aa-writer-move-"));
    synthesize(parseBlueprint(Yaml.stringify(moved)), {
      outdir: path.join(dir, "cdktf.out"),
      manifestsDir: path.join(dir, "dist"),
    });
    const stackOf = (s: string) =>
      JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", s, "cdk.tf.json"), "utf8")).resource;
    const targetStack = `${doc.metadata.name}-gcp-${target.region}`;
    expect(imports.map((i) => i.stack)).toContain(targetStack);
    for (const i of imports) {
      const [type, name] = i.address.split(".");
      const resources = stackOf(i.stack)[type!] ?? {};
      const r =
        name === "$DB" ? (Object.values(resources)[0] as Json) : (resources[name!] as Json | undefined);
      expect({ address: i.address, in: i.stack, exists: r !== undefined }).toEqual({
        address: i.address,
        in: i.stack,
        exists: true,
      });
      const [project, instance, user] = i.id.split("/");
      expect(project).toBe(target.project);
      expect(instance).toBe(`${doc.metadata.name}-${target.region}`);
      expect(r!.name).toBe(user);
    }
    expect(Object.keys(stackOf(targetStack).google_sql_database ?? {})).toHaveLength(1);
  });
  test("F1 reads shard routing from the ALB listener rules and the URL map, not from HTTPRoutes", () => {
    const doc = Yaml.parse(fs.readFileSync("blueprints/multi-cloud.yaml", "utf8"));
    const text = book("multi-cloud.yaml", "F1-split-brain-writes.md");
    expect(text).not.toMatch(/httproute/i);
    const aws = (doc.spec.regions as Json[]).filter((r) => r.cloud === "aws").map((r) => r.region);
    const rules = [...text.matchAll(/aws elbv2 describe-rules --region (\S+)/g)].map((m) => m[1]);
    expect(rules).toEqual(aws);
    expect(text).toMatch(/gcloud compute url-maps describe \S+ --global/);
    expect(book("global-saas.yaml", "F1-split-brain-writes.md")).not.toMatch(/url-maps/);
  });

  test("the alerts go where the field guide's failure modes say", () => {
    const rollback = book("global-saas.yaml", "release-rollback.md");
    expect(rollback).toMatch(/ActiveActiveErrorRateHigh/);
    expect(book("global-saas.yaml", "F4-schema-drift.md")).not.toMatch(/ActiveActiveErrorRateHigh/);
  });

  test("F7's Cost Explorer range is valid on the 1st of the month", () => {
    const text = book("global-saas.yaml", "F7-cost-explosion.md");
    const line = text.split("\n").find((l) => l.startsWith("START="))!;
    expect(line).toBeDefined();
    expect(text).toMatch(/--time-period Start=\$START,End=\$END/);
    for (const day of ["2026-12-01", "2026-12-02", "2027-01-01"]) {
      // The same line with "now" pinned to that day.
      const pinned = line
        .replace("date -u -d yesterday", `date -u -d "${day} -1 day"`)
        .replace("date -u +%F", `date -u -d ${day} +%F`)
        .replace(/#.*$/, "");
      const out = execFileSync("bash", ["-c", `${pinned}; echo "$START $END"`], { encoding: "utf8" }).trim();
      const [start, end] = out.split(" ");
      expect({ day, valid: start! < end! }).toEqual({ day, valid: true });
    }
  });

  test("the data tier says what the catalogue promises in one readable sentence", () => {
    const text = book("global-saas.yaml", "region-failover.md");
    expect(text).not.toMatch(/catalogue promises RPO/);
    expect(text).toMatch(
      /data loss \(RPO\) seconds for the lost region's shards; writes: other shards keep writing/,
    );
  });
});
