// DNS-01 providers, external account binding and the named ACME servers, under mocks: each provider in stack
// config becomes the issuer's dns01 block as cert-manager's API types it (pkg/apis/acme/v1), with Secret
// references only; a bad one is refused, with path and fix, before anything is registered.

import * as assert from "node:assert/strict";
import { devConfig } from "./fixtures";
import { runProgram, refusedProblems } from "./harness";

const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const ref = (name: string, key: string) => ({ name, key });

/** Each provider as a user writes it, and the dns01 block cert-manager expects for it. */
const PROVIDERS: Record<string, [config: Record<string, unknown>, spec: Record<string, unknown>]> = {
    cloudflare: [
        { cloudflare: { apiTokenSecretRef: ref("cloudflare", "api-token") } },
        { cloudflare: { apiTokenSecretRef: ref("cloudflare", "api-token") } },
    ],
    route53: [
        {
            route53: {
                region: "eu-west-1",
                hostedZoneID: "Z123",
                accessKeyID: "AKIAEXAMPLE",
                secretAccessKeySecretRef: ref("route53", "secret-access-key"),
            },
        },
        {
            route53: {
                region: "eu-west-1",
                hostedZoneID: "Z123",
                accessKeyID: "AKIAEXAMPLE",
                secretAccessKeySecretRef: ref("route53", "secret-access-key"),
            },
        },
    ],
    cloudDNS: [
        { cloudDNS: { project: "my-project", serviceAccountSecretRef: ref("clouddns", "key.json") } },
        { cloudDNS: { project: "my-project", serviceAccountSecretRef: ref("clouddns", "key.json") } },
    ],
    azureDNS: [
        { azureDNS: { subscriptionID: "sub", resourceGroupName: "dns", managedIdentity: { clientID: "id" } } },
        { azureDNS: { subscriptionID: "sub", resourceGroupName: "dns", managedIdentity: { clientID: "id" } } },
    ],
    digitalocean: [
        { digitalocean: { tokenSecretRef: ref("digitalocean", "access-token") } },
        { digitalocean: { tokenSecretRef: ref("digitalocean", "access-token") } },
    ],
    acmeDNS: [
        { acmeDNS: { host: "https://auth.acme-dns.io", accountSecretRef: ref("acme-dns", "acmedns.json") } },
        { acmeDNS: { host: "https://auth.acme-dns.io", accountSecretRef: ref("acme-dns", "acmedns.json") } },
    ],
    rfc2136: [
        { rfc2136: { nameserver: "ns1.example.com:53", tsigKeyName: "acme", tsigSecretName: "tsig" } },
        {
            rfc2136: {
                nameserver: "ns1.example.com:53",
                tsigKeyName: "acme",
                tsigAlgorithm: "HMACSHA256",
                tsigSecretSecretRef: ref("tsig", "tsig-secret-key"),
            },
        },
    ],
    // Alibaba Cloud DNS through a webhook: its settings nest Secret references (docs/operations.md).
    webhook: [
        {
            webhook: {
                groupName: "acme.yourcompany.com",
                solverName: "alidns",
                config: { regionId: "cn-hangzhou", accessKeySecretRef: ref("alidns", "access-key"), ttl: 600 },
            },
        },
        {
            webhook: {
                groupName: "acme.yourcompany.com",
                solverName: "alidns",
                config: { regionId: "cn-hangzhou", accessKeySecretRef: ref("alidns", "access-key"), ttl: 600 },
            },
        },
    ],
};

/** The tutorial, its certificate issued through one issuer with the given ACME settings. */
function withIssuer(acme: Record<string, unknown>) {
    const config = devConfig();
    const [cert] = config.certificates;
    delete cert.subject;
    delete cert.ca;
    cert.certManager = { issuer: "acme" };
    config.issuers = [{ name: "acme", acme: { server: "letsencrypt-staging", email: "ops@example.com", ...acme } }];
    return config;
}

const problemsOf = refusedProblems;

describe("DNS-01 providers, external account binding and named ACME servers", () => {
    it("every provider becomes the issuer's dns01 block as cert-manager types it, one solver per zone", async () => {
        const names = Object.keys(PROVIDERS);
        const solvers = names.map((name) => ({ dnsZones: [`${name}.example`], dns01: PROVIDERS[name][0] }));
        const run = await runProgram(withIssuer({ solvers: [...solvers, { dns01: PROVIDERS.rfc2136[0] }] }));
        const [issuer] = run.ofType(CLUSTER_ISSUER);
        const rendered = issuer.inputs.spec.acme.solvers;
        names.forEach((name, i) => {
            assert.deepEqual(rendered[i], { selector: { dnsZones: [`${name}.example`] }, dns01: PROVIDERS[name][1] });
        });
        assert.doesNotMatch(JSON.stringify(issuer.inputs), /"(apiToken|secretAccessKey|token|key\.json)":/);
    });

    it("zerossl and google are named servers needing external account binding, which passes as cert-manager types it", async () => {
        const eab = { keyID: "kid-123", keySecretRef: ref("zerossl-eab", "secret") };
        const dns01 = PROVIDERS.cloudflare[0];
        const run = await runProgram(
            withIssuer({ server: "zerossl", externalAccountBinding: eab, solvers: [{ dns01 }] }),
        );
        const { acme } = run.ofType(CLUSTER_ISSUER)[0].inputs.spec;
        assert.equal(acme.server, "https://acme.zerossl.com/v2/DV90");
        assert.deepEqual(acme.externalAccountBinding, eab);

        for (const server of ["zerossl", "google", "https://dv.acme-v02.api.pki.goog/directory"]) {
            const problems = await problemsOf(withIssuer({ server, solvers: [{ dns01 }] }));
            assert.deepEqual(
                problems.map((p) => p.path),
                ["issuers[0].acme.externalAccountBinding"],
                server,
            );
            assert.match(problems[0].message, /is required by .*: it refuses ACME accounts not bound/);
            assert.match(problems[0].fix, /keyID and keySecretRef/);
        }
    });

    it("refuses every bad provider at once, each with its path and fix", async () => {
        const problems = await problemsOf(
            withIssuer({
                solvers: [
                    { dns01: {} },
                    { dns01: { ...PROVIDERS.cloudflare[0], ...PROVIDERS.digitalocean[0] } },
                    {
                        dns01: {
                            cloudflare: {
                                apiTokenSecretRef: ref("a", "b"),
                                apiKeySecretRef: ref("c", "d"),
                            },
                        },
                    },
                    { dns01: { cloudflare: { apiKeySecretRef: ref("c", "d") } } },
                    { dns01: { route53: { accessKeyID: "AKIA" } } },
                    { dns01: { azureDNS: { subscriptionID: "s", resourceGroupName: "r", clientID: "c" } } },
                    { dns01: { acmeDNS: { host: "https://auth.acme-dns.io", accountSecretRef: { name: "x" } } } },
                ],
            }),
        );
        const at = (i: number, rest = "") => `issuers[0].acme.solvers[${i}].dns01${rest}`;
        assert.deepEqual(problems.map((p) => p.path).sort(), [
            at(0),
            at(1),
            at(2, ".cloudflare"),
            at(2, ".cloudflare.email"),
            at(3, ".cloudflare.email"),
            at(4, ".route53"),
            at(4, ".route53.region"),
            at(5, ".azureDNS"),
            at(6, ".acmeDNS.accountSecretRef.key"),
        ]);
        const byPath = (path: string) => problems.filter((p) => p.path === path).map((p) => `${p.message} / ${p.fix}`);
        assert.match(byPath(at(1))[0], /names 2: cloudflare, digitalocean/);
        assert.match(
            byPath(at(4, ".route53"))[0],
            /access key ID but no secretAccessKeySecretRef.*or neither for ambient/,
        );
        assert.match(byPath(at(5, ".azureDNS"))[0], /part of a service principal/);
    });
});
