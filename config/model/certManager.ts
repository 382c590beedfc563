// The cert-manager source of a certificate, and the issuers a stack may define: one declaration per field,
// as in stack.ts. cert-manager issues and renews the certificate in the cluster; the stack declares the
// `Certificate` (and, optionally, its `Issuer` or `ClusterIssuer`) and never holds the key.

import { dns01, secretRef } from "./dns01";
import { boolean, enumeration, list, number, object, string, stringMap } from "./fields";

export { TSIG_ALGORITHM } from "./dns01";

export const ISSUER_KIND = enumeration({
    name: "IssuerKind",
    doc: "cert-manager's issuer kinds: an Issuer in the Certificate's namespace, or a cluster-wide ClusterIssuer.",
    noun: "cert-manager issuer kind",
    values: ["Issuer", "ClusterIssuer"],
});

/** ACME servers by name; any other server is given as its https URL. */
export const ACME_SERVERS: Readonly<Record<string, string>> = {
    letsencrypt: "https://acme-v02.api.letsencrypt.org/directory",
    "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
    zerossl: "https://acme.zerossl.com/v2/DV90",
    google: "https://dv.acme-v02.api.pki.goog/directory",
};

/** The servers that refuse an account without external account binding, by the host of their directory. */
export const EAB_REQUIRED_HOSTS: readonly string[] = ["acme.zerossl.com", "dv.acme-v02.api.pki.goog"];

const issuerRef = object(
    {
        name: string({
            doc: "Name of the issuer.",
            example: (at: string) => `pulumi config set --path '${at}.name' letsencrypt`,
        }),
        kind: string({ doc: "Its kind.", values: ISSUER_KIND, default: "Issuer" }),
        group: string({
            doc: "Its API group: another for an external issuer (e.g. `awspca.cert-manager.io`).",
            default: "cert-manager.io",
        }),
    },
    {
        name: "IssuerRefConfig",
        doc: "An issuer made outside this stack (Vault, Venafi, a private CA, an ACME issuer by hand).",
        required: ["name"],
    },
);

export const certManager = object(
    {
        issuer: string({
            doc: "The name of an entry of `issuers`: the stack makes that issuer too.",
            example: (at: string) => `pulumi config set --path '${at}.issuer' letsencrypt`,
        }),
        issuerRef,
        rotatePrivateKey: boolean({
            doc: "A new private key on each issuance and renewal (cert-manager's `rotationPolicy: Always`); false keeps it (`Never`).",
            default: true,
        }),
        timeoutMinutes: number({
            doc: "How long `up` waits for the Certificate to be Ready before it fails, leaving the Gateway on its current credential.",
            default: 10,
            min: 1,
            max: 120,
            noun: "number of minutes",
        }),
    },
    {
        name: "CertManagerConfig",
        doc:
            "Have cert-manager issue and renew this certificate in the cluster: the stack declares a `Certificate` " +
            "in the credential's namespace whose Secret is the Gateway's `credentialName`, waits until it is " +
            "Ready, and never holds the key. Name one of `issuer` (defined in `issuers`) and `issuerRef`. " +
            "`validityDays`, `renewBeforeDays`, `keyAlgorithm`, `rsaBits` and `ecdsaCurve` become the Certificate's.",
    },
);

const solver = object(
    {
        dnsZones: list(string({ doc: "A DNS zone." }), {
            doc: "The zones this solver answers for; unset: every name.",
        }),
        dns01,
        http01: object(
            {
                ingressClass: string({
                    doc: "With Istio's API: the Ingress class the challenge Ingress gets.",
                    default: "istio",
                }),
            },
            {
                name: "Http01SolverConfig",
                doc:
                    "An HTTP-01 solver through the gateway itself: an Ingress of the class (Istio's API), or an " +
                    "HTTPRoute on this stack's Gateway (`gateway.api: gateway-api`). Not for wildcard hosts.",
            },
        ),
    },
    { name: "AcmeSolverConfig", doc: "One ACME challenge solver: one of `dns01` and `http01`." },
);

export const issuer = object(
    {
        name: string({
            doc: "Name of the Issuer or ClusterIssuer.",
            example: (at: string) => `pulumi config set --path '${at}.name' letsencrypt`,
        }),
        kind: string({ doc: "Its kind.", values: ISSUER_KIND, default: "ClusterIssuer" }),
        acme: object(
            {
                server: string({
                    doc: "The ACME directory: `letsencrypt`, `letsencrypt-staging`, `zerossl`, `google`, or an https URL.",
                    example: (at: string) => `pulumi config set --path '${at}.server' letsencrypt-staging`,
                }),
                email: string({
                    doc: "The account's contact email.",
                    example: (at: string) => `pulumi config set --path '${at}.email' ops@example.com`,
                }),
                externalAccountBinding: object(
                    {
                        keyID: string({ doc: "The key ID the CA gave for the account (ZeroSSL's EAB KID)." }),
                        keySecretRef: secretRef("the CA's EAB HMAC key, base64url as the CA gives it"),
                    },
                    {
                        name: "ExternalAccountBindingConfig",
                        doc: "Binds the ACME account to an account at the CA, as ZeroSSL and Google Trust Services require.",
                        required: ["keyID", "keySecretRef"],
                    },
                ),
                caBundle: string({
                    doc: "PEM of the CA that signs the ACME server's own HTTPS certificate, for a private ACME server.",
                }),
                solvers: list(solver, {
                    doc: "How challenges are answered, first match by zone.",
                    example: (at: string) =>
                        `pulumi config set --path '${at}.solvers[0].dns01.rfc2136.nameserver' ns1.example.com:53`,
                }),
            },
            {
                name: "AcmeIssuerConfig",
                doc: "An ACME account (Let's Encrypt, ZeroSSL, Google Trust Services, a private ACME server) and its solvers.",
                required: ["server", "email", "solvers"],
            },
        ),
    },
    {
        name: "IssuerConfig",
        doc: "A cert-manager issuer this stack makes, for the certificates whose `certManager.issuer` names it.",
        required: ["name", "acme"],
    },
);

export const alerts = object(
    {
        enabled: boolean({
            doc: "Make a PrometheusRule (`monitoring.coreos.com/v1`) that alerts on the stack's cert-manager Certificates.",
            default: false,
        }),
        labels: stringMap({
            doc: "Labels on the PrometheusRule, for the Prometheus that selects rules by label (e.g. `release: prometheus`).",
        }),
        forMinutes: number({
            doc: "How long a condition holds before its alert fires.",
            default: 15,
            min: 0,
            max: 1440,
            noun: "number of minutes",
        }),
    },
    {
        name: "AlertsConfig",
        doc:
            "Alerts from cert-manager's metrics for the certificates it issues here: one that is not Ready, and one " +
            "whose renewal is overdue (not renewed an hour past the renewal time cert-manager set for it).",
        filled: true,
    },
);
