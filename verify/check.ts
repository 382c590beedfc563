// Checks what the gateway serves for one route: one TLS connection with the route's host as SNI, the served
// certificate against the stack's outputs, then an HTTP request over that same connection.

import { probeHostOf } from "../domain/hosts";
import * as http from "node:http";
import * as tls from "node:tls";
import { daysRemaining } from "../domain/renewal";
import type { ClientPem, CredentialOutput, RouteOutput } from "./outputs";

const BODY_PREVIEW = 60;

export interface Target {
    /** Ingress address (IP or name) that every host resolves to, like curl's --resolve. */
    address: string;
    /** Port override; otherwise the route's gateway port, else 443. */
    port?: number;
}

export interface CheckOptions {
    /** Bounds each connection, handshake and response included. */
    timeoutMs: number;
    /** A CA (PEM) that overrides the stack's caCertPem. */
    caPem?: string;
    /** The time expiry is judged at. */
    now: Date;
    /** Fail when a served certificate expires within this many days; default: its credential's renewBeforeDays. */
    minDays?: number;
    /** The client certificate to present to MUTUAL credentials, by credential name (or "*" for all). */
    clients?: Record<string, ClientPem>;
}

export interface RouteResult {
    host: string;
    path: string;
    credential: string;
    ok: boolean;
    /** Why it failed, one reason per failed check. */
    failures: string[];
    /** Worth knowing without failing. */
    warnings: string[];
    daysLeft?: number;
    status?: number;
    bodyStart?: string;
}

function describeError(error: NodeJS.ErrnoException): string {
    if (error.code === "ECONNREFUSED") return `connection refused by ${error.message.split(" ").pop()}`;
    return error.message;
}

function connect(
    target: Target,
    route: RouteOutput,
    servername: string,
    ca: string | undefined,
    timeoutMs: number,
    client?: ClientPem,
): Promise<tls.TLSSocket> {
    return new Promise((resolve, reject) => {
        const socket = tls.connect({
            host: target.address,
            port: target.port ?? route.gatewayPort ?? route.port ?? 443,
            servername,
            ca,
            ...(client && { cert: client.certPem, key: client.keyPem }),
            // Verification is judged below, so that every reason is reported rather than the first.
            rejectUnauthorized: false,
            ALPNProtocols: ["http/1.1"],
        });
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`timed out after ${timeoutMs} ms`)));
        socket.once("secureConnect", () => resolve(socket));
        socket.once("error", (error) => reject(error));
    });
}

function request(
    socket: tls.TLSSocket,
    host: string,
    path: string,
    timeoutMs: number,
): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request(
            { createConnection: () => socket, path, method: "GET", headers: { Host: host, Connection: "close" } },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (chunk: Buffer) => chunks.push(chunk));
                res.on("end", () =>
                    resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
                );
                res.on("error", reject);
            },
        );
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
        req.on("error", reject);
        req.end();
    });
}

function judgeCertificate(
    socket: tls.TLSSocket,
    host: string,
    credential: CredentialOutput,
    ca: string | undefined,
    options: Pick<CheckOptions, "now" | "minDays">,
    result: RouteResult,
): void {
    const { now } = options;
    const minDays = options.minDays ?? credential.renewBeforeDays;
    const peer = socket.getPeerCertificate();
    if (!peer?.raw) {
        result.failures.push("the gateway presented no certificate");
        return;
    }
    // A certificate from cert-manager is publicly trusted (or the caller gives --ca): Node's roots judge it.
    if (ca === undefined && credential.source !== "cert-manager") {
        result.failures.push(
            `no CA to verify against: the outputs have no caCertPem for "${credential.name}"; pass --ca <file>`,
        );
    } else if (!socket.authorized) {
        result.failures.push(
            `chain does not verify against the CA of "${credential.name}": ${socket.authorizationError}`,
        );
    }
    const expected = [credential.fingerprintSha256, credential.secondaryFingerprintSha256].filter(
        (f) => f !== undefined,
    );
    // An external certificate is never read by the stack: only its chain, hosts and dates are judged.
    if (credential.fingerprintSha256 !== undefined && !expected.includes(peer.fingerprint256)) {
        const notAfter = credential.notAfter === undefined ? Number.NaN : Date.parse(credential.notAfter);
        const which = Date.parse(peer.valid_to) < notAfter ? "the OLD one" : "not the stack's";
        result.failures.push(
            `served certificate is ${which} (fingerprint ${peer.fingerprint256}, expected ${credential.fingerprintSha256})`,
        );
    }
    const identity = tls.checkServerIdentity(host, peer);
    if (identity) result.failures.push(`host not in the certificate's SANs: ${identity.message}`);
    const daysLeft = daysRemaining(peer.valid_to, now);
    result.daysLeft = daysLeft;
    if (Date.parse(peer.valid_to) <= now.getTime()) {
        result.failures.push(`certificate expired on ${new Date(peer.valid_to).toISOString()}`);
    } else if (minDays !== undefined && daysLeft < minDays) {
        // Due for renewal and not renewed: whoever renews (pulumi up for the stack's own CA, cert-manager,
        // the Secret's owner) has not, and the served certificate runs out.
        const bound = options.minDays === undefined ? `renewBeforeDays (${minDays})` : `--min-days ${minDays}`;
        const fix =
            credential.source === "cert-manager"
                ? "see why cert-manager has not renewed: kubectl describe certificate"
                : credential.source === "external"
                  ? "have the Secret's owner renew it"
                  : "run pulumi up to renew";
        result.failures.push(`expires in ${daysLeft} days, within ${bound}; ${fix}`);
    }
}

function judgeResponse(route: RouteOutput, status: number, body: string, result: RouteResult): void {
    result.status = status;
    result.bodyStart = body.replace(/\s+/g, " ").trim().slice(0, BODY_PREVIEW);
    const expected = route.expect?.status;
    if (expected !== undefined ? status !== expected : status >= 400) {
        const noRoute = status === 404 ? "no route: 404" : `status ${status}`;
        result.failures.push(expected !== undefined ? `${noRoute}, expected ${expected}` : noRoute);
    }
    const text = route.expect?.bodyIncludes;
    if (text !== undefined && !body.includes(text)) {
        result.failures.push(
            `body does not include ${JSON.stringify(text)} (starts ${JSON.stringify(result.bodyStart)})`,
        );
    }
}

/**
 * Whether the gateway refuses a client without a certificate. Under TLS 1.3 the client's handshake completes
 * before the server checks, so a refusal may only show when the request fails: both count.
 */
async function refusesAnonymousClient(
    target: Target,
    route: RouteOutput,
    host: string,
    ca: string | undefined,
    timeoutMs: number,
): Promise<boolean> {
    let socket: tls.TLSSocket | undefined;
    try {
        socket = await connect(target, route, host, ca, timeoutMs);
        await request(socket, host, route.path, timeoutMs);
        return false;
    } catch {
        return true;
    } finally {
        socket?.destroy();
    }
}

/** Checks one route; never throws: every problem becomes a failure reason. */
export async function checkRoute(
    target: Target,
    route: RouteOutput,
    credential: CredentialOutput,
    options: CheckOptions,
): Promise<RouteResult> {
    const host = probeHostOf(route.host);
    const result: RouteResult = {
        host: route.host,
        path: route.path,
        credential: credential.name,
        ok: false,
        failures: [],
        warnings: [],
    };
    const ca = options.caPem ?? credential.caCertPem;
    let client: ClientPem | undefined;
    if (credential.mode === "MUTUAL") {
        if (!(await refusesAnonymousClient(target, route, host, ca, options.timeoutMs))) {
            result.failures.push("accepted a client without a certificate, but the credential is MUTUAL");
        }
        client = options.clients?.[credential.name] ?? options.clients?.["*"];
        if (!client) {
            result.failures.push(
                "the credential is MUTUAL: pass --client-cert and --client-key, or outputs read with --show-secrets (sampleClients)",
            );
            return result;
        }
    }
    let socket: tls.TLSSocket;
    try {
        socket = await connect(target, route, host, ca, options.timeoutMs, client);
    } catch (error) {
        const reason = describeError(error as NodeJS.ErrnoException);
        result.failures.push(
            (error as NodeJS.ErrnoException).code === "ECONNREFUSED" ? reason : `handshake failed: ${reason}`,
        );
        return result;
    }
    try {
        judgeCertificate(socket, host, credential, ca, options, result);
        const { status, body } = await request(socket, host, route.path, options.timeoutMs);
        judgeResponse(route, status, body, result);
    } catch (error) {
        result.failures.push(`request failed: ${(error as Error).message}`);
    } finally {
        socket.destroy();
    }
    result.ok = result.failures.length === 0;
    return result;
}

/** Checks every route (optionally only some hosts), `concurrency` at a time, reporting progress as each ends. */
export async function verifyIngress(
    target: Target,
    outputs: { credentials: CredentialOutput[]; routes: RouteOutput[] },
    options: CheckOptions & {
        hosts?: string[];
        concurrency?: number;
        onProgress?: (done: number, total: number) => void;
    },
): Promise<RouteResult[]> {
    const routes = options.hosts?.length
        ? outputs.routes.filter((r) => options.hosts!.includes(r.host))
        : outputs.routes;
    const credentials = new Map(outputs.credentials.map((c) => [c.name, c]));
    const results: RouteResult[] = new Array(routes.length);
    let next = 0;
    let done = 0;
    const worker = async () => {
        while (next < routes.length) {
            const i = next++;
            const credential = credentials.get(routes[i].credential);
            results[i] = credential
                ? await checkRoute(target, routes[i], credential, options)
                : {
                      ...{ host: routes[i].host, path: routes[i].path, credential: "", ok: false, warnings: [] },
                      // A team's route (--routes-from-cluster) for a host no credential of the stack serves.
                      failures: [
                          "no credential of this stack serves the host: the gateway cannot terminate TLS for it",
                      ],
                  };
            options.onProgress?.(++done, routes.length);
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, routes.length) }, worker));
    return results;
}
