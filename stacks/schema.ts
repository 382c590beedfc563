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

export interface ResolvedCertificate {
    name: string;
    /** Name of the Kubernetes secret, the Gateway's credentialName: `name`, or `<name>-<rotation>`. */
    secretName: string;
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
export const CONFIG_KEYS = ["gateway", "certificates", "routes", "sampleApps", "renderDir"] as const;

/** Program-level stack config, beside the component's: not part of SecureIngress args. */
export interface ProgramConfig {
    /** Write Kubernetes manifests to this folder instead of applying them (GitOps); Secrets are written in plaintext. */
    renderDir?: string;
}
