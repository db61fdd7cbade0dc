import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { loadBlueprintFile, resolveBlueprint } from "../../lib/blueprint/load";
import type { Blueprint, Region } from "../../lib/blueprint/model";
import type { ArchitectureGraph } from "../../lib/core/architecture-graph";
import { renderMermaid } from "../../lib/core/architecture-graph";
import { spannerInstanceName } from "../../lib/core/datastore-names";
import { dsqlWitness } from "../../lib/core/dsql-regions";
import {
  auroraClusterId,
  auroraGlobalClusterId,
  cloudSqlInstanceName,
  dynamoTableName,
  eventsTableName,
  regionalName,
} from "../../lib/core/names";
import { spannerConfigFor } from "../../lib/core/spanner-config";
import { architectureGraph, architectureMermaid, renderDot, renderSvg } from "../../lib/operate/diagram";
import { parseXml } from "../helpers/xml";

const CATALOGUE = fs
  .readdirSync("blueprints")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => path.join("blueprints", f));

/** A catalogue blueprint with its spec changed, through the loader. */
function variant(file: string, change: (spec: Record<string, any>) => void): Blueprint {
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as Record<string, any>;
  change(doc["spec"]);
  return resolveBlueprint(doc, file);
}

/** Extra engines no catalogue blueprint uses: Bigtable and Pub/Sub on the gcp-global regions. */
const VARIANTS: Record<string, () => Blueprint> = {
  "gcp-global with bigtable": () =>
    variant("blueprints/gcp-global.yaml", (s) => {
      s.pattern = "read-local-write-local";
      s.database.engine = "bigtable";
    }),
  "gcp-global with pubsub": () =>
    variant("blueprints/gcp-global.yaml", (s) => {
      s.pattern = "event-sourced";
      s.database.engine = "pubsub";
    }),
};

/**
 * The names the synthesized output gives each region's datastore, from
 * lib/core (the same functions the stacks call).
 */
function expectedDatastoreNames(b: Blueprint, r: Region): string[] {
  switch (b.database.engines[r.cloud]) {
    case "aurora-postgresql":
      return [auroraClusterId(b, r), auroraGlobalClusterId(b)];
    case "dynamodb":
      return [dynamoTableName(b)];
    case "kinesis":
      return [eventsTableName(b), `${regionalName(b, r)}-events`];
    case "aurora-dsql":
      return [b.name];
    case "spanner":
      return [spannerInstanceName(b)];
    case "cloudsql-postgres":
      return [cloudSqlInstanceName(b, r)];
    case "bigtable":
      return [`${b.name}-bigtable`];
    case "pubsub":
      return [`${b.name}-events`, `${b.name}-events-${r.region}`];
    default:
      return [];
  }
}

const edgesOf = (g: ArchitectureGraph, kind: string) => g.edges.filter((e) => e.kind === kind);
const nodeText = (g: ArchitectureGraph, id: string) => g.nodes.find((n) => n.id === id)?.lines.join("\n");

describe("the SVG of every catalogue blueprint", () => {
  test.each(CATALOGUE)("%s is well-formed XML naming every region and datastore", async (file) => {
    // GIVEN a catalogue blueprint WHEN drawn
    const b = loadBlueprintFile(file);
    const svg = await renderSvg(architectureGraph(b));
    // THEN the SVG parses strictly, and its text names every region and every datastore
    const { root, texts } = parseXml(svg);
    expect(root).toBe("svg");
    for (const r of b.regions) {
      expect(texts).toContain(r.region);
      for (const name of expectedDatastoreNames(b, r)) expect(texts.some((t) => t.includes(name))).toBe(true);
    }
  });

  test.each(Object.keys(VARIANTS))("%s names every region and datastore", async (name) => {
    const b = VARIANTS[name]!();
    const { texts } = parseXml(await renderSvg(architectureGraph(b)));
    for (const r of b.regions) {
      expect(texts).toContain(r.region);
      for (const n of expectedDatastoreNames(b, r)) expect(texts.some((t) => t.includes(n))).toBe(true);
    }
  });

  test("the SVG shows every edge label, the VPN between clouds included", async () => {
    const g = architectureGraph(loadBlueprintFile("blueprints/multi-cloud.yaml"));
    const { texts } = parseXml(await renderSvg(g));
    const labels = g.edges.flatMap((e) => (e.label !== undefined ? [e.label] : []));
    expect(labels.some((l) => l.startsWith("HA VPN"))).toBe(true);
    for (const label of labels) expect(texts.some((t) => t.includes(label))).toBe(true);
  });

  test("a broken document is refused by the same check (the XML check can fail)", () => {
    expect(() => parseXml("<svg><text>a</svg></text>")).toThrow(/not well-formed/);
    expect(() => parseXml("<svg><text>&nbsp;</text></svg>")).toThrow(/not well-formed/);
  });
});

describe("determinism", () => {
  test("GIVEN the same blueprint loaded twice THEN DOT, Mermaid and SVG are byte-identical", async () => {
    const first = loadBlueprintFile("blueprints/multi-cloud.yaml");
    const second = loadBlueprintFile("blueprints/multi-cloud.yaml");
    expect(renderDot(architectureGraph(second))).toBe(renderDot(architectureGraph(first)));
    expect(architectureMermaid(second)).toBe(architectureMermaid(first));
    expect(await renderSvg(architectureGraph(second))).toBe(await renderSvg(architectureGraph(first)));
  });

  test("the README's picture (docs/images/global-saas.svg) is the command's output today", async () => {
    const fresh = await renderSvg(architectureGraph(loadBlueprintFile("blueprints/global-saas.yaml")));
    expect(fs.readFileSync("docs/images/global-saas.svg", "utf8")).toBe(fresh);
  });
});

describe("Mermaid", () => {
  test.each(CATALOGUE)("%s: every region is a subgraph and every arrow joins declared ids", (file) => {
    const b = loadBlueprintFile(file);
    const block = architectureMermaid(b);
    expect(block.startsWith("```mermaid\nflowchart LR\n")).toBe(true);
    expect(block.endsWith("```\n")).toBe(true);
    for (const r of b.regions) expect(block).toMatch(new RegExp(`subgraph \\w+\\["${r.region}"\\]`));
    const declared = new Set([...block.matchAll(/^\s*(?:subgraph )?(\w+)[[({>]/gm)].map((m) => m[1]));
    const arrows = [
      ...block.matchAll(/^ {2}(\w+) (?:-->|---|-\.->|<-\.->|<==>|==>|<-->)(?:\|"[^"]*"\|)? (\w+)$/gm),
    ];
    expect(arrows.length).toBe(architectureGraph(b).edges.length);
    for (const [, from, to] of arrows) {
      expect(declared).toContain(from);
      expect(declared).toContain(to);
    }
  });

  test("quotes and angle brackets in a label cannot break out of it", () => {
    const text = renderMermaid({
      title: "t",
      groups: [],
      nodes: [{ id: "a", lines: ['say "hi" <b>'], kind: "cluster" }],
      edges: [],
    });
    expect(text).toContain('a["say #quot;hi#quot; #lt;b#gt;"]');
  });
});

describe("what the graph says", () => {
  test("Aurora global: the writer replicates to each secondary, one way", () => {
    const b = loadBlueprintFile("blueprints/global-saas.yaml");
    const g = architectureGraph(b);
    const writer = b.regions.find((r) => r.writer)!;
    const replication = edgesOf(g, "replication");
    expect(replication).toHaveLength(b.regions.length - 1);
    for (const e of replication) {
      expect(e.from).toBe(`aws_${writer.region.replace(/-/g, "_")}_data`);
      expect(e.both).toBeUndefined();
    }
    expect(nodeText(g, "aws_us_east_1_data")).toMatch(/writer/);
  });

  test("GIVEN writerRegion moved THEN replication comes from the new writer", () => {
    const b = variant("blueprints/global-saas.yaml", (s) => {
      s.database.writerRegion = "eu-west-1";
    });
    const g = architectureGraph(b);
    expect(new Set(edgesOf(g, "replication").map((e) => e.from))).toEqual(new Set(["aws_eu_west_1_data"]));
  });

  test("DynamoDB: a multi-writer mesh, every pair both ways", () => {
    const b = variant("blueprints/profiles-local.yaml", (s) => {
      s.regions.push({ cloud: "aws", region: "ap-southeast-1", cidr: "10.30.0.0/16" });
    });
    const mesh = edgesOf(architectureGraph(b), "replication");
    const n = b.regions.length;
    expect(mesh).toHaveLength((n * (n - 1)) / 2);
    expect(mesh.every((e) => e.both === true && /last writer wins/.test(e.label ?? ""))).toBe(true);
  });

  test("multi-master-crdt says the app merges by version", () => {
    const g = architectureGraph(loadBlueprintFile("blueprints/cart-crdt.yaml"));
    expect(edgesOf(g, "replication").every((e) => /merge by version/.test(e.label ?? ""))).toBe(true);
  });

  test("DynamoDB under primary-per-shard: each shard written by its owner, the writer owns every key", () => {
    const b = variant("blueprints/profiles-local.yaml", (s) => {
      s.pattern = "primary-per-shard";
    });
    const g = architectureGraph(b);
    expect(edgesOf(g, "replication").map((e) => e.label)).toEqual([
      "replication, each shard written by its owner",
    ]);
    expect(nodeText(g, "aws_us_east_1_shards")).toBe("owns every key (one shard)");
    expect(g.nodes.some((n) => n.id === "aws_eu_west_1_shards")).toBe(false);
  });

  test("DSQL: the peers commit together and the witness region votes", () => {
    const b = loadBlueprintFile("blueprints/ledger-consensus.yaml");
    const g = architectureGraph(b);
    const witness = dsqlWitness(b.regions.map((r) => r.region))!;
    const witnessId = `aws_${witness.replace(/-/g, "_")}_data`;
    expect(g.nodes.find((n) => n.id === witnessId)?.kind).toBe("witness");
    expect(g.groups.find((x) => x.id === `aws_${witness.replace(/-/g, "_")}`)?.label).toMatch(/witness/);
    const consensus = edgesOf(g, "consensus");
    expect(consensus.filter((e) => e.to === witnessId)).toHaveLength(2);
    expect(consensus.filter((e) => e.both)).toHaveLength(1);
  });

  test("Spanner: the configuration's regions outside the blueprint are drawn, leader commits with the voters", () => {
    const b = loadBlueprintFile("blueprints/gcp-global.yaml");
    const config = spannerConfigFor(b.regions.map((r) => r.region))!;
    const g = architectureGraph(b);
    for (const region of [...config.readWrite, ...config.readOnly, config.witness!]) {
      expect(nodeText(g, `gcp_${region.replace(/-/g, "_")}_data`)).toContain(config.name);
    }
    expect(edgesOf(g, "consensus")).toHaveLength(config.readWrite.length - 1 + 1);
    expect(edgesOf(g, "replication")).toHaveLength(config.readOnly.length);
  });

  test("Kinesis: a stream per region fed by the replicated log", () => {
    const b = loadBlueprintFile("blueprints/orders-events.yaml");
    const g = architectureGraph(b);
    const streams = g.nodes.filter((n) => n.kind === "stream");
    expect(streams.map((s) => s.group)).toEqual(b.regions.map((r) => `aws_${r.region.replace(/-/g, "_")}`));
  });

  test("Pub/Sub: one global topic delivers to each region's subscription", () => {
    const b = VARIANTS["gcp-global with pubsub"]!();
    const g = architectureGraph(b);
    expect(edgesOf(g, "replication").filter((e) => e.from === "gcp_pubsub_topic")).toHaveLength(
      b.regions.length,
    );
  });

  test("Route 53: each region's weight and share; a standby says so", () => {
    const g = architectureGraph(loadBlueprintFile("blueprints/global-saas.yaml"));
    const labels = edgesOf(g, "traffic")
      .filter((e) => e.from === "routing")
      .map((e) => e.label);
    expect(labels).toEqual(["weight 40 (40 %)", "weight 40 (40 %)", "weight 20 (20 %)"]);
    expect(nodeText(g, "routing")).toMatch(/Route 53 weighted[\s\S]*TTL 15 s/);
  });

  test("Global Accelerator: weights, a weight-0 standby", () => {
    const g = architectureGraph(loadBlueprintFile("test/fixtures/blueprints/aws-standby-accelerator.yaml"));
    expect(nodeText(g, "routing")).toMatch(/Global Accelerator/);
    expect(
      edgesOf(g, "traffic")
        .filter((e) => e.from === "routing")
        .map((e) => e.label),
    ).toEqual(["weight 100", "weight 50", "weight 0 (standby)"]);
  });

  test("gcp only: the global load balancer sends users to the nearest healthy region", () => {
    const g = architectureGraph(loadBlueprintFile("blueprints/gcp-global.yaml"));
    expect(nodeText(g, "routing")).toMatch(/GCP global load balancer/);
    expect(edgesOf(g, "traffic").filter((e) => e.label === "nearest healthy")).toHaveLength(3);
  });

  test("mixed: Route 53 reaches the gcp regions through the GCP load balancer; the HA VPN links the pair; shard owners", () => {
    const b = loadBlueprintFile("blueprints/multi-cloud.yaml");
    const g = architectureGraph(b);
    expect(g.nodes.find((n) => n.id === "gcp_load_balancer")?.group).toBe("gcp");
    const links = edgesOf(g, "link");
    expect(links.map((e) => [e.from, e.to])).toEqual(
      b.interconnect!.pairs.map((p) => [
        `aws_${p.aws.replace(/-/g, "_")}_cluster`,
        `gcp_${p.gcp.replace(/-/g, "_")}_cluster`,
      ]),
    );
    for (const [shard, owner] of Object.entries(b.sharding.owners)) {
      const r = b.regions.find((x) => x.key === owner)!;
      expect(nodeText(g, `${r.cloud}_${r.region.replace(/-/g, "_")}_shards`)).toContain(shard);
    }
  });
});
