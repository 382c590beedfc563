// The stack-config contract, which is also the args contract of the SecureIngress component.
// Input types have optional fields; Resolved* types are what validation hands on, with every default filled.

/** Key algorithms accepted by @pulumi/tls, in its own spelling. */
export const KEY_ALGORITHMS = ["RSA", "ECDSA"] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** RSA sizes we issue: 2048 is the floor browsers and Istio accept. */
export const RSA_BITS = [2048, 3072, 4096] as const;

/** ECDSA curves we issue. @pulumi/tls defaults to P224, which we never want. */
export const ECDSA_CURVES = ["P256", "P384"] as const;
export type EcdsaCurve = (typeof ECDSA_CURVES)[number];

/** Server TLS modes for a credential the gateway holds (Istio ServerTLSSettings.TLSmode). */
export const TLS_MODES = ["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** TLS protocol versions as Istio spells them; below TLSV1_2 is refused here and by the policy pack. */
export const TLS_VERSIONS = ["TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Cipher suites Istio accepts in Gateway tls.cipherSuites (istio/istio pkg/config/security ValidCipherSuites). */
export const ISTIO_CIPHER_SUITES = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-SHA",
    "ECDHE-RSA-AES128-SHA",
    "ECDHE-ECDSA-AES256-SHA",
    "ECDHE-RSA-AES256-SHA",
    "AES128-GCM-SHA256",
    "AES256-GCM-SHA384",
    "AES128-SHA",
    "AES256-SHA",
    "DES-CBC3-SHA",
] as const;

/** Where the Istio Gateway object lives and which ingress workload it configures. */
export interface GatewayConfig {
    /** Name of the Gateway object. Default `mysdsgateway`. */
    name?: string;
    /** Namespace of the Gateway object. Default `default`. */
    namespace?: string;
    /** Labels that select the ingress gateway pods. Default `{ istio: ingressgateway }`. */
    selector?: Record<string, string>;
    /** Namespace of the gateway workload (its pods); credential secrets must live here. Default `istio-system`. */
    workloadNamespace?: string;
    /** HTTPS port of the gateway servers. Default 443. */
    port?: number;
}

/** Distinguished-name fields of a certificate subject. Unset fields stay unset. */
export interface SubjectConfig {
    /** Subject CN. */
    commonName?: string;
    /** Subject O. */
    organization?: string;
}

/** The self-signed root CA that signs one certificate. */
export interface CaConfig {
    /** CA subject CN. Default: the certificate's common name. */
    commonName?: string;
    /** CA subject O. Default: the certificate's organization. */
    organization?: string;
    /** CA lifetime in days. Default 3650. */
    validityDays?: number;
}

/** One gateway credential: a server certificate, its key, and the TLS secret the gateway loads. */
export interface CertificateConfig {
    /** Secret name, which is also the Gateway's `credentialName`. Must not start with `istio` or `prometheus` (ASM). */
    name: string;
    /** SNI hosts this credential serves on the gateway, and the DNS SANs it carries. `*.example.com` covers one label. */
    hosts: string[];
    /** Subject of the server certificate. Default CN: the first host. */
    subject?: SubjectConfig;
    /** The root CA that signs this certificate. */
    ca?: CaConfig;
    /** Server certificate lifetime in days. Default 365. */
    validityDays?: number;
    /** Private key algorithm, `RSA` or `ECDSA`. Default `RSA`. */
    keyAlgorithm?: KeyAlgorithm;
    /** RSA key size: 2048, 3072 or 4096. Default 2048. */
    rsaBits?: number;
    /** ECDSA curve: `P256` or `P384`. Default `P256`. */
    ecdsaCurve?: EcdsaCurve;
    /**
     * Change this (any string or number, e.g. `2026-11`) to rotate: a new key and certificate go into a new
     * secret `<name>-<rotation>`, the Gateway switches to it, and only then is the old secret deleted.
     */
    rotation?: string | number;
    /** Re-issue (generated) or refuse to deploy (existing) a certificate this many days before it expires. Default 30. */
    renewBeforeDays?: number;
    /** Bring your own certificate instead of issuing one; set these as Pulumi secret config. */
    existing?: ExistingCertificateConfig;
    /** `SIMPLE` (default), `MUTUAL` (clients must present a certificate) or `OPTIONAL_MUTUAL`. */
    mode?: TlsMode;
    /** The CA client certificates must chain to, for MUTUAL and OPTIONAL_MUTUAL; stored in the secret as `ca.crt`. */
    clientCa?: ClientCaConfig;
    /** Client certificate SANs the gateway accepts; MUTUAL only (Istio's rule). */
    subjectAltNames?: string[];
    /** Add a port-80 HTTP server for the same hosts that answers with a redirect to HTTPS. */
    httpsRedirect?: boolean;
    /** Lowest TLS version: `TLSV1_2` (default) or `TLSV1_3`. */
    minProtocolVersion?: TlsVersion;
    /** Highest TLS version; unset lets Istio choose. */
    maxProtocolVersion?: TlsVersion;
    /** OpenSSL cipher names, from the list Istio accepts. Unset lets Istio choose. */
    cipherSuites?: string[];
    /** Issue an RSA and an ECDSA certificate for the same hosts, served through `credentialNames` (Istio 1.26+). */
    dualStack?: boolean;
}

/** A client CA: generated in the stack (`generate: true`), or supplied as PEM (`certPem`). */
export interface ClientCaConfig {
    /** Generate the client CA in the stack. */
    generate?: boolean;
    /** A PEM bundle of client CA certificates, instead of generating one. */
    certPem?: string;
    /** With generate: CN of the client CA. Default `<name> client CA`. */
    commonName?: string;
    /** With generate: lifetime of the client CA in days. Default 3650. */
    validityDays?: number;
    /** With generate: also issue a sample client certificate, published as the secret output `sampleClients`. */
    sampleClient?: boolean;
}

/** A certificate and key issued elsewhere (e.g. by a public CA). */
export interface ExistingCertificateConfig {
    /** The server certificate in PEM, optionally followed by its intermediates. */
    certPem: string;
    /** The private key of the certificate in PEM. */
    keyPem: string;
    /** The CA certificate clients verify against (published in outputs). Default: the last certificate of certPem's chain. */
    caCertPem?: string;
}

/** One host and path prefix routed from the gateway to a Kubernetes service. */
export interface RouteConfig {
    /** Host the client asks for (SNI and Host header). Must be covered by exactly one certificate. */
    host: string;
    /** Path prefix to match, starting with `/`. Default `/`. */
    pathPrefix?: string;
    /** Destination service: a short name in `namespace`, or a fully qualified host. */
    service: string;
    /** Destination service port. */
    port: number;
    /** Namespace of the destination service and of the VirtualService. Default `default`. */
    namespace?: string;
    /** Path the printed curl check and `npm run verify` request. Default: the path prefix. */
    probePath?: string;
    /** What `npm run verify` expects from probePath, so the check has teeth. */
    expect?: RouteExpectation;
}

/** The response a route's probe must get. */
export interface RouteExpectation {
    /** HTTP status code. */
    status?: number;
    /** Text the response body must contain. */
    bodyIncludes?: string;
}

/** The tutorial's sample backends: NGINX and httpbin. */
export interface SampleAppsConfig {
    /** Deploy the sample backends. Default false. */
    enabled?: boolean;
    /** Existing namespace to deploy into; it gets the label `istio-injection: enabled`. Default `default`. */
    namespace?: string;
    /** NGINX image. Default `nginx:1.27`. */
    nginxImage?: string;
    /** httpbin image, listening on port 80. Default `docker.io/kennethreitz/httpbin`. */
    httpbinImage?: string;
}

/** Everything the program reads from stack config, and the SecureIngress component takes as args. */
export interface IngressConfig {
    /** The Gateway object and the gateway workload it configures. */
    gateway?: GatewayConfig;
    /** Credentials served by the gateway, one HTTPS server each. */
    certificates: CertificateConfig[];
    /** Host routes, one VirtualService per host. */
    routes?: RouteConfig[];
    /** Sample backends from the tutorial. */
    sampleApps?: SampleAppsConfig;
}

export type ResolvedGateway = Required<GatewayConfig>;

/** How a generated certificate is issued: by its own root CA, with keys from @pulumi/tls. */
export interface IssuanceSettings {
    /** hosts, plus the common name when it is a DNS name they do not already cover. */
    dnsNames: string[];
    subject: SubjectConfig & { commonName: string };
    ca: { subject: SubjectConfig & { commonName: string }; validityDays: number };
    validityDays: number;
    keyAlgorithm: KeyAlgorithm;
    rsaBits: number;
    ecdsaCurve: EcdsaCurve;
}

/** Server TLS settings of one credential, as they go into the Gateway. */
export interface ResolvedTls {
    mode: TlsMode;
    minProtocolVersion: TlsVersion;
    maxProtocolVersion?: TlsVersion;
    cipherSuites?: string[];
    subjectAltNames?: string[];
    httpsRedirect: boolean;
}

export interface ResolvedClientCa {
    /** Set when the stack generates the client CA. */
    generate?: { commonName: string; validityDays: number; sampleClient: boolean };
    /** Set when the client CA is supplied. */
    certPem?: string;
}

export interface ResolvedCertificate {
    name: string;
    /** Name of the Kubernetes secret, the Gateway's credentialName: `name`, or `<name>-<rotation>`. */
    secretName: string;
    /** With dualStack: the second secret, holding the certificate of the other key algorithm. */
    secondarySecretName?: string;
    tls: ResolvedTls;
    clientCa?: ResolvedClientCa;
    hosts: string[];
    /** The rotation label as given (stringified), if any. */
    rotation?: string;
    renewBeforeDays: number;
    /** Set for certificates the stack issues. */
    issue?: IssuanceSettings;
    /** Set for certificates brought from elsewhere; values are secret material (keyPem). */
    existing?: Required<Pick<ExistingCertificateConfig, "certPem" | "keyPem">> & { caCertPem?: string };
}

export interface ResolvedRoute {
    host: string;
    pathPrefix: string;
    service: string;
    port: number;
    namespace: string;
    probePath: string;
    /** Fully qualified destination host. */
    destinationHost: string;
    /** Name of the certificate whose hosts cover this route's host. */
    certificateName: string;
    expect?: RouteExpectation;
}

export type ResolvedSampleApps = Required<SampleAppsConfig>;

export interface ResolvedIngressConfig {
    gateway: ResolvedGateway;
    /** Sorted by name, so config order never reaches the resources. */
    certificates: ResolvedCertificate[];
    /** Sorted by host, then longest path prefix first. */
    routes: ResolvedRoute[];
    sampleApps: ResolvedSampleApps;
}

export const DEFAULTS = {
    gateway: {
        name: "mysdsgateway",
        namespace: "default",
        selector: { istio: "ingressgateway" } as Record<string, string>,
        workloadNamespace: "istio-system",
        port: 443,
    },
    certificate: {
        validityDays: 365,
        caValidityDays: 3650,
        keyAlgorithm: "RSA" as KeyAlgorithm,
        rsaBits: 2048,
        ecdsaCurve: "P256" as EcdsaCurve,
        renewBeforeDays: 30,
    },
    route: {
        pathPrefix: "/",
        namespace: "default",
    },
    sampleApps: {
        enabled: false,
        namespace: "default",
        nginxImage: "nginx:1.27",
        httpbinImage: "docker.io/kennethreitz/httpbin",
    },
} as const;

/** Top-level stack config keys, under the project's namespace (`istio-gateway-tls:<key>`). */
export const CONFIG_KEYS = ["gateway", "certificates", "routes", "sampleApps", "renderDir", "controlPlane"] as const;

/** Program-level stack config, beside the component's: not part of SecureIngress args. */
export interface ProgramConfig {
    /** Write Kubernetes manifests to this folder instead of applying them (GitOps); Secrets are written in plaintext. */
    renderDir?: string;
    /** A separate API server for the Istio objects: the ASM instance, or an external istiod's cluster. */
    controlPlane?: ControlPlaneConfig;
}

/**
 * How to reach the mesh control plane's API server (ASM's "two API servers"). The Gateway and the
 * VirtualServices go there; Secrets and workloads stay on the data-plane cluster of `kubernetes:*`.
 */
export interface ControlPlaneConfig {
    /** Kubeconfig of the control plane (ASM console, connection details); set it with `--secret`. */
    kubeconfig?: string;
    /** Context to use, in `kubeconfig` or in the default kubeconfig. */
    context?: string;
}
