// The Gateway and its routes: one HTTPS server per certificate entry, naming its credentials' Secrets. One
// Gateway on the control plane (ASM) or the one cluster; or, with data planes and no control plane (Istio
// multi-primary), one per cluster, each waiting for the Secrets of every cluster.

import * as pulumi from "@pulumi/pulumi";
import { answersHttp01 } from "../../domain/acme";
import type { ResolvedIngressConfig } from "../../config/resolved";
import { IstioGateway } from "../gateway/istioGateway";
import { KubernetesGateway } from "../gateway/kubernetesGateway";
import type { DataPlaneTarget } from "../pki/gatewayCredential";
import type { CertificateResources } from "./credentials";

export type AnyGateway = IstioGateway | KubernetesGateway;

/** A Gateway's route objects: its VirtualServices, or its HTTPRoutes. */
export function routeObjectsOf(gateway: AnyGateway): pulumi.Resource[] {
    return Object.values(gateway instanceof IstioGateway ? gateway.virtualServices : gateway.httpRoutes);
}

/**
 * Settles once the engine has answered the registration of every one of these resources: their URNs come
 * back with their step's result, after the engine has saved its state. Adds no dependency to what awaits it.
 * If a registration fails, it never settles, like any output of that resource; the engine ends the run.
 */
export function whenStored(resources: readonly pulumi.Resource[]): Promise<void> {
    return new Promise((resolve) => {
        pulumi.all(resources.map((resource) => resource.urn)).apply(() => resolve());
    });
}

/** Whether cert-manager proves a host of this certificate with HTTP-01, through an issuer of this stack. */
function acmeHttp01(cert: ResolvedIngressConfig["certificates"][number], config: ResolvedIngressConfig): boolean {
    const ref = cert.certManager?.issuerRef;
    const issuer = config.issuers.find((entry) => entry.name === ref?.name && entry.kind === ref.kind);
    return issuer !== undefined && cert.hosts.some((host) => answersHttp01(host, issuer.acme.solvers));
}

export function gatewaysOf(
    name: string,
    config: ResolvedIngressConfig,
    selector: Record<string, pulumi.Input<string>>,
    credentials: Record<string, CertificateResources>,
    where: { parent: pulumi.Resource; controlPlane?: pulumi.ProviderResource; planes?: DataPlaneTarget[] },
): AnyGateway[] {
    const Gateway = config.gateway.api === "gateway-api" ? KubernetesGateway : IstioGateway;
    const args = {
        gateway: { ...config.gateway, selector },
        externalCredentials: config.certificates.filter((cert) => cert.external).map((cert) => cert.secretName),
        servers: config.certificates.map((cert) => ({
            certificateName: cert.name,
            hosts: cert.hosts,
            // The credentialName is the credential's output, so the Gateway waits for its Secret.
            credentialNames: cert.external
                ? [cert.secretName]
                : [
                      credentials[cert.name].managed,
                      credentials[cert.name].credential,
                      credentials[cert.name].secondary,
                  ].flatMap((credential) => (credential ? [credential.credentialName] : [])),
            tls: cert.tls,
            ...(acmeHttp01(cert, config) && { acmeHttp01: true }),
        })),
        routes: config.routes,
        ...(config.delegations.length > 0 && { delegations: config.delegations }),
    };
    const { parent, controlPlane, planes } = where;
    if (controlPlane || planes === undefined) {
        return [new Gateway(name, args, { parent, ...(controlPlane && { providers: { kubernetes: controlPlane } }) })];
    }
    return planes.map(
        (plane) => new Gateway(`${name}-${plane.name}`, args, { parent, providers: { kubernetes: plane.provider } }),
    );
}
