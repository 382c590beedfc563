// Certificate lifecycle: rotation, rename, renewal and bring-your-own, as preview-style change sets.

import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { SecureIngress } from "../components";
import { DAY_MS, nextRenewal, renewalGeneration, RENEWAL_EPOCH } from "../domain/renewal";
import { describeChanges, diffRuns } from "./diff";
import {
    type ProgramRun,
    TYPES,
    isSecretValue,
    programError,
    runComponents,
    runProgram,
    unwrapSecrets,
} from "./harness";
import { devConfig, problemsOf } from "./fixtures";
import { issueCertificate } from "./pki";

/** The dev stack plus a second, unrelated certificate and route, so "nothing else changed" has something to hold. */
function twoCertificates() {
    const config = devConfig();
    config.certificates.push({ name: "shop-credential", hosts: ["shop.example.com"] });
    config.routes.push({ host: "shop.example.com", service: "shop", port: 8080, namespace: "shop" });
    return config;
}

describe("certificate lifecycle", () => {
    describe("rotation", () => {
        let original: ProgramRun;
        let rotated: ProgramRun;
        before(async () => {
            original = await runProgram(twoCertificates());
            const config = twoCertificates();
            config.certificates[0].rotation = "2026-11";
            rotated = await runProgram(config);
        });

        it("replaces only the rotated certificate's key, CSR, certificate and secret, and updates the Gateway", () => {
            assert.deepEqual(describeChanges(diffRuns(original.resources, rotated.resources)), [
                "update ingress-gateway",
                "replace ingress-myexample-credential-cert",
                "replace ingress-myexample-credential-csr",
                "replace ingress-myexample-credential-key",
                "replace ingress-myexample-credential-secret",
            ]);
        });

        it("puts the new key and certificate into a new secret whose name is readable in the preview", () => {
            const secret = rotated.named("ingress-myexample-credential-secret");
            assert.equal(secret.inputs.metadata.name, "myexample-credential-2026-11");
            assert.notEqual(
                unwrapSecrets(secret.inputs.stringData)["tls.key"],
                unwrapSecrets(original.named("ingress-myexample-credential-secret").inputs.stringData)["tls.key"],
            );
        });

        it("switches the Gateway's credentialName to the new secret", () => {
            const servers = rotated.ofType(TYPES.gateway)[0].inputs.spec.servers;
            assert.deepEqual(
                servers.map((s: any) => s.tls.credentialName),
                ["myexample-credential-2026-11", "shop-credential"],
            );
            assert.equal(rotated.outputs.credentials[0].secretName, "myexample-credential-2026-11");
            assert.equal(rotated.outputs.credentials[0].rotation, "2026-11");
        });

        it("gets the new key from a replacement trigger, and nothing the gateway reads deletes before replacing", () => {
            const key = (run: ProgramRun) => run.named("ingress-myexample-credential-key").options.replacementTrigger;
            assert.notEqual(key(rotated), key(original));
            assert.match(String(key(rotated)), /rotation=2026-11/);
            for (const r of rotated.resources)
                assert.equal(r.options.deleteBeforeReplace, false, `${r.name} deletes before replacing`);
        });

        it("takes a number as well as a string", async () => {
            const config = devConfig();
            config.certificates[0].rotation = 3;
            const run = await runProgram(config);
            assert.equal(
                run.named("ingress-myexample-credential-secret").inputs.metadata.name,
                "myexample-credential-3",
            );
        });

        it("rejects a rotation that makes two certificates share a secret", () => {
            const config = twoCertificates();
            config.certificates[1].name = "myexample-credential-2026-11";
            config.certificates[0].rotation = "2026-11";
            const problems = problemsOf(config);
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates[1]"],
            );
            assert.match(
                problems[0].message,
                /resolves to the secret "myexample-credential-2026-11", as certificates\[0\] does/,
            );
        });
    });

    describe("rename (the tutorial's rotation to new-istio-ingressgateway-certs)", () => {
        it("creates the new credential, updates the Gateway, and deletes the old one; the other certificate is untouched", async () => {
            const before = await runProgram(twoCertificates());
            const renamed = twoCertificates();
            renamed.certificates[0].name = "new-istio-ingressgateway-certs";
            const after = await runProgram(renamed);

            const changes = diffRuns(before.resources, after.resources);
            const custom = changes.filter((c) => !c.type.startsWith("istio-gateway-tls:"));
            const suffixes = ["ca-cert", "ca-key", "cert", "csr", "key", "secret"];
            assert.deepEqual(describeChanges(custom), [
                "update ingress-gateway",
                ...suffixes.map((s) => `delete ingress-myexample-credential-${s}`),
                ...suffixes.map((s) => `create ingress-new-istio-ingressgateway-certs-${s}`),
            ]);
            const servers = after.ofType(TYPES.gateway)[0].inputs.spec.servers;
            assert.deepEqual(
                servers.map((s: any) => s.tls.credentialName),
                ["new-istio-ingressgateway-certs", "shop-credential"],
            );
        });
    });

    describe("renewal", () => {
        const validity = 365;
        const renewBefore = 30;

        it("keeps the renewal generation constant up to the boundary and changes it exactly there", () => {
            const t0 = new Date("2026-11-27T00:00:00Z");
            const boundary = nextRenewal(validity, renewBefore, t0);
            const g = renewalGeneration(validity, renewBefore, t0);
            assert.equal(renewalGeneration(validity, renewBefore, new Date(boundary.getTime() - 1)), g);
            assert.equal(renewalGeneration(validity, renewBefore, boundary), g + 1);
            assert.equal((boundary.getTime() - RENEWAL_EPOCH.getTime()) % ((validity - renewBefore) * DAY_MS), 0);
        });

        it("never lets a certificate issued at any time get within renewBeforeDays of expiry before the next boundary", () => {
            for (let day = 0; day < 2 * validity; day += 17) {
                const issuedAt = new Date(Date.UTC(2026, 0, 1) + day * DAY_MS);
                const expiresAt = issuedAt.getTime() + validity * DAY_MS;
                const renewedBy = nextRenewal(validity, renewBefore, issuedAt).getTime();
                assert.ok(expiresAt - renewedBy >= renewBefore * DAY_MS, `issued ${issuedAt.toISOString()}`);
            }
        });

        /** Builds the component with an injected clock and returns what it registered. */
        const at = (now: Date, config = twoCertificates()) =>
            runComponents((instrumentation) => {
                const ingress = new SecureIngress("ingress", { ...(config as any), now }, instrumentation);
                return { credentials: ingress.credentialSummaries };
            });

        it("re-issues a certificate at the boundary, updating its secret in place under the same name", async () => {
            const boundary = nextRenewal(validity, renewBefore, new Date("2026-11-27T00:00:00Z"));
            const justBefore = await at(new Date(boundary.getTime() - 1));
            const atBoundary = await at(boundary);
            const earlier = await at(new Date(boundary.getTime() - 100 * DAY_MS));

            assert.deepEqual(diffRuns(earlier.resources, justBefore.resources), [], "changed between boundaries");
            const changes = describeChanges(diffRuns(justBefore.resources, atBoundary.resources));
            // shop-credential has the same validity and renewBeforeDays, so it renews at the same boundary;
            // the dev stack's CA has 365 days too, so it is re-issued with its certificate. shop's CA has 3650.
            assert.deepEqual(changes, [
                "replace ingress-myexample-credential-ca-cert",
                "replace ingress-myexample-credential-cert",
                "replace ingress-myexample-credential-csr",
                "replace ingress-myexample-credential-key",
                "update ingress-myexample-credential-secret",
                "replace ingress-shop-credential-cert",
                "replace ingress-shop-credential-csr",
                "replace ingress-shop-credential-key",
                "update ingress-shop-credential-secret",
            ]);
            assert.equal(
                atBoundary.named("ingress-myexample-credential-secret").inputs.metadata.name,
                "myexample-credential",
            );
        });

        it("renews by each certificate's own validity: a 90-day certificate renews without touching the 365-day one", async () => {
            const config = twoCertificates();
            config.certificates[1].validityDays = 90;
            const boundary = nextRenewal(90, renewBefore, new Date("2026-11-27T00:00:00Z"));
            const changes = describeChanges(
                diffRuns(
                    (await at(new Date(boundary.getTime() - 1), config)).resources,
                    (await at(boundary, config)).resources,
                ),
            );
            assert.ok(changes.length > 0);
            for (const change of changes) assert.match(change, /ingress-shop-credential-/);
        });

        it("publishes renewAfter per credential, and no daily-changing daysRemaining that would make every preview noisy", async () => {
            const now = new Date("2026-11-27T00:00:00Z");
            const [today, tomorrow] = [
                (await at(now)).outputs.credentials[0],
                (await at(new Date(now.getTime() + DAY_MS))).outputs.credentials[0],
            ];
            assert.equal(today.renewAfter, nextRenewal(validity, renewBefore, now).toISOString());
            assert.equal("daysRemaining" in today, false);
            assert.deepEqual(tomorrow, today, "the outputs changed from one day to the next");
        });

        it("rejects renewBeforeDays that is not shorter than validityDays", () => {
            const config = devConfig();
            config.certificates[0].renewBeforeDays = 365;
            const problems = problemsOf(config);
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates[0].renewBeforeDays"],
            );
            assert.match(problems[0].message, /not shorter than validityDays \(365\)/);
        });

        it("uses a Kubernetes provider with enableSecretMutable for the secrets, so renewal never deletes a secret", async () => {
            const run = await runProgram(devConfig());
            const providers = run.ofType("pulumi:providers:kubernetes");
            assert.equal(providers.length, 1);
            assert.equal(String(providers[0].inputs.enableSecretMutable), "true");
            const secret = run.named("ingress-myexample-credential-secret");
            assert.match(secret.provider ?? "", /::pulumi:providers:kubernetes::kubernetes::/);
        });

        it("re-issues the CA and the certificate when the CA subject changes, keeping the secret's name", async () => {
            const before = await runProgram(twoCertificates());
            const changed = twoCertificates();
            changed.certificates[0].ca.organization = "myexample Holdings";
            const after = await runProgram(changed);
            assert.deepEqual(describeChanges(diffRuns(before.resources, after.resources)), [
                "replace ingress-myexample-credential-ca-cert",
                "replace ingress-myexample-credential-cert",
                "update ingress-myexample-credential-secret",
            ]);
        });
    });

    describe("bring your own certificate", () => {
        const now = new Date();
        const shop = () => issueCertificate(["shop.example.com", "*.shop.example.com"]);
        const withExisting = (existing: Record<string, string>, hosts = ["shop.example.com"]) => {
            const config = devConfig();
            config.certificates.push({ name: "shop-credential", hosts, existing });
            return config;
        };

        it("stores the brought certificate and key like a generated one, with the same outputs", async () => {
            const { certPem, keyPem, caCertPem } = shop();
            const config = withExisting({ certPem, keyPem, caCertPem });
            config.routes.push({ host: "shop.example.com", service: "shop", port: 8080 });
            const run = await runProgram(config);

            assert.equal(
                run.resources.filter((r) => r.name.startsWith("ingress-shop-credential-") && r.type.startsWith("tls:"))
                    .length,
                0,
            );
            const secret = run.named("ingress-shop-credential-secret");
            assert.equal(secret.inputs.metadata.name, "shop-credential");
            assert.ok(isSecretValue(secret.inputs.stringData));
            assert.deepEqual(unwrapSecrets(secret.inputs.stringData), { "tls.crt": certPem, "tls.key": keyPem });

            const output = run.outputs.credentials.find((c: any) => c.name === "shop-credential");
            const x509 = new X509Certificate(certPem);
            assert.equal(output.fingerprintSha256, x509.fingerprint256);
            assert.equal(output.notAfter, new Date(x509.validTo).toISOString());
            assert.equal(output.caCertPem, caCertPem);
            assert.equal(output.source, "existing");
            assert.doesNotMatch(JSON.stringify(run.outputs), /PRIVATE KEY/);
        });

        it("rejects an unparseable PEM", () => {
            const { keyPem } = shop();
            const problems = problemsOf(
                withExisting({ certPem: "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----", keyPem }),
            );
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates[1].existing.certPem"],
            );
            assert.match(problems[0].message, /is not a PEM certificate/);
            assert.match(
                problems[0].fix,
                /pulumi config set --secret --path 'certificates\[1\]\.existing\.certPem' < server\.crt/,
            );
        });

        it("rejects a key that does not match the certificate, without quoting the key", () => {
            const { certPem } = shop();
            const other = issueCertificate(["other.example.com"]);
            const problems = problemsOf(withExisting({ certPem, keyPem: other.keyPem }));
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates[1].existing.keyPem"],
            );
            assert.match(problems[0].message, /does not match the certificate "CN=shop\.example\.com"/);
            assert.doesNotMatch(JSON.stringify(problems), /PRIVATE KEY/);
        });

        it("rejects an expired certificate", () => {
            const { certPem, keyPem } = issueCertificate(["shop.example.com"], { days: 1 });
            const problems = problemsOf(withExisting({ certPem, keyPem }), new Date(Date.now() + 3 * DAY_MS));
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates[1].existing.certPem"],
            );
            assert.match(problems[0].message, /has expired/);
        });

        it("rejects a certificate that expires within renewBeforeDays", () => {
            const { certPem, keyPem } = issueCertificate(["shop.example.com"], { days: 10 });
            const problems = problemsOf(withExisting({ certPem, keyPem }), now);
            assert.match(problems[0]?.message ?? "", /expires in \d+ days, within renewBeforeDays \(30\)/);
        });

        it("rejects hosts that the certificate's SANs do not cover", () => {
            const { certPem, keyPem } = shop();
            const problems = problemsOf(
                withExisting({ certPem, keyPem }, ["shop.example.com", "a.b.shop.example.com", "example.com"]),
            );
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates[1].hosts[1]", "certificates[1].hosts[2]"],
            );
            assert.match(
                problems[0].message,
                /not among the certificate's SANs \(shop\.example\.com, \*\.shop\.example\.com\)/,
            );
        });

        it("rejects a caCertPem that did not issue the certificate", () => {
            const { certPem, keyPem } = shop();
            const stranger = issueCertificate(["x.example.com"], { caName: "Stranger CA" });
            const problems = problemsOf(withExisting({ certPem, keyPem, caCertPem: stranger.caCertPem }));
            assert.deepEqual(
                problems.map((p) => p.path),
                ["certificates[1].existing.caCertPem"],
            );
        });

        it("rejects issuance settings beside existing, which would be ignored", () => {
            const { certPem, keyPem } = shop();
            const config = withExisting({ certPem, keyPem });
            config.certificates[1].validityDays = 90;
            assert.deepEqual(
                problemsOf(config).map((p) => p.path),
                ["certificates[1].validityDays"],
            );
        });

        it("never quotes key material in an error, even when it is set at the wrong path", async () => {
            const { keyPem } = shop();
            const config = devConfig();
            config.certificates.push({ name: "shop-credential", hosts: ["shop.example.com"], existing: keyPem });
            const { error } = await programError(config);
            assert.match(error.message, /certificates\[1\]\.existing: must be an object, not a string/);
            assert.doesNotMatch(error.message, /PRIVATE KEY/);
            const body = keyPem.split("\n")[1];
            assert.ok(!error.message.includes(body.slice(0, 16)), "the error quotes key material");
        });

        it("fails the program before registering anything when a brought certificate is bad", async () => {
            const { certPem } = shop();
            const { error, registered } = await programError(withExisting({ certPem, keyPem: "nonsense" }));
            assert.equal(registered, 0);
            assert.match(error.message, /certificates\[1\]\.existing\.keyPem: is not a PEM private key/);
        });
    });
});

describe("the program's clock", () => {
    it("is now, or ISTIO_GATEWAY_TLS_NOW, and a bad value is a clear error", () => {
        const { programClock } = require("../config/load");
        assert.equal(
            programClock({ ISTIO_GATEWAY_TLS_NOW: "2027-01-31T00:00:00Z" }).toISOString(),
            "2027-01-31T00:00:00.000Z",
        );
        assert.ok(Math.abs(programClock({}).getTime() - Date.now()) < 60_000);
        assert.throws(
            () => programClock({ ISTIO_GATEWAY_TLS_NOW: "next tuesday" }),
            /ISTIO_GATEWAY_TLS_NOW="next tuesday" is not an ISO 8601 time/,
        );
    });
});
