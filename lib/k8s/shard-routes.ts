import { Construct } from "constructs";
import type { IService } from "kubernetes-models/v1/Service";
import type { Blueprint, Region } from "../blueprint/model";
import { fitName, regionalHostname, workloadNamespace } from "../core/names";
import { SHARD_ROUTES_SUFFIX } from "../core/parity";
import { objectLabels } from "./labels";
import { typedObject } from "./typed-object";

/** The ExternalName Service that stands for a shard owner region's front door, e.g. `shard-owner-eu-west-1`. */
export function shardOwnerService(owner: Region): string {
  return fitName(`shard-owner-${owner.region}`, 63);
}

export interface ShardRoutesProps {
  readonly blueprint: Blueprint;
  /** The region whose cluster these routes run in. */
  readonly region: Region;
  /**
   * The Gateway (in the workload namespace) the routes attach to: the
   * cluster's front door for the blueprint's domain. @default the blueprint name
   */
  readonly gatewayName?: string;
}

/**
 * Write routing of `primary-per-shard`: a request whose shard header names a
 * shard another region owns is forwarded, from this region's Gateway, to the
 * owner region's own hostname (`<owner>.<domain>`, over TLS checked against
 * that name), where the owner's writer takes it. Shards this region owns have
 * no rule here: they stay on the Gateway's ordinary routes. Gateway API gives
 * the header matches precedence over routes without header matches.
 *
 * One ExternalName Service (and its BackendTLSPolicy) per owner region, the
 * same in every region; only the HTTPRoute's rules differ between regions.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/
 */
export class ShardRoutes extends Construct {
  constructor(scope: Construct, id: string, props: ShardRoutesProps) {
    super(scope, id);
    const { blueprint: b, region: r } = props;
    const namespace = workloadNamespace(b);
    const labels = objectLabels(b, r, b.name);
    const ownerKeys = [...new Set(Object.values(b.sharding.owners))].sort();
    const owners = b.regions.filter((x) => ownerKeys.includes(x.key));

    for (const owner of owners) {
      const name = shardOwnerService(owner);
      typedObject<IService>(this, `Owner-${owner.key}`, {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace, labels },
        spec: {
          type: "ExternalName",
          externalName: regionalHostname(b, owner),
          ports: [{ name: "https", port: 443, protocol: "TCP" }],
        },
      });
      typedObject(this, `OwnerTls-${owner.key}`, {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "BackendTLSPolicy",
        metadata: { name, namespace, labels },
        spec: {
          targetRefs: [{ group: "", kind: "Service", name }],
          validation: { hostname: regionalHostname(b, owner), wellKnownCACertificates: "System" },
        },
      });
    }

    const rules = owners
      .filter((owner) => owner.key !== r.key)
      .map((owner) => ({
        matches: Object.entries(b.sharding.owners)
          .filter(([, key]) => key === owner.key)
          .map(([shard]) => shard)
          .sort()
          .map((shard) => ({ headers: [{ type: "Exact", name: b.sharding.header, value: shard }] })),
        filters: [{ type: "URLRewrite", urlRewrite: { hostname: regionalHostname(b, owner) } }],
        backendRefs: [{ kind: "Service", name: shardOwnerService(owner), port: 443 }],
      }));
    typedObject(this, "Route", {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: `${b.name}${SHARD_ROUTES_SUFFIX}`, namespace, labels },
      spec: {
        parentRefs: [{ name: props.gatewayName ?? b.name }],
        hostnames: [b.dns.domain, ...b.regions.map((x) => regionalHostname(b, x))],
        rules,
      },
    });
  }
}
