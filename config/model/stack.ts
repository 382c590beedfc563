// The stack-config contract, which is also the args contract of the SecureIngress component: one
// declaration per field, with its type, range or allowed values, default and doc (fields.ts says what each
// gives), and the types derived from the declarations, as given (Plain…) and with defaults filled (Resolved…).
// The component's own args types (components/types.ts) are generated from it under the names given here.

import { ECDSA_CURVES, KEY_ALGORITHMS, RSA_BITS } from "../../domain/keys";
import { alerts, certManager, issuer } from "./certManager";
import {
    type TypeOf,
    type WithDefaults,
    boolean,
    enumeration,
    list,
    number,
    object,
    string,
    stringMap,
    stringOrNumber,
} from "./fields";

export const KEY_ALGORITHM = enumeration({
    name: "KeyAlgorithm",
    doc: "Key algorithms accepted by @pulumi/tls, in its own spelling.",
    noun: "supported key algorithm",
    values: KEY_ALGORITHMS,
});
export const RSA_KEY_SIZE = enumeration({
    doc: "RSA sizes we issue: 2048 is the floor browsers and Istio accept.",
    noun: "supported RSA key size",
    values: RSA_BITS,
});
export const ECDSA_CURVE = enumeration({
    name: "EcdsaCurve",
    doc: "ECDSA curves we issue. @pulumi/tls defaults to P224, which we never want.",
    noun: "supported curve",
    values: ECDSA_CURVES,
});
export const TLS_MODE = enumeration({
    name: "TlsMode",
    doc: "Server TLS modes for a credential the gateway holds (Istio ServerTLSSettings.TLSmode).",
    noun: "TLS mode this tool manages",
    values: ["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"],
});
export const TLS_VERSION = enumeration({
    name: "TlsVersion",
    doc: "TLS protocol versions as Istio spells them; below TLSV1_2 is refused here and by the policy pack.",
    noun: "TLS version Istio knows",
    values: ["TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"],
});

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
const CIPHER_SUITE = enumeration({
    doc: "Cipher suites Istio accepts in Gateway tls.cipherSuites.",
    noun: "cipher suite Istio accepts",
    values: ISTIO_CIPHER_SUITES,
});
export const GATEWAY_API = enumeration({
    name: "GatewayApi",
    doc: "The gateway APIs this tool manages: Istio's own, or the Kubernetes Gateway API.",
    noun: "gateway API this tool manages",
    values: ["istio", "gateway-api"],
});

const DAYS = { min: 1, max: 36500, noun: "number of days" } as const;
const PORT = { min: 1, max: 65535, noun: "port" } as const;

const gateway = object(
    {
        api: string({
            doc:
                "`istio`: a `networking.istio.io/v1` Gateway and VirtualServices. `gateway-api`: a " +
                "`gateway.networking.k8s.io/v1` Gateway, HTTPRoutes and ReferenceGrants; Istio deploys the gateway " +
                "workload in the Gateway's namespace, and the credential secrets go there.",
            values: GATEWAY_API,
            default: "istio",
        }),
        className: string({ doc: "With `api: gateway-api`: the GatewayClass.", default: "istio" }),
        name: string({ doc: "Name of the Gateway object.", default: "mysdsgateway" }),
        namespace: string({ doc: "Namespace of the Gateway object and of the VirtualServices.", default: "default" }),
        selector: stringMap({
            doc: "Labels that select the ingress gateway pods (`api: istio` only).",
            default: { istio: "ingressgateway" },
            input: true,
        }),
        workloadNamespace: string({
            doc: "Namespace of the gateway workload (its pods); credential secrets must live here (`api: istio` only).",
            default: "istio-system",
        }),
        port: number({ doc: "HTTPS port of the gateway servers.", default: 443, ...PORT }),
    },
    {
        name: "GatewayConfig",
        doc: "Where the Gateway object lives and which ingress workload it configures.",
        filled: true,
    },
);

const subject = object(
    {
        commonName: string({ doc: "Subject CN." }),
        organization: string({ doc: "Subject O." }),
    },
    {
        name: "SubjectConfig",
        doc: "Distinguished-name fields of a certificate subject. Unset fields stay unset; the CN defaults to the first host.",
        tags: ["issuance"],
    },
);

const ca = object(
    {
        commonName: string({ doc: "CA subject CN. Unset: the certificate's common name." }),
        organization: string({ doc: "CA subject O. Unset: the certificate's organization." }),
        validityDays: number({ doc: "CA lifetime in days.", default: 3650, ...DAYS }),
    },
    {
        name: "CaConfig",
        doc: "The self-signed root CA that signs this certificate.",
        filled: true,
        tags: ["issuance"],
    },
);

const existing = object(
    {
        certPem: string({
            doc: "The server certificate in PEM, optionally followed by its intermediates.",
            example: (at: string) => `pulumi config set --secret --path '${at}.certPem' < server.crt`,
            input: true,
        }),
        keyPem: string({
            doc: "The private key of the certificate in PEM.",
            example: (at: string) => `pulumi config set --secret --path '${at}.keyPem' < server.key`,
            input: true,
        }),
        caCertPem: string({
            doc: "The CA certificate clients verify against (published in outputs). Unset: the last certificate of certPem's chain.",
            input: true,
        }),
    },
    {
        name: "ExistingCertificateConfig",
        doc: "Bring your own certificate instead of issuing one (e.g. from a public CA); set these as Pulumi secret config.",
        required: ["certPem", "keyPem"],
    },
);

const clientCa = object(
    {
        generate: boolean({ doc: "Generate the client CA in the stack." }),
        certPem: string({ doc: "A PEM bundle of client CA certificates, instead of generating one." }),
        commonName: string({ doc: "With generate: CN of the client CA. Unset: `<name> client CA`." }),
        validityDays: number({ doc: "With generate: lifetime of the client CA in days.", default: 3650, ...DAYS }),
        sampleClient: boolean({
            doc: "With generate: also issue a sample client certificate, published as the secret output `sampleClients`.",
            default: false,
        }),
    },
    {
        name: "ClientCaConfig",
        doc:
            "The CA client certificates must chain to, for MUTUAL and OPTIONAL_MUTUAL (stored in the secret as " +
            "`ca.crt`): generated in the stack (`generate: true`), or supplied as PEM (`certPem`).",
    },
);

const certificate = object(
    {
        name: string({
            doc: "Secret name, which is also the Gateway's `credentialName`. Must not start with `istio` or `prometheus` (ASM).",
            example: (at: string) => `pulumi config set --path '${at}.name' my-credential`,
        }),
        hosts: list(string({ doc: "A host: `a.example.com`, or `*.example.com` for one label." }), {
            doc: "SNI hosts this credential serves on the gateway, and the DNS SANs it carries. `*.example.com` covers one label.",
            example: (at: string) => `pulumi config set --path '${at}.hosts[0]' '*.example.com'`,
        }),
        subject,
        ca,
        validityDays: number({
            doc: "Server certificate lifetime in days.",
            default: 365,
            tags: ["issuance"],
            ...DAYS,
        }),
        keyAlgorithm: string({
            doc: "Private key algorithm.",
            values: KEY_ALGORITHM,
            default: "RSA",
            tags: ["issuance"],
        }),
        rsaBits: number({ doc: "RSA key size.", values: RSA_KEY_SIZE, default: 2048, tags: ["issuance"] }),
        ecdsaCurve: string({ doc: "ECDSA curve.", values: ECDSA_CURVE, default: "P256", tags: ["issuance"] }),
        rotation: stringOrNumber({
            doc:
                "Change this (any string or number, e.g. `2026-11`) to rotate: a new key and certificate go into a " +
                "new secret `<name>-<rotation>`, the Gateway switches to it, and only then is the old secret deleted.",
        }),
        renewBeforeDays: number({
            doc: "Re-issue (generated) or refuse to deploy (existing) a certificate this many days before it expires.",
            default: 30,
            ...DAYS,
            min: 0,
        }),
        existing,
        certManager,
        mode: string({
            doc: "`SIMPLE`, `MUTUAL` (clients must present a certificate) or `OPTIONAL_MUTUAL`.",
            values: TLS_MODE,
            default: "SIMPLE",
        }),
        clientCa,
        subjectAltNames: list(string({ doc: "A client certificate SAN." }), {
            doc: "Client certificate SANs the gateway accepts; MUTUAL only (Istio's rule).",
            tags: ["istioOnly"],
        }),
        httpsRedirect: boolean({
            doc: "Add a port-80 HTTP server for the same hosts that answers with a redirect to HTTPS.",
            default: false,
        }),
        minProtocolVersion: string({
            doc: "Lowest TLS version: `TLSV1_2` or `TLSV1_3`.",
            values: TLS_VERSION,
            default: "TLSV1_2",
            tags: ["istioOnly"],
        }),
        maxProtocolVersion: string({
            doc: "Highest TLS version; unset lets Istio choose.",
            values: TLS_VERSION,
            tags: ["istioOnly"],
        }),
        cipherSuites: list(string({ doc: "An OpenSSL cipher name.", values: CIPHER_SUITE }), {
            doc: "OpenSSL cipher names, from the list Istio accepts. Unset lets Istio choose.",
            tags: ["istioOnly"],
        }),
        dualStack: boolean({
            doc: "Issue an RSA and an ECDSA certificate for the same hosts, served through `credentialNames` (Istio 1.26+).",
            default: false,
            tags: ["istioOnly"],
        }),
        external: boolean({
            doc:
                "The Secret `name` is managed elsewhere (ASM certificate management, cert-manager, a PKI sync): the " +
                "stack creates no key and no Secret for it and never reads it; the Gateway and routes still use it.",
            default: false,
        }),
        caCertPem: string({
            doc: "With `external`: the CA clients verify the certificate against, published in outputs for curl and `npm run verify`.",
            input: true,
        }),
    },
    {
        name: "CertificateConfig",
        doc: "One gateway credential: a server certificate, its key, and the TLS secret the gateway loads.",
        required: ["name", "hosts"],
    },
);

const expect = object(
    {
        status: number({ doc: "HTTP status code.", min: 100, max: 599, noun: "HTTP status" }),
        bodyIncludes: string({ doc: "Text the response body must contain." }),
    },
    { name: "RouteExpectation", doc: "What `npm run verify` expects from probePath, so the check has teeth." },
);

const route = object(
    {
        host: string({
            doc: "Host the client asks for (SNI and Host header). Must be covered by exactly one certificate.",
            example: (at: string) => `pulumi config set --path '${at}.host' a.example.com`,
        }),
        pathPrefix: string({ doc: "Path prefix to match, starting with `/`.", default: "/" }),
        service: string({
            doc: "Destination service: a short name in `namespace`, or a fully qualified host.",
            example: (at: string) => `pulumi config set --path '${at}.service' my-service`,
        }),
        port: number({
            doc: "Destination service port.",
            example: (at: string) => `pulumi config set --path '${at}.port' 80`,
            ...PORT,
        }),
        namespace: string({ doc: "Namespace of the destination service.", default: "default" }),
        probePath: string({ doc: "Path the printed curl check and `npm run verify` request. Unset: the path prefix." }),
        expect,
    },
    {
        name: "RouteConfig",
        doc: "One host and path prefix routed from the gateway to a Kubernetes service.",
        required: ["host", "service", "port"],
    },
);

const sampleApps = object(
    {
        enabled: boolean({ doc: "Deploy the sample backends.", default: false }),
        namespace: string({
            doc: "Existing namespace to deploy into; it gets the label `istio-injection: enabled`.",
            default: "default",
        }),
        nginxImage: string({ doc: "NGINX image.", default: "nginx:1.27", input: true }),
        httpbinImage: string({
            doc: "httpbin image, listening on port 80.",
            default: "docker.io/kennethreitz/httpbin",
            input: true,
        }),
        dataPlanes: list(string({ doc: "A data plane's name." }), {
            doc: "With `dataPlanes`: the names of the clusters that get the sample backends. Unset: the first.",
        }),
    },
    { name: "SampleAppsConfig", doc: "The tutorial's sample backends: NGINX and httpbin.", filled: true },
);

const controlPlane = object(
    {
        kubeconfig: string({
            doc: "Kubeconfig of the control plane (ASM console, connection details); set it with `--secret`.",
            input: true,
        }),
        context: string({ doc: "Context to use, in `kubeconfig` or in the default kubeconfig." }),
    },
    {
        name: "ControlPlaneConfig",
        doc:
            "A separate API server for the Istio objects (ASM's \"two API servers\", or an external istiod's " +
            "cluster): the Gateway and the VirtualServices go there; Secrets and workloads stay on the data plane.",
    },
);

const dataPlane = object(
    {
        name: string({
            doc: "A stable name for the cluster, used in resource names and outputs: a DNS label such as `hangzhou`.",
            example: (at: string) => `pulumi config set --path '${at}.name' hangzhou`,
        }),
        kubeconfig: string({ doc: "Kubeconfig of the cluster; set it with `--secret`.", input: true }),
        context: string({ doc: "Context to use, in `kubeconfig` or in the default kubeconfig." }),
    },
    {
        name: "DataPlaneConfig",
        doc: "One data-plane cluster: it gets every credential Secret, and without a control plane, the Istio objects.",
        required: ["name"],
    },
);

const INGRESS_FIELDS = {
    gateway,
    certificates: list(certificate, {
        doc: "Credentials served by the gateway, one HTTPS server each.",
        example: () =>
            "pulumi config set --path 'certificates[0].name' my-credential && " +
            "pulumi config set --path 'certificates[0].hosts[0]' '*.example.com'",
    }),
    routes: list(route, { doc: "Host routes, one VirtualService (or HTTPRoute) per host." }),
    sampleApps,
    issuers: list(issuer, {
        doc: "cert-manager issuers the stack makes, named by certificates' `certManager.issuer`.",
    }),
    alerts,
};

/** The clusters of the mesh: where the Istio objects go, and every cluster that runs an ingress gateway. */
const PLANES = {
    controlPlane,
    dataPlanes: list(dataPlane, {
        doc:
            "Every cluster that runs an ingress gateway; each gets every credential Secret. Without `controlPlane` " +
            "(Istio multi-primary) each also gets the Gateway and routes. Unset: the one cluster of `kubernetes:*`.",
        example: () =>
            "pulumi config set --path 'dataPlanes[0].name' hangzhou && pulumi config set --path 'dataPlanes[0].context' hangzhou",
    }),
};

/** The ingress alone: what the rules and resolution judge. */
export const INGRESS_MODEL = object(INGRESS_FIELDS, {
    doc: "The gateway, its credentials, routes and sample backends.",
    required: ["certificates"],
});

/** Settings of the program (index.ts) beside the component's. */
export const PROGRAM_MODEL = object(
    {
        renderDir: string({
            doc: "Write Kubernetes manifests to this folder instead of applying them (GitOps); Secrets are written in plaintext.",
        }),
        ...PLANES,
    },
    { doc: "Settings of the program beside the component's." },
);

/** Everything SecureIngress takes from config: the ingress, and the API servers its objects go to. */
export const COMPONENT_MODEL = object(
    { ...INGRESS_FIELDS, ...PLANES },
    {
        name: "SecureIngressConfig",
        doc: "Everything SecureIngress takes from config: the ingress, and the API server its Istio objects go to.",
        required: ["certificates"],
    },
);

/** The whole stack config under `istio-gateway-tls:*`. */
export const STACK_MODEL = object(
    { ...INGRESS_FIELDS, ...PROGRAM_MODEL.fields },
    { doc: "The stack config under `istio-gateway-tls:*`.", required: ["certificates"] },
);

// The model's types, as a stack file gives them: "Plain", because the component's args types of the same
// concept (components/types.ts, generated) take Inputs.
export type PlainGatewayConfig = TypeOf<typeof gateway>;
export type PlainSubjectConfig = TypeOf<typeof subject>;
export type PlainCertificateConfig = TypeOf<typeof certificate>;
export type PlainExistingCertificateConfig = TypeOf<typeof existing>;
export type PlainCertManagerConfig = TypeOf<typeof certManager>;
export type PlainIssuerConfig = TypeOf<typeof issuer>;
export type PlainRouteConfig = TypeOf<typeof route>;
export type PlainSampleAppsConfig = TypeOf<typeof sampleApps>;
export type PlainControlPlaneConfig = TypeOf<typeof controlPlane>;
export type PlainDataPlaneConfig = TypeOf<typeof dataPlane>;
export type PlainIngressConfig = TypeOf<typeof INGRESS_MODEL>;
export type PlainProgramConfig = TypeOf<typeof PROGRAM_MODEL>;
export type PlainSecureIngressConfig = TypeOf<typeof COMPONENT_MODEL>;

/** The declarations of the entries that resolution and the rules walk. */
export const MODELS = { gateway, certificate, clientCa, route, sampleApps, certManager, issuer, alerts } as const;

/** Values as resolution hands them on: the declared defaults filled (derived, not written). */
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
}
