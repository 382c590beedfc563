import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedRoute } from "../../config/resolved";
import {
    type GatewayInput,
    type HttpsServerInput,
    ISTIO_NETWORKING_API,
    WORKLOAD_NAMESPACE_ANNOTATION,
    buildAcmeRedirect,
    buildGatewaySpec,
    externalAnnotation,
    buildVirtualServices,
} from "./spec";
import type { Delegation } from "../../domain/delegation";
import { HostDelegation } from "../delegation/hostDelegation";
import { stackAnnotation } from "../ownership";

export interface GatewayArgs {
    /** The Gateway object's name, namespace, selector (whose values may be outputs), workload namespace and port. */
    gateway: GatewayInput<pulumi.Input<string>>;
    /** One HTTPS server per credential, already sorted, with its TLS settings. */
    servers: HttpsServerInput<pulumi.Input<string>>[];
    /** Host routes, sorted by host and then longest prefix first. */
    routes: ResolvedRoute[];
    /** Secrets the Gateway names that something else manages (`external`), recorded for the policy pack. */
    externalCredentials?: string[];
    /** Hosts delegated to teams' namespaces (sorted): the Gateway admits their routes, the API server enforces it. */
    delegations?: Delegation[];
}

/** The Istio Gateway that terminates TLS with SDS credentials, and one VirtualService per routed host. */
export class IstioGateway extends pulumi.ComponentResource {
    /** The `networking.istio.io/v1` Gateway. */
    readonly gateway: CustomResource;
    /** VirtualServices by host. */
    readonly virtualServices: Record<string, CustomResource>;
    /** With httpsRedirect beside HTTP-01: the port-80 Gateway and its redirect (spec.ts, buildAcmeRedirect). */
    readonly acmeRedirect?: { gateway: CustomResource; virtualService: CustomResource };
    /** With delegations: the admission policy that enforces them. */
    readonly hostDelegation?: HostDelegation;

    constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        // Renamed from IngressGateway (in Istio, the ingress gateway is the Envoy workload, not this object):
        // the alias keeps existing stacks' URNs, so they see no change.
        super(
            "istio-gateway-tls:gateway:IstioGateway",
            name,
            {},
            {
                ...opts,
                aliases: [...(opts?.aliases ?? []), { type: "istio-gateway-tls:gateway:IngressGateway" }],
            },
        );
        const gw = args.gateway;
        this.gateway = new CustomResource(
            `${name}-gateway`,
            {
                apiVersion: ISTIO_NETWORKING_API,
                kind: "Gateway",
                metadata: {
                    name: gw.name,
                    namespace: gw.namespace,
                    annotations: {
                        ...stackAnnotation(),
                        [WORKLOAD_NAMESPACE_ANNOTATION]: gw.workloadNamespace,
                        ...externalAnnotation(args.externalCredentials),
                    },
                },
                spec: buildGatewaySpec(gw, args.servers, args.delegations),
            },
            { parent: this },
        );
        this.virtualServices = {};
        for (const vs of buildVirtualServices(gw, args.routes)) {
            // Keyed by host, never by list position, so reordering routes changes nothing.
            this.virtualServices[vs.host] = new CustomResource(
                `${name}-route-${vs.name}`,
                {
                    apiVersion: ISTIO_NETWORKING_API,
                    kind: "VirtualService",
                    metadata: { name: vs.name, namespace: gw.namespace, annotations: stackAnnotation() },
                    spec: vs.spec,
                },
                { parent: this },
            );
        }
        const redirect = buildAcmeRedirect(gw, args.servers);
        if (redirect) {
            const metadata = (name: string) => ({ name, namespace: gw.namespace, annotations: stackAnnotation() });
            this.acmeRedirect = {
                gateway: new CustomResource(
                    `${name}-http-gateway`,
                    {
                        apiVersion: ISTIO_NETWORKING_API,
                        kind: "Gateway",
                        metadata: metadata(redirect.gateway.name),
                        spec: redirect.gateway.spec,
                    },
                    { parent: this },
                ),
                virtualService: new CustomResource(
                    `${name}-https-redirect`,
                    {
                        apiVersion: ISTIO_NETWORKING_API,
                        kind: "VirtualService",
                        metadata: metadata(redirect.virtualService.name),
                        spec: redirect.virtualService.spec,
                    },
                    { parent: this },
                ),
            };
        }
        if (args.delegations?.length) {
            const gateway = { name: gw.name, namespace: gw.namespace };
            this.hostDelegation = new HostDelegation(
                `${name}-delegation`,
                { gateway, delegations: args.delegations },
                { parent: this },
            );
        }
        this.registerOutputs({ gatewayName: this.gateway.metadata.name });
    }
}
