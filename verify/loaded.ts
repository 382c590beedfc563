// What a live gateway has loaded: the SDS secrets in Envoy's admin config dump
// (`/config_dump?resource=dynamic_active_secrets`, read in the istio-proxy container with
// `pilot-agent request GET ...`), judged against the stack's credentials. Envoy redacts private keys in
// config dumps; this reads certificate chains only, and prints no key material.

import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { splitPemChain } from "../domain/pem";
import type { CredentialOutput } from "./outputs";

export const SECRETS_DUMP_PATH = "config_dump?resource=dynamic_active_secrets";

/** How a credential stands in one gateway pod. */
export type LoadedState = "current" | "old" | "foreign" | "not loaded";

export interface LoadedResult {
    pod: string;
    credential: string;
    secretName: string;
    state: LoadedState;
    /** The loaded certificate's fingerprint, when one is loaded. */
    fingerprintSha256?: string;
    /** Its end of validity, when one is loaded. */
    notAfter?: string;
}

/** The part of Envoy's admin.v3.SecretsConfigDump read here. */
interface SecretsConfigDump {
    dynamic_active_secrets?: {
        name?: string;
        secret?: { tls_certificate?: { certificate_chain?: { inline_bytes?: string; inline_string?: string } } };
    }[];
}

/** The certificate chains Envoy has loaded, by SDS resource name, from a config dump in Envoy's JSON. */
export function loadedChains(dump: unknown): Map<string, string> {
    const chains = new Map<string, string>();
    const configs = (dump as { configs?: SecretsConfigDump[] })?.configs ?? [];
    for (const config of configs) {
        for (const entry of config.dynamic_active_secrets ?? []) {
            const chain = entry.secret?.tls_certificate?.certificate_chain;
            const pem = chain?.inline_bytes
                ? Buffer.from(chain.inline_bytes, "base64").toString("utf8")
                : chain?.inline_string;
            if (entry.name && pem) chains.set(entry.name, pem);
        }
    }
    return chains;
}

/** Each credential's state in one pod: loaded or not, and the stack's current certificate, an old one of its CA, or foreign. */
export function judgeLoaded(pod: string, dump: unknown, credentials: CredentialOutput[]): LoadedResult[] {
    const chains = loadedChains(dump);
    return credentials.map((credential) => {
        const secretName = credential.secretName ?? credential.name;
        const pem = chains.get(`kubernetes://${secretName}`);
        if (pem === undefined) return { pod, credential: credential.name, secretName, state: "not loaded" };
        const leaf = new X509Certificate(splitPemChain(pem)[0] ?? pem);
        const facts = { fingerprintSha256: leaf.fingerprint256, notAfter: new Date(leaf.validTo).toISOString() };
        const expected = [credential.fingerprintSha256, credential.secondaryFingerprintSha256];
        let state: LoadedState;
        if (expected.includes(leaf.fingerprint256)) state = "current";
        else if (credential.caCertPem && leaf.verify(new X509Certificate(credential.caCertPem).publicKey)) {
            // Signed by the stack's CA but not the certificate it holds now: an earlier one (before a renewal).
            state = credential.fingerprintSha256 === undefined ? "current" : "old";
        } else state = "foreign";
        return { pod, credential: credential.name, secretName, state, ...facts };
    });
}

/** Where the gateway pods are and how to reach their admin API. */
export interface PodSource {
    /** Pod names in `namespace` matching `selector`, or the given ones. */
    pods(namespace: string, selector: Record<string, string>): string[];
    /** The secrets config dump of one pod, parsed. */
    dump(namespace: string, pod: string): unknown;
}

/** Through kubectl: list pods by label, and `pilot-agent request` in their istio-proxy container. */
export function kubectlPods(context?: string): PodSource {
    const kubectl = (args: string[]) =>
        execFileSync("kubectl", [...(context ? ["--context", context] : []), ...args], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer: 64 << 20,
        });
    return {
        pods(namespace, selector) {
            const labels = Object.entries(selector)
                .map(([key, value]) => `${key}=${value}`)
                .join(",");
            const listed = JSON.parse(kubectl(["get", "pods", "-n", namespace, "-l", labels, "-o", "json"]));
            return listed.items.map((pod: { metadata: { name: string } }) => pod.metadata.name);
        },
        dump(namespace, pod) {
            const args = ["exec", "-n", namespace, pod, "-c", "istio-proxy", "--", "pilot-agent", "request", "GET"];
            return JSON.parse(kubectl([...args, SECRETS_DUMP_PATH]));
        },
    };
}

/** One line per pod and credential; `ok` when every credential is the current one in every pod. */
export function formatLoaded(results: LoadedResult[]): { text: string; ok: boolean } {
    const lines = results.map((r) => {
        const mark = r.state === "current" ? "PASS" : "FAIL";
        const facts = r.fingerprintSha256 ? ` ${r.fingerprintSha256.slice(0, 23)}… until ${r.notAfter}` : "";
        return `${mark}  ${r.pod}  ${r.credential} (${r.secretName}): ${r.state}${facts}`;
    });
    const ok = results.length > 0 && results.every((r) => r.state === "current");
    const pods = new Set(results.map((r) => r.pod)).size;
    return {
        text: `${lines.join("\n")}\n${ok ? "every" : "not every"} credential is the stack's current one in ${pods} pod(s)`,
        ok,
    };
}
