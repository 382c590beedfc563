// DNS-01 solvers, as cert-manager's API types them (`pkg/apis/acme/v1`, ACMEIssuerDNS01Provider…): one
// declaration per field, named as cert-manager names it, so an issuer's spec is the config as it is (but
// rfc2136, whose flat Secret fields came first). Credentials are Secret references only, never values: the
// Secret lives in the issuer's namespace, or cert-manager's cluster resource namespace for a ClusterIssuer.

import { enumeration, json, object, string } from "./fields";

export const TSIG_ALGORITHM = enumeration({
    name: "TsigAlgorithm",
    doc: "TSIG algorithms cert-manager's RFC2136 solver signs updates with.",
    noun: "TSIG algorithm cert-manager knows",
    values: ["HMACMD5", "HMACSHA1", "HMACSHA256", "HMACSHA512"],
});

/** A key of a Secret made outside the stack (cert-manager's SecretKeySelector). */
export function secretRef(what: string) {
    return object(
        {
            name: string({ doc: "The Secret's name." }),
            key: string({ doc: "The key of that Secret." }),
        },
        {
            name: "SecretKeyRefConfig",
            doc: `A key of a Secret made outside the stack, holding ${what}: the stack never holds its value.`,
            required: ["name", "key"],
        },
    );
}

const rfc2136 = object(
    {
        nameserver: string({ doc: "The DNS server that takes the updates, as `host:port`." }),
        tsigKeyName: string({ doc: "Name of the TSIG key." }),
        tsigAlgorithm: string({ doc: "Its algorithm.", values: TSIG_ALGORITHM, default: "HMACSHA256" }),
        tsigSecretName: string({
            doc: "The Secret holding the TSIG key (made outside the stack), in cert-manager's cluster resource namespace for a ClusterIssuer, the issuer's otherwise.",
        }),
        tsigSecretKey: string({ doc: "The key of that Secret.", default: "tsig-secret-key" }),
    },
    {
        name: "Rfc2136SolverConfig",
        doc: "DNS-01 through RFC2136 dynamic updates (BIND, PowerDNS, …).",
        required: ["nameserver", "tsigKeyName", "tsigSecretName"],
    },
);

const webhook = object(
    {
        groupName: string({
            doc: "The webhook's API group (e.g. `acme.yourcompany.com` for an Alibaba Cloud DNS webhook).",
        }),
        solverName: string({ doc: "The solver's name in that webhook (e.g. `alidns`)." }),
        config: json({
            doc: "The webhook's own settings, any JSON value, passed through as they are: nested Secret references such as `accessKeySecretRef: { name, key }` included.",
        }),
    },
    {
        name: "WebhookSolverConfig",
        doc: "DNS-01 through a cert-manager DNS webhook, for a DNS provider cert-manager has none built in for (Alibaba Cloud DNS, …).",
        required: ["groupName", "solverName"],
    },
);

const cloudflare = object(
    {
        email: string({ doc: "The account's email: needed with `apiKeySecretRef`." }),
        apiTokenSecretRef: secretRef("an API token with Zone:DNS:Edit (the recommended credential)"),
        apiKeySecretRef: secretRef("the account's global API key"),
    },
    {
        name: "CloudflareSolverConfig",
        doc: "DNS-01 through Cloudflare: one of `apiTokenSecretRef` and `apiKeySecretRef`.",
    },
);

const route53 = object(
    {
        region: string({ doc: "The AWS region of the Route53 API (e.g. `us-east-1`)." }),
        hostedZoneID: string({ doc: "The hosted zone; unset: found from the name." }),
        role: string({ doc: "An IAM role to assume." }),
        accessKeyID: string({ doc: "The access key ID, in clear (it is not secret); or `accessKeyIDSecretRef`." }),
        accessKeyIDSecretRef: secretRef("the access key ID"),
        secretAccessKeySecretRef: secretRef("the secret access key"),
    },
    {
        name: "Route53SolverConfig",
        doc: "DNS-01 through AWS Route53: with a key pair (an access key ID and `secretAccessKeySecretRef`), or with none for ambient credentials (a ClusterIssuer, or an Issuer where cert-manager runs with `--issuer-ambient-credentials`).",
        required: ["region"],
    },
);

const cloudDNS = object(
    {
        project: string({ doc: "The Google Cloud project of the zone." }),
        hostedZoneName: string({ doc: "The managed zone; unset: found from the name." }),
        serviceAccountSecretRef: secretRef(
            "a service account's JSON key; unset: ambient credentials (Workload Identity)",
        ),
    },
    { name: "CloudDnsSolverConfig", doc: "DNS-01 through Google Cloud DNS.", required: ["project"] },
);

const azureDNS = object(
    {
        subscriptionID: string({ doc: "The Azure subscription of the zone." }),
        resourceGroupName: string({ doc: "The resource group of the zone." }),
        hostedZoneName: string({ doc: "The zone; unset: found from the name." }),
        environment: string({
            doc: "The Azure cloud.",
            values: {
                doc: "Azure clouds.",
                noun: "Azure cloud cert-manager knows",
                values: ["AzurePublicCloud", "AzureChinaCloud", "AzureGermanCloud", "AzureUSGovernmentCloud"],
            },
        }),
        clientID: string({ doc: "A service principal's client ID: with `clientSecretSecretRef` and `tenantID`." }),
        clientSecretSecretRef: secretRef("the service principal's client secret"),
        tenantID: string({ doc: "The service principal's tenant." }),
        managedIdentity: object(
            {
                clientID: string({ doc: "The managed identity's client ID." }),
                resourceID: string({ doc: "The managed identity's resource ID." }),
                tenantID: string({ doc: "The managed identity's tenant." }),
            },
            {
                name: "AzureManagedIdentityConfig",
                doc: "A managed identity (Workload Identity), instead of a service principal; empty: the default one.",
            },
        ),
    },
    {
        name: "AzureDnsSolverConfig",
        doc: "DNS-01 through Azure DNS: with a service principal (`clientID`, `clientSecretSecretRef`, `tenantID`) or a managed identity.",
        required: ["subscriptionID", "resourceGroupName"],
    },
);

const digitalocean = object(
    { tokenSecretRef: secretRef("a DigitalOcean API token") },
    { name: "DigitalOceanSolverConfig", doc: "DNS-01 through DigitalOcean DNS.", required: ["tokenSecretRef"] },
);

const acmeDNS = object(
    {
        host: string({ doc: "The acme-dns server's https URL." }),
        accountSecretRef: secretRef("the acme-dns accounts JSON (one per domain, from its /register)"),
    },
    {
        name: "AcmeDnsSolverConfig",
        doc: "DNS-01 through an acme-dns server, with `_acme-challenge` CNAMEs pointing at it.",
        required: ["host", "accountSecretRef"],
    },
);

export const dns01 = object(
    { rfc2136, webhook, cloudflare, route53, cloudDNS, azureDNS, digitalocean, acmeDNS },
    { name: "Dns01SolverConfig", doc: "A DNS-01 solver: exactly one provider." },
);

/** The DNS-01 providers, in the order the model declares them. */
export const DNS01_PROVIDERS = Object.keys(dns01.fields) as (keyof typeof dns01.fields)[];
