// What resolve.ts hands the components: the model's values with their declared defaults filled (derived, not
// written), and what follows from them (secret names, SANs, the certificate covering each route).

import type { alerts, issuer } from "./model/certManager";
import type { certificate, clientCa } from "./model/certificates";
import type { Delegation } from "../domain/delegation";
import type { WithDefaults } from "./model/fields";
import type { gateway } from "./model/gateway";
import type { PlainExistingCertificateConfig, PlainSubjectConfig } from "./model/stack";
import type { route, sampleApps } from "./model/routes";

export type CertificateWithDefaults = WithDefaults<typeof certificate>;
export type ResolvedGateway = WithDefaults<typeof gateway>;
export type ResolvedSampleApps = WithDefaults<typeof sampleApps>;

/** Server TLS settings of one credential, as they go into the Gateway. */
export type ResolvedTls = Pick<
    CertificateWithDefaults,
    "mode" | "minProtocolVersion" | "maxProtocolVersion" | "cipherSuites" | "subjectAltNames" | "httpsRedirect"
>;

type Named = PlainSubjectConfig & { commonName: string };

/** How a generated certificate is issued: by its own root CA, with keys from @pulumi/tls. */
export type IssuanceSettings = Pick<
    CertificateWithDefaults,
    "validityDays" | "keyAlgorithm" | "rsaBits" | "ecdsaCurve"
> & {
    /** hosts, plus the common name when it is a DNS name they do not already cover. */
    dnsNames: string[];
    subject: Named;
    ca: { subject: Named; validityDays: number };
};

export interface ResolvedClientCa {
    /** Set when the stack generates the client CA. */
    generate?: Required<Pick<WithDefaults<typeof clientCa>, "commonName" | "validityDays" | "sampleClient">>;
    /** Set when the client CA is supplied. */
    certPem?: string;
}

export type ResolvedCertificate = Pick<CertificateWithDefaults, "name" | "hosts" | "renewBeforeDays"> & {
    /** Name of the Kubernetes secret, the Gateway's credentialName: `name`, or `<name>-<rotation>`. */
    secretName: string;
    /** With dualStack: the second secret, holding the certificate of the other key algorithm. */
    secondarySecretName?: string;
    tls: ResolvedTls;
    clientCa?: ResolvedClientCa;
    /** The rotation label as given (stringified), if any. */
    rotation?: string;
    /** Set for certificates the stack issues. */
    issue?: IssuanceSettings;
    /** Set for certificates brought from elsewhere; values are secret material (keyPem). */
    existing?: PlainExistingCertificateConfig;
    /** Set for certificates whose Secret is managed elsewhere: the stack makes none. */
    external?: { caCertPem?: string };
    /** Set for certificates cert-manager issues: what the stack's `Certificate` says. */
    certManager?: ResolvedCertManager;
};

/** A cert-manager `Certificate`'s settings, resolved from the certificate entry. */
export interface ResolvedCertManager {
    issuerRef: { name: string; kind: string; group: string };
    dnsNames: string[];
    /** Go durations, as cert-manager takes them: `<days * 24>h`. */
    duration: string;
    renewBefore: string;
    privateKey: { algorithm: "RSA" | "ECDSA"; size: number; rotationPolicy: "Always" | "Never" };
    timeoutSeconds: number;
}

/** An issuer the stack makes, with its server's URL. */
export type ResolvedIssuer = WithDefaults<typeof issuer>;

export type ResolvedRoute = WithDefaults<typeof route> & {
    /** The path the checks request: probePath, or the path prefix. */
    probePath: string;
    /** Fully qualified destination host. */
    destinationHost: string;
    /** Name of the certificate whose hosts cover this route's host. */
    certificateName: string;
};

export interface ResolvedIngressConfig {
    gateway: ResolvedGateway;
    /** Sorted by name, so config order never reaches the resources. */
    certificates: ResolvedCertificate[];
    /** Sorted by host, then longest path prefix first. */
    routes: ResolvedRoute[];
    sampleApps: ResolvedSampleApps;
    /** Sorted by name. */
    issuers: ResolvedIssuer[];
    alerts: WithDefaults<typeof alerts>;
    /** Sorted by namespace, each one's hosts sorted. */
    delegations: Delegation[];
}
