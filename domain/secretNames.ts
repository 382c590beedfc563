// Which Kubernetes secrets a certificate makes, and the names ASM reserves.

import { type KeyAlgorithm, secondaryAlgorithm } from "./keys";

export { RESERVED_SECRET_PREFIXES } from "./credentials";

/** The part of a rotation label that goes into a secret name. */
export function rotationSuffix(rotation: string | number): string {
    return String(rotation)
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "");
}

/** The secret (and credentialName) of a certificate: its name, or `<name>-<rotation>` once rotated. */
export function secretNameOf(cert: { name: string; rotation?: string | number }): string {
    return cert.rotation === undefined ? cert.name : `${cert.name}-${rotationSuffix(cert.rotation)}`;
}

/** Every secret a certificate makes: its own, and with dualStack the one of its second key algorithm. */
export function secretNamesOf(cert: {
    name: string;
    rotation?: string | number;
    dualStack: boolean;
    keyAlgorithm: KeyAlgorithm;
}): string[] {
    const primary = secretNameOf(cert);
    return cert.dualStack ? [primary, `${primary}${secondarySuffix(cert.keyAlgorithm)}`] : [primary];
}

/** With dualStack, what the second certificate's names (secret, resources) add: `-ecdsa` or `-rsa`. */
export function secondarySuffix(primary: KeyAlgorithm): string {
    return `-${secondaryAlgorithm(primary).toLowerCase()}`;
}

/**
 * Where the gateway looks its credentials up: with Istio's API, the gateway workload's namespace; with the
 * Gateway API, the Gateway's own namespace, where Istio deploys the workload (and so no ReferenceGrant for
 * Secrets is needed).
 */
export function credentialNamespace(gateway: { api: string; namespace: string; workloadNamespace: string }): string {
    return gateway.api === "gateway-api" ? gateway.namespace : gateway.workloadNamespace;
}
