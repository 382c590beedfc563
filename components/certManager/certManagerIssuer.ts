// An ACME issuer a stack defines in config: a cert-manager Issuer (in the credentials' namespace) or
// ClusterIssuer, with its account and solvers. Its secrets (the account key cert-manager makes, a TSIG key
// made outside the stack) are referenced by name, never held here.

import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedIssuer } from "../../config/resolved";
import { stackAnnotation } from "../ownership";
import { type DataPlaneTarget, onEachPlane } from "../pki/gatewayCredential";

export interface CertManagerIssuerArgs {
    issuer: ResolvedIssuer;
    /** Where an Issuer (namespaced) goes: the credentials' namespace. */
    namespace: string;
    /** With the Gateway API: the Gateway HTTP-01 challenges are routed through. */
    gateway?: { name: string; namespace: string };
    planes?: readonly DataPlaneTarget[];
}

export class CertManagerIssuer extends pulumi.ComponentResource {
    /** The Issuer or ClusterIssuer in each data plane, by cluster name (one, named "", without data planes). */
    readonly issuers: Record<string, CustomResource>;

    constructor(name: string, args: CertManagerIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:certManager:CertManagerIssuer", name, {}, opts);
        const body = issuerOf(args);
        this.issuers = onEachPlane(
            args.planes,
            (suffix, provider) => new CustomResource(`${name}-issuer${suffix}`, body, { parent: this, provider }),
        );
        this.registerOutputs({});
    }
}

function issuerOf({ issuer, namespace, gateway }: CertManagerIssuerArgs) {
    const { acme } = issuer;
    return {
        apiVersion: "cert-manager.io/v1",
        kind: issuer.kind,
        metadata: {
            name: issuer.name,
            ...(issuer.kind === "Issuer" && { namespace }),
            annotations: stackAnnotation(),
        },
        spec: {
            acme: {
                server: acme.server,
                email: acme.email,
                ...(acme.externalAccountBinding !== undefined && {
                    externalAccountBinding: acme.externalAccountBinding,
                }),
                ...(acme.caBundle !== undefined && { caBundle: Buffer.from(acme.caBundle).toString("base64") }),
                privateKeySecretRef: { name: `${issuer.name}-acme-account` },
                solvers: acme.solvers.map((solver) => ({
                    ...(solver.dnsZones !== undefined && { selector: { dnsZones: solver.dnsZones } }),
                    ...(solver.dns01 !== undefined && { dns01: dns01Of(solver.dns01) }),
                    ...(solver.http01 !== undefined && {
                        http01: gateway
                            ? {
                                  gatewayHTTPRoute: {
                                      parentRefs: [
                                          { name: gateway.name, namespace: gateway.namespace, kind: "Gateway" },
                                      ],
                                  },
                              }
                            : { ingress: { ingressClassName: solver.http01.ingressClass } },
                    }),
                })),
            },
        },
    };
}

type Dns01 = NonNullable<ResolvedIssuer["acme"]["solvers"][number]["dns01"]>;

/**
 * cert-manager's dns01 block. rfc2136's flat Secret fields become its tsigSecretSecretRef; every other
 * provider is named and shaped as cert-manager's API types it (pkg/apis/acme/v1), so it passes as it is.
 */
function dns01Of(dns01: Dns01) {
    if (dns01.rfc2136 !== undefined) {
        const { nameserver, tsigKeyName, tsigAlgorithm, tsigSecretName, tsigSecretKey } = dns01.rfc2136;
        return {
            rfc2136: {
                nameserver,
                tsigKeyName,
                tsigAlgorithm,
                tsigSecretSecretRef: { name: tsigSecretName, key: tsigSecretKey },
            },
        };
    }
    return dns01;
}
