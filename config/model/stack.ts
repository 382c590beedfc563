// The stack-config contract, which is also the args contract of the SecureIngress component: one
// declaration per field (fields.ts says what each gives), the closed sets of values, and the types derived
// from the declarations, as given (…Config) and with defaults filled (Resolved…).

import {
    type TypeOf,
    type WithDefaults,
    boolean,
    list,
    number,
    object,
    string,
    stringMap,
    stringOrNumber,
} from "./fields";

/** Key algorithms accepted by @pulumi/tls, in its own spelling. */
export const KEY_ALGORITHMS = ["RSA", "ECDSA"] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** RSA sizes we issue: 2048 is the floor browsers and Istio accept. */
export const RSA_BITS = [2048, 3072, 4096] as const;
export type RsaBits = (typeof RSA_BITS)[number];

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

/** The gateway APIs this tool manages: Istio's own, or the Kubernetes Gateway API. */
export const GATEWAY_APIS = ["istio", "gateway-api"] as const;
export type GatewayApi = (typeof GATEWAY_APIS)[number];

/** Where the Gateway object lives and which ingress workload it configures. */
const gateway = object(
    {
        /**
         * `istio` (default): a `networking.istio.io/v1` Gateway and VirtualServices. `gateway-api`: a
         * `gateway.networking.k8s.io/v1` Gateway, HTTPRoutes and ReferenceGrants; Istio deploys the gateway
         * workload in the Gateway's namespace, and the credential secrets go there.
         */
        api: string({ values: GATEWAY_APIS, default: "istio" }),
        /** With `api: gateway-api`: the GatewayClass. Default `istio`. */
        className: string({ default: "istio" }),
        /** Name of the Gateway object. Default `mysdsgateway`. */
        name: string({ default: "mysdsgateway" }),
        /** Namespace of the Gateway object and of the VirtualServices. Default `default`. */
        namespace: string({ default: "default" }),
        /** Labels that select the ingress gateway pods (`api: istio` only). Default `{ istio: ingressgateway }`. */
        selector: stringMap({ default: { istio: "ingressgateway" }, input: true }),
        /** Namespace of the gateway workload (its pods); credential secrets must live here (`api: istio` only). Default `istio-system`. */
        workloadNamespace: string({ default: "istio-system" }),
        /** HTTPS port of the gateway servers. Default 443. */
        port: number({ default: 443 }),
    },
    { filled: true },
);

/** Distinguished-name fields of a certificate subject. Unset fields stay unset. */
const subject = object(
    {
        /** Subject CN. */
        commonName: string(),
        /** Subject O. */
        organization: string(),
    },
    { tags: ["issuance"] },
);

/** The self-signed root CA that signs one certificate. */
const ca = object(
    {
        /** CA subject CN. Default: the certificate's common name. */
        commonName: string(),
        /** CA subject O. Default: the certificate's organization. */
        organization: string(),
        /** CA lifetime in days. Default 3650. */
        validityDays: number({ default: 3650 }),
    },
    { filled: true, tags: ["issuance"] },
);

/** A certificate and key issued elsewhere (e.g. by a public CA). */
const existing = object(
    {
        /** The server certificate in PEM, optionally followed by its intermediates. */
        certPem: string({
            example: (at: string) => `pulumi config set --secret --path '${at}.certPem' < server.crt`,
            input: true,
        }),
        /** The private key of the certificate in PEM. */
        keyPem: string({
            example: (at: string) => `pulumi config set --secret --path '${at}.keyPem' < server.key`,
            input: true,
        }),
        /** The CA certificate clients verify against (published in outputs). Default: the last certificate of certPem's chain. */
        caCertPem: string({ input: true }),
    },
    { required: ["certPem", "keyPem"] },
);

/** A client CA: generated in the stack (`generate: true`), or supplied as PEM (`certPem`). */
const clientCa = object({
    /** Generate the client CA in the stack. */
    generate: boolean(),
    /** A PEM bundle of client CA certificates, instead of generating one. */
    certPem: string(),
    /** With generate: CN of the client CA. Default `<name> client CA`. */
    commonName: string(),
    /** With generate: lifetime of the client CA in days. Default 3650. */
    validityDays: number({ default: 3650 }),
    /** With generate: also issue a sample client certificate, published as the secret output `sampleClients`. */
    sampleClient: boolean({ default: false }),
});

/** One gateway credential: a server certificate, its key, and the TLS secret the gateway loads. */
const certificate = object(
    {
        /** Secret name, which is also the Gateway's `credentialName`. Must not start with `istio` or `prometheus` (ASM). */
        name: string({ example: (at: string) => `pulumi config set --path '${at}.name' my-credential` }),
        /** SNI hosts this credential serves on the gateway, and the DNS SANs it carries. `*.example.com` covers one label. */
        hosts: list(string(), { example: (at: string) => `pulumi config set --path '${at}.hosts[0]' '*.example.com'` }),
        /** Subject of the server certificate. Default CN: the first host. */
        subject,
        /** The root CA that signs this certificate. */
        ca,
        /** Server certificate lifetime in days. Default 365. */
        validityDays: number({ default: 365, tags: ["issuance"] }),
        /** Private key algorithm, `RSA` or `ECDSA`. Default `RSA`. */
        keyAlgorithm: string({ values: KEY_ALGORITHMS, default: "RSA", tags: ["issuance"] }),
        /** RSA key size: 2048, 3072 or 4096. Default 2048. */
        rsaBits: number({ values: RSA_BITS, default: 2048, tags: ["issuance"] }),
        /** ECDSA curve: `P256` or `P384`. Default `P256`. */
        ecdsaCurve: string({ values: ECDSA_CURVES, default: "P256", tags: ["issuance"] }),
        /**
         * Change this (any string or number, e.g. `2026-11`) to rotate: a new key and certificate go into a new
         * secret `<name>-<rotation>`, the Gateway switches to it, and only then is the old secret deleted.
         */
        rotation: stringOrNumber(),
        /** Re-issue (generated) or refuse to deploy (existing) a certificate this many days before it expires. Default 30. */
        renewBeforeDays: number({ default: 30 }),
        /** Bring your own certificate instead of issuing one; set these as Pulumi secret config. */
        existing,
        /** `SIMPLE` (default), `MUTUAL` (clients must present a certificate) or `OPTIONAL_MUTUAL`. */
        mode: string({ values: TLS_MODES, default: "SIMPLE" }),
        /** The CA client certificates must chain to, for MUTUAL and OPTIONAL_MUTUAL; stored in the secret as `ca.crt`. */
        clientCa,
        /** Client certificate SANs the gateway accepts; MUTUAL only (Istio's rule). */
        subjectAltNames: list(string(), { tags: ["istioOnly"] }),
        /** Add a port-80 HTTP server for the same hosts that answers with a redirect to HTTPS. */
        httpsRedirect: boolean({ default: false }),
        /** Lowest TLS version: `TLSV1_2` (default) or `TLSV1_3`. */
        minProtocolVersion: string({ values: TLS_VERSIONS, default: "TLSV1_2", tags: ["istioOnly"] }),
        /** Highest TLS version; unset lets Istio choose. */
        maxProtocolVersion: string({ values: TLS_VERSIONS, tags: ["istioOnly"] }),
        /** OpenSSL cipher names, from the list Istio accepts. Unset lets Istio choose. */
        cipherSuites: list(string(), { tags: ["istioOnly"] }),
        /** Issue an RSA and an ECDSA certificate for the same hosts, served through `credentialNames` (Istio 1.26+). */
        dualStack: boolean({ default: false, tags: ["istioOnly"] }),
        /**
         * The Secret `name` is managed elsewhere (ASM certificate management, cert-manager, a PKI sync): the
         * stack creates no key and no Secret for it and never reads it; the Gateway and routes still use it.
         */
        external: boolean({ default: false }),
        /** With `external`: the CA clients verify the certificate against, published in outputs for curl and `npm run verify`. */
        caCertPem: string({ input: true }),
    },
    { required: ["name", "hosts"] },
);

/** The response a route's probe must get. */
const expect = object({
    /** HTTP status code. */
    status: number(),
    /** Text the response body must contain. */
    bodyIncludes: string(),
});

/** One host and path prefix routed from the gateway to a Kubernetes service. */
const route = object(
    {
        /** Host the client asks for (SNI and Host header). Must be covered by exactly one certificate. */
        host: string({ example: (at: string) => `pulumi config set --path '${at}.host' a.example.com` }),
        /** Path prefix to match, starting with `/`. Default `/`. */
        pathPrefix: string({ default: "/" }),
        /** Destination service: a short name in `namespace`, or a fully qualified host. */
        service: string({ example: (at: string) => `pulumi config set --path '${at}.service' my-service` }),
        /** Destination service port. */
        port: number({ example: (at: string) => `pulumi config set --path '${at}.port' 80` }),
        /** Namespace of the destination service. Default `default`. */
        namespace: string({ default: "default" }),
        /** Path the printed curl check and `npm run verify` request. Default: the path prefix. */
        probePath: string(),
        /** What `npm run verify` expects from probePath, so the check has teeth. */
        expect,
    },
    { required: ["host", "service", "port"] },
);

/** The tutorial's sample backends: NGINX and httpbin. */
const sampleApps = object(
    {
        /** Deploy the sample backends. Default false. */
        enabled: boolean({ default: false }),
        /** Existing namespace to deploy into; it gets the label `istio-injection: enabled`. Default `default`. */
        namespace: string({ default: "default" }),
        /** NGINX image. Default `nginx:1.27`. */
        nginxImage: string({ default: "nginx:1.27", input: true }),
        /** httpbin image, listening on port 80. Default `docker.io/kennethreitz/httpbin`. */
        httpbinImage: string({ default: "docker.io/kennethreitz/httpbin", input: true }),
        /** With `dataPlanes`: the names of the clusters that get the sample backends. Default: the first. */
        dataPlanes: list(string()),
    },
    { filled: true },
);

/**
 * How to reach the mesh control plane's API server (ASM's "two API servers"). The Gateway and the
 * VirtualServices go there; Secrets and workloads stay on the data-plane cluster of `kubernetes:*`.
 */
const controlPlane = object({
    /** Kubeconfig of the control plane (ASM console, connection details); set it with `--secret`. */
    kubeconfig: string({ input: true }),
    /** Context to use, in `kubeconfig` or in the default kubeconfig. */
    context: string(),
});

/** One data-plane cluster: it gets every credential Secret, and without a control plane, the Istio objects. */
const dataPlane = object(
    {
        /** A stable name for the cluster, used in resource names and outputs: a DNS label such as `hangzhou`. */
        name: string({ example: (at: string) => `pulumi config set --path '${at}.name' hangzhou` }),
        /** Kubeconfig of the cluster; set it with `--secret`. */
        kubeconfig: string({ input: true }),
        /** Context to use, in `kubeconfig` or in the default kubeconfig. */
        context: string(),
    },
    { required: ["name"] },
);

/** Everything the SecureIngress component takes as args (and the program reads from stack config). */
export const INGRESS_MODEL = object(
    {
        /** The Gateway object and the gateway workload it configures. */
        gateway,
        /** Credentials served by the gateway, one HTTPS server each. */
        certificates: list(certificate, {
            example: () =>
                "pulumi config set --path 'certificates[0].name' my-credential && " +
                "pulumi config set --path 'certificates[0].hosts[0]' '*.example.com'",
        }),
        /** Host routes, one VirtualService per host. */
        routes: list(route),
        /** Sample backends from the tutorial. */
        sampleApps,
    },
    { required: ["certificates"] },
);

/** The clusters of the mesh: where the Istio objects go, and every cluster that runs an ingress gateway. */
const PLANES = {
    /** A separate API server for the Istio objects: the ASM instance, or an external istiod's cluster. */
    controlPlane,
    /**
     * Every cluster that runs an ingress gateway; each gets every credential Secret. Without `controlPlane`
     * (Istio multi-primary) each also gets the Gateway and routes. Default: the one cluster of `kubernetes:*`.
     */
    dataPlanes: list(dataPlane, {
        example: () =>
            "pulumi config set --path 'dataPlanes[0].name' hangzhou && pulumi config set --path 'dataPlanes[0].context' hangzhou",
    }),
};

/** Settings of the program (index.ts) beside the component's. */
export const PROGRAM_MODEL = object({
    /** Write Kubernetes manifests to this folder instead of applying them (GitOps); Secrets are written in plaintext. */
    renderDir: string(),
    ...PLANES,
});

/** Everything SecureIngress takes from config: the ingress, and the API server its Istio objects go to. */
export const COMPONENT_MODEL = object({ ...INGRESS_MODEL.fields, ...PLANES }, { required: INGRESS_MODEL.required });

/** The whole stack config under `istio-gateway-tls:*`. */
export const STACK_MODEL = object(
    { ...INGRESS_MODEL.fields, ...PROGRAM_MODEL.fields },
    { required: INGRESS_MODEL.required },
);

export type GatewayConfig = TypeOf<typeof gateway>;
export type SubjectConfig = TypeOf<typeof subject>;
export type CaConfig = TypeOf<typeof ca>;
export type CertificateConfig = TypeOf<typeof certificate>;
export type ClientCaConfig = TypeOf<typeof clientCa>;
export type ExistingCertificateConfig = TypeOf<typeof existing>;
export type RouteConfig = TypeOf<typeof route>;
export type RouteExpectation = TypeOf<typeof expect>;
export type SampleAppsConfig = TypeOf<typeof sampleApps>;
export type ControlPlaneConfig = TypeOf<typeof controlPlane>;
export type DataPlaneConfig = TypeOf<typeof dataPlane>;
export type IngressConfig = TypeOf<typeof INGRESS_MODEL>;
export type ProgramConfig = TypeOf<typeof PROGRAM_MODEL>;
export type SecureIngressConfig = TypeOf<typeof COMPONENT_MODEL>;

/** The declarations of the entries that resolution and the rules walk. */
export const MODELS = { gateway, certificate, clientCa, route, sampleApps } as const;

/** Values as resolution hands them on: the declared defaults filled (derived, not written). */
export type CertificateWithDefaults = WithDefaults<typeof certificate>;
export type ResolvedGateway = WithDefaults<typeof gateway>;
export type ResolvedSampleApps = WithDefaults<typeof sampleApps>;

/** Server TLS settings of one credential, as they go into the Gateway. */
export type ResolvedTls = Pick<
    CertificateWithDefaults,
    "mode" | "minProtocolVersion" | "maxProtocolVersion" | "cipherSuites" | "subjectAltNames" | "httpsRedirect"
>;

type Named = SubjectConfig & { commonName: string };

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
    existing?: ExistingCertificateConfig;
    /** Set for certificates whose Secret is managed elsewhere: the stack makes none. */
    external?: { caCertPem?: string };
};

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
}
