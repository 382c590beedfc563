// Generated from config/model/stack.ts by `npm run schemas`; do not edit.
// SecureIngress's args types as Pulumi's component analyzer reads them (named interfaces, `as const`
// enums): the package schema, and so every language's SDK, is generated from these.

import type * as pulumi from "@pulumi/pulumi";

/**
 * Everything SecureIngress takes from config: the ingress, and the API server its Istio objects go to.
 */
export interface SecureIngressConfig {
    /**
     * Where the Gateway object lives and which ingress workload it configures.
     */
    readonly gateway?: pulumi.Input<GatewayConfig>;
    /**
     * Credentials served by the gateway, one HTTPS server each.
     */
    readonly certificates: pulumi.Input<CertificateConfig[]>;
    /**
     * Host routes, one VirtualService (or HTTPRoute) per host.
     */
    readonly routes?: pulumi.Input<RouteConfig[]>;
    /**
     * DNS domain of the clusters' Services (kubelet's `--cluster-domain`): a route's short service name becomes `<service>.<namespace>.svc.<clusterDomain>`.
     * @default "cluster.local"
     */
    readonly clusterDomain?: pulumi.Input<string>;
    /**
     * Hosts delegated to application teams' namespaces. The Gateway admits their routes only there, and a ValidatingAdmissionPolicy makes the API server refuse a route bound to the Gateway for a host not delegated to its namespace.
     */
    readonly delegations?: pulumi.Input<DelegationConfig[]>;
    /**
     * The tutorial's sample backends: NGINX and httpbin.
     */
    readonly sampleApps?: pulumi.Input<SampleAppsConfig>;
    /**
     * cert-manager issuers the stack makes, named by certificates' `certManager.issuer`.
     */
    readonly issuers?: pulumi.Input<IssuerConfig[]>;
    /**
     * Alerts from cert-manager's metrics for the certificates it issues here: one that is not Ready, and one whose renewal is overdue (not renewed an hour past the renewal time cert-manager set for it).
     */
    readonly alerts?: pulumi.Input<AlertsConfig>;
    /**
     * A separate API server for the Istio objects (ASM's "two API servers", or an external istiod's cluster): the Gateway and the VirtualServices go there; Secrets and workloads stay on the data plane.
     */
    readonly controlPlane?: pulumi.Input<ControlPlaneConfig>;
    /**
     * Every cluster that runs an ingress gateway; each gets every credential Secret. Without `controlPlane` (Istio multi-primary) each also gets the Gateway and routes. Unset: the one cluster of `kubernetes:*`.
     */
    readonly dataPlanes?: pulumi.Input<DataPlaneConfig[]>;
}

/**
 * Where the Gateway object lives and which ingress workload it configures.
 */
export interface GatewayConfig {
    /**
     * `istio`: a `networking.istio.io/v1` Gateway and VirtualServices. `gateway-api`: a `gateway.networking.k8s.io/v1` Gateway, HTTPRoutes and ReferenceGrants; Istio deploys the gateway workload in the Gateway's namespace, and the credential secrets go there.
     * @default "istio"
     */
    readonly api?: GatewayApi;
    /**
     * With `api: gateway-api`: the GatewayClass.
     * @default "istio"
     */
    readonly className?: string;
    /**
     * Name of the Gateway object.
     * @default "mysdsgateway"
     */
    readonly name?: string;
    /**
     * Namespace of the Gateway object and of the VirtualServices.
     * @default "default"
     */
    readonly namespace?: string;
    /**
     * Labels that select the ingress gateway pods (`api: istio` only).
     * @default {"istio":"ingressgateway"}
     */
    readonly selector?: Record<string, pulumi.Input<string>>;
    /**
     * Namespace of the gateway workload (its pods); credential secrets must live here (`api: istio` only).
     * @default "istio-system"
     */
    readonly workloadNamespace?: string;
    /**
     * HTTPS port of the gateway servers.
     * @default 443
     */
    readonly port?: number;
}

/**
 * The gateway APIs this tool manages: Istio's own, or the Kubernetes Gateway API.
 */
export const GatewayApi = {
    Istio: "istio",
    GatewayApi: "gateway-api",
} as const;
export type GatewayApi = (typeof GatewayApi)[keyof typeof GatewayApi];

/**
 * Where the Gateway object lives and which ingress workload it configures.
 */
export interface GatewaySummary {
    /**
     * `istio`: a `networking.istio.io/v1` Gateway and VirtualServices. `gateway-api`: a `gateway.networking.k8s.io/v1` Gateway, HTTPRoutes and ReferenceGrants; Istio deploys the gateway workload in the Gateway's namespace, and the credential secrets go there.
     * @default "istio"
     */
    readonly api: GatewayApi;
    /**
     * With `api: gateway-api`: the GatewayClass.
     * @default "istio"
     */
    readonly className: string;
    /**
     * Name of the Gateway object.
     * @default "mysdsgateway"
     */
    readonly name: string;
    /**
     * Namespace of the Gateway object and of the VirtualServices.
     * @default "default"
     */
    readonly namespace: string;
    /**
     * Labels that select the ingress gateway pods (`api: istio` only).
     * @default {"istio":"ingressgateway"}
     */
    readonly selector: Record<string, string>;
    /**
     * Namespace of the gateway workload (its pods); credential secrets must live here (`api: istio` only).
     * @default "istio-system"
     */
    readonly workloadNamespace: string;
    /**
     * HTTPS port of the gateway servers.
     * @default 443
     */
    readonly port: number;
}

/**
 * One gateway credential: a server certificate, its key, and the TLS secret the gateway loads.
 */
export interface CertificateConfig {
    /**
     * Secret name, which is also the Gateway's `credentialName`. Must not start with `istio` or `prometheus` (ASM).
     */
    readonly name: string;
    /**
     * SNI hosts this credential serves on the gateway, and the DNS SANs it carries. `*.example.com` covers one label.
     */
    readonly hosts: string[];
    /**
     * Distinguished-name fields of a certificate subject. Unset fields stay unset; the CN defaults to the first host.
     */
    readonly subject?: SubjectConfig;
    /**
     * The self-signed root CA that signs this certificate.
     */
    readonly ca?: CaConfig;
    /**
     * Server certificate lifetime in days.
     * @default 365
     */
    readonly validityDays?: number;
    /**
     * Private key algorithm.
     * @default "RSA"
     */
    readonly keyAlgorithm?: KeyAlgorithm;
    /**
     * RSA key size.
     * @default 2048
     */
    readonly rsaBits?: number;
    /**
     * ECDSA curve.
     * @default "P256"
     */
    readonly ecdsaCurve?: EcdsaCurve;
    /**
     * Change this (any string or number, e.g. `2026-11`) to rotate: a new key and certificate go into a new secret `<name>-<rotation>`, the Gateway switches to it, and only then is the old secret deleted.
     */
    readonly rotation?: string;
    /**
     * Re-issue (generated) or refuse to deploy (existing) a certificate this many days before it expires.
     * @default 30
     */
    readonly renewBeforeDays?: number;
    /**
     * Bring your own certificate instead of issuing one (e.g. from a public CA); set these as Pulumi secret config.
     */
    readonly existing?: ExistingCertificateConfig;
    /**
     * Have cert-manager issue and renew this certificate in the cluster: the stack declares a `Certificate` in the credential's namespace whose Secret is the Gateway's `credentialName`, waits until it is Ready, and never holds the key. Name one of `issuer` (defined in `issuers`) and `issuerRef`. `validityDays`, `renewBeforeDays`, `keyAlgorithm`, `rsaBits` and `ecdsaCurve` become the Certificate's.
     */
    readonly certManager?: CertManagerConfig;
    /**
     * `SIMPLE`, `MUTUAL` (clients must present a certificate) or `OPTIONAL_MUTUAL`.
     * @default "SIMPLE"
     */
    readonly mode?: TlsMode;
    /**
     * The CA client certificates must chain to, for MUTUAL and OPTIONAL_MUTUAL (stored in the secret as `ca.crt`): generated in the stack (`generate: true`), or supplied as PEM (`certPem`).
     */
    readonly clientCa?: ClientCaConfig;
    /**
     * Client certificate SANs the gateway accepts; MUTUAL only (Istio's rule).
     */
    readonly subjectAltNames?: string[];
    /**
     * Add a port-80 HTTP server for the same hosts that answers with a redirect to HTTPS.
     * @default false
     */
    readonly httpsRedirect?: boolean;
    /**
     * Lowest TLS version: `TLSV1_2` or `TLSV1_3`.
     * @default "TLSV1_2"
     */
    readonly minProtocolVersion?: TlsVersion;
    /**
     * Highest TLS version; unset lets Istio choose.
     */
    readonly maxProtocolVersion?: TlsVersion;
    /**
     * OpenSSL cipher names, from the list Istio accepts. Unset lets Istio choose.
     */
    readonly cipherSuites?: string[];
    /**
     * Issue an RSA and an ECDSA certificate for the same hosts, served through `credentialNames` (Istio 1.26+).
     * @default false
     */
    readonly dualStack?: boolean;
    /**
     * The Secret `name` is managed elsewhere (ASM certificate management, cert-manager, a PKI sync): the stack creates no key and no Secret for it and never reads it; the Gateway and routes still use it.
     * @default false
     */
    readonly external?: boolean;
    /**
     * With `external`: the CA clients verify the certificate against, published in outputs for curl and `npm run verify`.
     */
    readonly caCertPem?: pulumi.Input<string>;
}

/**
 * Distinguished-name fields of a certificate subject. Unset fields stay unset; the CN defaults to the first host.
 */
export interface SubjectConfig {
    /**
     * Subject CN.
     */
    readonly commonName?: string;
    /**
     * Subject O.
     */
    readonly organization?: string;
}

/**
 * The self-signed root CA that signs this certificate.
 */
export interface CaConfig {
    /**
     * CA subject CN. Unset: the certificate's common name.
     */
    readonly commonName?: string;
    /**
     * CA subject O. Unset: the certificate's organization.
     */
    readonly organization?: string;
    /**
     * CA lifetime in days.
     * @default 3650
     */
    readonly validityDays?: number;
}

/**
 * Key algorithms accepted by @pulumi/tls, in its own spelling.
 */
export const KeyAlgorithm = {
    RSA: "RSA",
    ECDSA: "ECDSA",
} as const;
export type KeyAlgorithm = (typeof KeyAlgorithm)[keyof typeof KeyAlgorithm];

/**
 * ECDSA curves we issue. @pulumi/tls defaults to P224, which we never want.
 */
export const EcdsaCurve = {
    P256: "P256",
    P384: "P384",
} as const;
export type EcdsaCurve = (typeof EcdsaCurve)[keyof typeof EcdsaCurve];

/**
 * Bring your own certificate instead of issuing one (e.g. from a public CA); set these as Pulumi secret config.
 */
export interface ExistingCertificateConfig {
    /**
     * The server certificate in PEM, optionally followed by its intermediates.
     */
    readonly certPem: pulumi.Input<string>;
    /**
     * The private key of the certificate in PEM.
     */
    readonly keyPem: pulumi.Input<string>;
    /**
     * The CA certificate clients verify against (published in outputs). Unset: the last certificate of certPem's chain.
     */
    readonly caCertPem?: pulumi.Input<string>;
}

/**
 * Have cert-manager issue and renew this certificate in the cluster: the stack declares a `Certificate` in the credential's namespace whose Secret is the Gateway's `credentialName`, waits until it is Ready, and never holds the key. Name one of `issuer` (defined in `issuers`) and `issuerRef`. `validityDays`, `renewBeforeDays`, `keyAlgorithm`, `rsaBits` and `ecdsaCurve` become the Certificate's.
 */
export interface CertManagerConfig {
    /**
     * The name of an entry of `issuers`: the stack makes that issuer too.
     */
    readonly issuer?: string;
    /**
     * An issuer made outside this stack (Vault, Venafi, a private CA, an ACME issuer by hand).
     */
    readonly issuerRef?: IssuerRefConfig;
    /**
     * A new private key on each issuance and renewal (cert-manager's `rotationPolicy: Always`); false keeps it (`Never`).
     * @default true
     */
    readonly rotatePrivateKey?: boolean;
    /**
     * How long `up` waits for the Certificate to be Ready before it fails, leaving the Gateway on its current credential.
     * @default 10
     */
    readonly timeoutMinutes?: number;
}

/**
 * An issuer made outside this stack (Vault, Venafi, a private CA, an ACME issuer by hand).
 */
export interface IssuerRefConfig {
    /**
     * Name of the issuer.
     */
    readonly name: string;
    /**
     * Its kind.
     * @default "Issuer"
     */
    readonly kind?: IssuerKind;
    /**
     * Its API group: another for an external issuer (e.g. `awspca.cert-manager.io`).
     * @default "cert-manager.io"
     */
    readonly group?: string;
}

/**
 * cert-manager's issuer kinds: an Issuer in the Certificate's namespace, or a cluster-wide ClusterIssuer.
 */
export const IssuerKind = {
    Issuer: "Issuer",
    ClusterIssuer: "ClusterIssuer",
} as const;
export type IssuerKind = (typeof IssuerKind)[keyof typeof IssuerKind];

/**
 * Server TLS modes for a credential the gateway holds (Istio ServerTLSSettings.TLSmode).
 */
export const TlsMode = {
    SIMPLE: "SIMPLE",
    MUTUAL: "MUTUAL",
    OptionalMutual: "OPTIONAL_MUTUAL",
} as const;
export type TlsMode = (typeof TlsMode)[keyof typeof TlsMode];

/**
 * The CA client certificates must chain to, for MUTUAL and OPTIONAL_MUTUAL (stored in the secret as `ca.crt`): generated in the stack (`generate: true`), or supplied as PEM (`certPem`).
 */
export interface ClientCaConfig {
    /**
     * Generate the client CA in the stack.
     */
    readonly generate?: boolean;
    /**
     * A PEM bundle of client CA certificates, instead of generating one.
     */
    readonly certPem?: string;
    /**
     * With generate: CN of the client CA. Unset: `<name> client CA`.
     */
    readonly commonName?: string;
    /**
     * With generate: lifetime of the client CA in days.
     * @default 3650
     */
    readonly validityDays?: number;
    /**
     * With generate: also issue a sample client certificate, published as the secret output `sampleClients`.
     * @default false
     */
    readonly sampleClient?: boolean;
}

/**
 * TLS protocol versions as Istio spells them; below TLSV1_2 is refused here and by the policy pack.
 */
export const TlsVersion = {
    TlsAuto: "TLS_AUTO",
    TLSV1_0: "TLSV1_0",
    TLSV1_1: "TLSV1_1",
    TLSV1_2: "TLSV1_2",
    TLSV1_3: "TLSV1_3",
} as const;
export type TlsVersion = (typeof TlsVersion)[keyof typeof TlsVersion];

/**
 * One host and path prefix routed from the gateway to a Kubernetes service.
 */
export interface RouteConfig {
    /**
     * Host the client asks for (SNI and Host header). Must be covered by exactly one certificate.
     */
    readonly host: string;
    /**
     * Path prefix to match, starting with `/`.
     * @default "/"
     */
    readonly pathPrefix?: string;
    /**
     * Destination service: a short name in `namespace`, or a fully qualified host.
     */
    readonly service: string;
    /**
     * Destination service port.
     */
    readonly port: number;
    /**
     * Namespace of the destination service.
     * @default "default"
     */
    readonly namespace?: string;
    /**
     * Path the printed curl check and `npm run verify` request. Unset: the path prefix.
     */
    readonly probePath?: string;
    /**
     * What `npm run verify` expects from probePath, so the check has teeth.
     */
    readonly expect?: RouteExpectation;
}

/**
 * What `npm run verify` expects from probePath, so the check has teeth.
 */
export interface RouteExpectation {
    /**
     * HTTP status code.
     */
    readonly status?: number;
    /**
     * Text the response body must contain.
     */
    readonly bodyIncludes?: string;
}

/**
 * Hosts one application team's namespace may route on the gateway from its own stack.
 */
export interface DelegationConfig {
    /**
     * The team's namespace: only routes there may serve these hosts on the gateway.
     */
    readonly namespace: string;
    /**
     * The hosts delegated to the namespace; each must be served by one of the stack's certificates.
     */
    readonly hosts: string[];
}

/**
 * The tutorial's sample backends: NGINX and httpbin.
 */
export interface SampleAppsConfig {
    /**
     * Deploy the sample backends.
     * @default false
     */
    readonly enabled?: boolean;
    /**
     * Existing namespace to deploy into; it gets the label `istio-injection: enabled`.
     * @default "default"
     */
    readonly namespace?: string;
    /**
     * NGINX image.
     * @default "nginx:1.27"
     */
    readonly nginxImage?: pulumi.Input<string>;
    /**
     * httpbin image, listening on port 80.
     * @default "docker.io/kennethreitz/httpbin"
     */
    readonly httpbinImage?: pulumi.Input<string>;
    /**
     * With `dataPlanes`: the names of the clusters that get the sample backends. Unset: the first.
     */
    readonly dataPlanes?: string[];
}

/**
 * A cert-manager issuer this stack makes, for the certificates whose `certManager.issuer` names it.
 */
export interface IssuerConfig {
    /**
     * Name of the Issuer or ClusterIssuer.
     */
    readonly name: string;
    /**
     * Its kind.
     * @default "ClusterIssuer"
     */
    readonly kind?: IssuerKind;
    /**
     * An ACME account (Let's Encrypt, ZeroSSL, Google Trust Services, a private ACME server) and its solvers.
     */
    readonly acme: AcmeIssuerConfig;
}

/**
 * An ACME account (Let's Encrypt, ZeroSSL, Google Trust Services, a private ACME server) and its solvers.
 */
export interface AcmeIssuerConfig {
    /**
     * The ACME directory: `letsencrypt`, `letsencrypt-staging`, `zerossl`, `google`, or an https URL.
     */
    readonly server: string;
    /**
     * The account's contact email.
     */
    readonly email: string;
    /**
     * Binds the ACME account to an account at the CA, as ZeroSSL and Google Trust Services require.
     */
    readonly externalAccountBinding?: ExternalAccountBindingConfig;
    /**
     * PEM of the CA that signs the ACME server's own HTTPS certificate, for a private ACME server.
     */
    readonly caBundle?: string;
    /**
     * How challenges are answered, first match by zone.
     */
    readonly solvers: AcmeSolverConfig[];
}

/**
 * Binds the ACME account to an account at the CA, as ZeroSSL and Google Trust Services require.
 */
export interface ExternalAccountBindingConfig {
    /**
     * The key ID the CA gave for the account (ZeroSSL's EAB KID).
     */
    readonly keyID: string;
    /**
     * A key of a Secret made outside the stack, holding the CA's EAB HMAC key, base64url as the CA gives it: the stack never holds its value.
     */
    readonly keySecretRef: SecretKeyRefConfig;
}

/**
 * A key of a Secret made outside the stack, holding the CA's EAB HMAC key, base64url as the CA gives it: the stack never holds its value.
 */
export interface SecretKeyRefConfig {
    /**
     * The Secret's name.
     */
    readonly name: string;
    /**
     * The key of that Secret.
     */
    readonly key: string;
}

/**
 * One ACME challenge solver: one of `dns01` and `http01`.
 */
export interface AcmeSolverConfig {
    /**
     * The zones this solver answers for; unset: every name.
     */
    readonly dnsZones?: string[];
    /**
     * A DNS-01 solver: exactly one provider.
     */
    readonly dns01?: Dns01SolverConfig;
    /**
     * An HTTP-01 solver through the gateway itself: an Ingress of the class (Istio's API), or an HTTPRoute on this stack's Gateway (`gateway.api: gateway-api`). Not for wildcard hosts.
     */
    readonly http01?: Http01SolverConfig;
}

/**
 * A DNS-01 solver: exactly one provider.
 */
export interface Dns01SolverConfig {
    /**
     * DNS-01 through RFC2136 dynamic updates (BIND, PowerDNS, …).
     */
    readonly rfc2136?: Rfc2136SolverConfig;
    /**
     * DNS-01 through a cert-manager DNS webhook, for a DNS provider cert-manager has none built in for (Alibaba Cloud DNS, …).
     */
    readonly webhook?: WebhookSolverConfig;
    /**
     * DNS-01 through Cloudflare: one of `apiTokenSecretRef` and `apiKeySecretRef`.
     */
    readonly cloudflare?: CloudflareSolverConfig;
    /**
     * DNS-01 through AWS Route53: with a key pair (an access key ID and `secretAccessKeySecretRef`), or with none for ambient credentials (a ClusterIssuer, or an Issuer where cert-manager runs with `--issuer-ambient-credentials`).
     */
    readonly route53?: Route53SolverConfig;
    /**
     * DNS-01 through Google Cloud DNS.
     */
    readonly cloudDNS?: CloudDnsSolverConfig;
    /**
     * DNS-01 through Azure DNS: with a service principal (`clientID`, `clientSecretSecretRef`, `tenantID`) or a managed identity.
     */
    readonly azureDNS?: AzureDnsSolverConfig;
    /**
     * DNS-01 through DigitalOcean DNS.
     */
    readonly digitalocean?: DigitalOceanSolverConfig;
    /**
     * DNS-01 through an acme-dns server, with `_acme-challenge` CNAMEs pointing at it.
     */
    readonly acmeDNS?: AcmeDnsSolverConfig;
}

/**
 * DNS-01 through RFC2136 dynamic updates (BIND, PowerDNS, …).
 */
export interface Rfc2136SolverConfig {
    /**
     * The DNS server that takes the updates, as `host:port`.
     */
    readonly nameserver: string;
    /**
     * Name of the TSIG key.
     */
    readonly tsigKeyName: string;
    /**
     * Its algorithm.
     * @default "HMACSHA256"
     */
    readonly tsigAlgorithm?: TsigAlgorithm;
    /**
     * The Secret holding the TSIG key (made outside the stack), in cert-manager's cluster resource namespace for a ClusterIssuer, the issuer's otherwise.
     */
    readonly tsigSecretName: string;
    /**
     * The key of that Secret.
     * @default "tsig-secret-key"
     */
    readonly tsigSecretKey?: string;
}

/**
 * TSIG algorithms cert-manager's RFC2136 solver signs updates with.
 */
export const TsigAlgorithm = {
    HMACMD5: "HMACMD5",
    HMACSHA1: "HMACSHA1",
    HMACSHA256: "HMACSHA256",
    HMACSHA512: "HMACSHA512",
} as const;
export type TsigAlgorithm = (typeof TsigAlgorithm)[keyof typeof TsigAlgorithm];

/**
 * DNS-01 through a cert-manager DNS webhook, for a DNS provider cert-manager has none built in for (Alibaba Cloud DNS, …).
 */
export interface WebhookSolverConfig {
    /**
     * The webhook's API group (e.g. `acme.yourcompany.com` for an Alibaba Cloud DNS webhook).
     */
    readonly groupName: string;
    /**
     * The solver's name in that webhook (e.g. `alidns`).
     */
    readonly solverName: string;
    /**
     * The webhook's own settings, any JSON value, passed through as they are: nested Secret references such as `accessKeySecretRef: { name, key }` included.
     */
    readonly config?: any;
}

/**
 * DNS-01 through Cloudflare: one of `apiTokenSecretRef` and `apiKeySecretRef`.
 */
export interface CloudflareSolverConfig {
    /**
     * The account's email: needed with `apiKeySecretRef`.
     */
    readonly email?: string;
    /**
     * A key of a Secret made outside the stack, holding an API token with Zone:DNS:Edit (the recommended credential): the stack never holds its value.
     */
    readonly apiTokenSecretRef?: SecretKeyRefConfig;
    /**
     * A key of a Secret made outside the stack, holding the account's global API key: the stack never holds its value.
     */
    readonly apiKeySecretRef?: SecretKeyRefConfig;
}

/**
 * DNS-01 through AWS Route53: with a key pair (an access key ID and `secretAccessKeySecretRef`), or with none for ambient credentials (a ClusterIssuer, or an Issuer where cert-manager runs with `--issuer-ambient-credentials`).
 */
export interface Route53SolverConfig {
    /**
     * The AWS region of the Route53 API (e.g. `us-east-1`).
     */
    readonly region: string;
    /**
     * The hosted zone; unset: found from the name.
     */
    readonly hostedZoneID?: string;
    /**
     * An IAM role to assume.
     */
    readonly role?: string;
    /**
     * The access key ID, in clear (it is not secret); or `accessKeyIDSecretRef`.
     */
    readonly accessKeyID?: string;
    /**
     * A key of a Secret made outside the stack, holding the access key ID: the stack never holds its value.
     */
    readonly accessKeyIDSecretRef?: SecretKeyRefConfig;
    /**
     * A key of a Secret made outside the stack, holding the secret access key: the stack never holds its value.
     */
    readonly secretAccessKeySecretRef?: SecretKeyRefConfig;
}

/**
 * DNS-01 through Google Cloud DNS.
 */
export interface CloudDnsSolverConfig {
    /**
     * The Google Cloud project of the zone.
     */
    readonly project: string;
    /**
     * The managed zone; unset: found from the name.
     */
    readonly hostedZoneName?: string;
    /**
     * A key of a Secret made outside the stack, holding a service account's JSON key; unset: ambient credentials (Workload Identity): the stack never holds its value.
     */
    readonly serviceAccountSecretRef?: SecretKeyRefConfig;
}

/**
 * DNS-01 through Azure DNS: with a service principal (`clientID`, `clientSecretSecretRef`, `tenantID`) or a managed identity.
 */
export interface AzureDnsSolverConfig {
    /**
     * The Azure subscription of the zone.
     */
    readonly subscriptionID: string;
    /**
     * The resource group of the zone.
     */
    readonly resourceGroupName: string;
    /**
     * The zone; unset: found from the name.
     */
    readonly hostedZoneName?: string;
    /**
     * The Azure cloud.
     */
    readonly environment?: string;
    /**
     * A service principal's client ID: with `clientSecretSecretRef` and `tenantID`.
     */
    readonly clientID?: string;
    /**
     * A key of a Secret made outside the stack, holding the service principal's client secret: the stack never holds its value.
     */
    readonly clientSecretSecretRef?: SecretKeyRefConfig;
    /**
     * The service principal's tenant.
     */
    readonly tenantID?: string;
    /**
     * A managed identity (Workload Identity), instead of a service principal; empty: the default one.
     */
    readonly managedIdentity?: AzureManagedIdentityConfig;
}

/**
 * A managed identity (Workload Identity), instead of a service principal; empty: the default one.
 */
export interface AzureManagedIdentityConfig {
    /**
     * The managed identity's client ID.
     */
    readonly clientID?: string;
    /**
     * The managed identity's resource ID.
     */
    readonly resourceID?: string;
    /**
     * The managed identity's tenant.
     */
    readonly tenantID?: string;
}

/**
 * DNS-01 through DigitalOcean DNS.
 */
export interface DigitalOceanSolverConfig {
    /**
     * A key of a Secret made outside the stack, holding a DigitalOcean API token: the stack never holds its value.
     */
    readonly tokenSecretRef: SecretKeyRefConfig;
}

/**
 * DNS-01 through an acme-dns server, with `_acme-challenge` CNAMEs pointing at it.
 */
export interface AcmeDnsSolverConfig {
    /**
     * The acme-dns server's https URL.
     */
    readonly host: string;
    /**
     * A key of a Secret made outside the stack, holding the acme-dns accounts JSON (one per domain, from its /register): the stack never holds its value.
     */
    readonly accountSecretRef: SecretKeyRefConfig;
}

/**
 * An HTTP-01 solver through the gateway itself: an Ingress of the class (Istio's API), or an HTTPRoute on this stack's Gateway (`gateway.api: gateway-api`). Not for wildcard hosts.
 */
export interface Http01SolverConfig {
    /**
     * With Istio's API: the Ingress class the challenge Ingress gets.
     * @default "istio"
     */
    readonly ingressClass?: string;
}

/**
 * Alerts from cert-manager's metrics for the certificates it issues here: one that is not Ready, and one whose renewal is overdue (not renewed an hour past the renewal time cert-manager set for it).
 */
export interface AlertsConfig {
    /**
     * Make a PrometheusRule (`monitoring.coreos.com/v1`) that alerts on the stack's cert-manager Certificates.
     * @default false
     */
    readonly enabled?: boolean;
    /**
     * Labels on the PrometheusRule, for the Prometheus that selects rules by label (e.g. `release: prometheus`).
     */
    readonly labels?: Record<string, string>;
    /**
     * How long a condition holds before its alert fires.
     * @default 15
     */
    readonly forMinutes?: number;
}

/**
 * A separate API server for the Istio objects (ASM's "two API servers", or an external istiod's cluster): the Gateway and the VirtualServices go there; Secrets and workloads stay on the data plane.
 */
export interface ControlPlaneConfig {
    /**
     * Kubeconfig of the control plane (ASM console, connection details); set it with `--secret`.
     */
    readonly kubeconfig?: pulumi.Input<string>;
    /**
     * Context to use, in `kubeconfig` or in the default kubeconfig.
     */
    readonly context?: string;
}

/**
 * One data-plane cluster: it gets every credential Secret, and without a control plane, the Istio objects.
 */
export interface DataPlaneConfig {
    /**
     * A stable name for the cluster, used in resource names and outputs: a DNS label such as `hangzhou`.
     */
    readonly name: string;
    /**
     * Kubeconfig of the cluster; set it with `--secret`.
     */
    readonly kubeconfig?: pulumi.Input<string>;
    /**
     * Context to use, in `kubeconfig` or in the default kubeconfig.
     */
    readonly context?: string;
}
