import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { writeManifests } from "../../lib/k8s/synth";
import type { StackJson } from "../aws/synth";
import { only, resources } from "../aws/synth";
import { synthBlueprint } from "../stacks/helpers";
import { MULTI_CLOUD, resolveEdited } from "./fixtures";

type Body = Record<string, any>;
const res = (json: StackJson, type: string) => resources(json, type) as Body[];
const one = (json: StackJson, type: string) => only(json, type) as Body;

/**
 * Stacks never pass tokens to each other; they agree on names. These tests
 * read two stacks' output and check that what one names, the other creates.
 */
describe("GIVEN multi-cloud.yaml with a second link THEN the stacks agree on every name they share", () => {
  const b = resolveEdited(MULTI_CLOUD, (d) => {
    d.spec.interconnect.pairs.push({ aws: "us-east-1", gcp: "us-central1" });
    d.spec.dns.gcpBackends = "attached";
  });
  const { stacks } = synthBlueprint(b);
  const ic = stacks["multi-cloud-interconnect"]!;
  const eu = stacks["multi-cloud-gcp-europe-west1"]!;
  const us = stacks["multi-cloud-gcp-us-central1"]!;
  const gcpGlobal = stacks["multi-cloud-gcp-global"]!;

  test("THEN the VPCs the interconnect looks up are the VPCs the AWS region stacks name", () => {
    const looked = Object.values((ic as { data: Record<string, Record<string, Body>> }).data.aws_vpc!)
      .map((d) => d.filter[0].values[0])
      .sort();
    const named = ["multi-cloud-aws-eu-west-1", "multi-cloud-aws-us-east-1"].map(
      (s) => one(stacks[s]!, "aws_vpc").tags.Name,
    );
    expect(looked).toEqual(named.sort());
  });

  test("THEN the route tables and subnets it filters on carry the tags the AWS network gives them", () => {
    const aws = stacks["multi-cloud-aws-eu-west-1"]!;
    const data = (ic as { data: Record<string, Record<string, Body>> }).data;
    const tablePattern = Object.values(data.aws_route_tables!)
      .map((d) => d.filter[0].values[0] as string)
      .find((p) => p.startsWith("multi-cloud-aws-eu-west-1"))!;
    const privateTables = res(aws, "aws_route_table").filter((t) =>
      new RegExp(`^${tablePattern.replace("*", ".*")}$`).test(t.tags.Name),
    );
    expect(privateTables.length).toBeGreaterThanOrEqual(2);
    const subnetFilter = Object.values(data.aws_subnets!)[0]!.filter[1];
    const tagged = res(aws, "aws_subnet").filter(
      (s) => s.tags[subnetFilter.name.replace("tag:", "")] === "1",
    );
    expect(new Set(tagged.map((s) => s.availability_zone)).size).toBe(tagged.length);
    expect(tagged.length).toBeGreaterThanOrEqual(2);
  });

  test("THEN the network every other stack names is the one the primary gcp region creates", () => {
    const network = one(eu, "google_compute_network");
    const path = `projects/acme-shop-prod/global/networks/${network.name}`;
    expect(one(us, "google_compute_subnetwork").network).toBe(path);
    expect(res(ic, "google_compute_ha_vpn_gateway").map((g) => g.network)).toEqual([path, path]);
  });

  test("THEN the replica follows the instance the primary region creates", () => {
    expect(one(us, "google_sql_database_instance").master_instance_name).toBe(
      one(eu, "google_sql_database_instance").name,
    );
  });

  test("THEN the load balancer's backends are in the zones the GKE nodes are pinned to", () => {
    const zonesOf = (json: StackJson) => one(json, "google_container_cluster").node_locations as string[];
    const all = res(gcpGlobal, "google_compute_backend_service").find((s) => s.name === "multi-cloud-all")!;
    const zones = all.backend.map((x: Body) => /zones\/([^/]+)\//.exec(x.group)![1]);
    expect(zones.sort()).toEqual([...zonesOf(eu), ...zonesOf(us)].sort());
  });

  test("THEN each workload's Google service account is the one its Kubernetes service account is annotated with", () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "xs-k8s-"));
    writeManifests(b, dir);
    for (const [stack, json] of [
      ["multi-cloud-gcp-europe-west1", eu],
      ["multi-cloud-gcp-us-central1", us],
    ] as const) {
      const folder = path.join(dir, "k8s", stack);
      const text = fs
        .readdirSync(folder)
        .map((f) => fs.readFileSync(path.join(folder, f), "utf8"))
        .join("\n");
      const annotated = [...text.matchAll(/iam\.gke\.io\/gcp-service-account: (\S+)/g)].map((m) => m[1]);
      const created = res(json, "google_service_account")
        .filter((a) => a.display_name.startsWith("Workload "))
        .map((a) => `${a.account_id}@acme-shop-prod.iam.gserviceaccount.com`);
      expect(annotated.length).toBeGreaterThan(0);
      expect([stack, annotated.sort()]).toEqual([stack, created.sort()]);
    }
  });
});

describe("GIVEN multi-cloud.yaml, second pass, THEN the load balancer's NEGs are the ones the GKE Services ask for", () => {
  const b = resolveEdited(MULTI_CLOUD, (d) => {
    d.spec.dns.gcpBackends = "attached";
  });
  const { stacks } = synthBlueprint(b);
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "neg-k8s-"));
  writeManifests(b, dir);
  const services = (cluster: string) =>
    fs
      .readdirSync(path.join(dir, "k8s", cluster))
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, "k8s", cluster, f), "utf8")))
      .map((d) => d.toJS() as Body)
      .filter((o) => o?.kind === "Service");

  test("THEN the front workload's Service on each gcp cluster names every NEG the backends point at", () => {
    const backends = res(stacks["multi-cloud-gcp-global"]!, "google_compute_backend_service").flatMap((s) =>
      s.backend.map((x: Body) => /networkEndpointGroups\/([^/]+)$/.exec(x.group)![1]),
    );
    expect(backends.length).toBeGreaterThan(0);
    for (const cluster of ["multi-cloud-gcp-europe-west1", "multi-cloud-gcp-us-central1"]) {
      const front = services(cluster).find((s) => s.metadata.name === b.workloads[0]!.name)!;
      const neg = JSON.parse(front.metadata.annotations["cloud.google.com/neg"]);
      expect(new Set(backends)).toEqual(new Set([neg.exposed_ports[String(b.workloads[0]!.port)].name]));
    }
  });

  test("THEN AWS clusters carry no NEG annotation", () => {
    for (const s of services("multi-cloud-aws-us-east-1")) expect(s.metadata.annotations).toBeUndefined();
  });
});
