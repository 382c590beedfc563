// A proxy in front of the test API server that can drop the answers to creates it passed on: "the API server
// is gone mid-request", at a chosen request, without touching the server itself.

import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { currentCluster } from "./stacks";

export interface ApiServerProxy {
    /** A kubeconfig whose server is the proxy (plain HTTP on loopback; the proxy holds the credentials). */
    kubeconfig: string;
    /**
     * From now on: pass `passFirst` creates (POSTs) whose path matches, then pass the next ones to the server
     * and drop the server's answers. With `cut` the proxy then cuts every connection and stops listening, as
     * an API server gone mid-request; with `hold` it keeps the connections open, so those creates stay in
     * flight until the CLI is killed. Resolves with the path of the first create whose answer was dropped.
     */
    dropAnswers(creates: RegExp, passFirst: number, then: "cut" | "hold"): Promise<string>;
    /** The API server is back, at the same address: everything passes again. */
    reopen(): Promise<void>;
    close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the API server that makes an orphan on purpose, not by luck of timing: the
 * objects whose answers it drops exist while the engine never heard back. A stack keeps this one kubeconfig
 * throughout (the kubernetes provider records it, and another one would be a change of cluster).
 */
export async function apiServerProxy(kubeconfigFile: string): Promise<ApiServerProxy> {
    const config = yaml.load(fs.readFileSync(kubeconfigFile, "utf8")) as any;
    const { cluster } = currentCluster(config) as { cluster: Record<string, string> };
    const context = config.contexts.find((c: any) => c.name === config["current-context"]) ?? config.contexts[0];
    const user = config.users.find((u: any) => u.name === context.context.user).user;
    const upstream = new URL(cluster.server);
    const decode = (data?: string) => (data === undefined ? undefined : Buffer.from(data, "base64"));
    const agent = new https.Agent({
        keepAlive: true,
        // As kubectl does: a kubeconfig that skips verification is honoured (else every forward fails, and waits).
        rejectUnauthorized: String(cluster["insecure-skip-tls-verify"]) !== "true",
        ca: decode(cluster["certificate-authority-data"]),
        cert: decode(user["client-certificate-data"]),
        key: decode(user["client-key-data"]),
    });
    const sockets = new Set<net.Socket>();
    let rule: { creates: RegExp; passFirst: number; then: "cut" | "hold"; dropped: (path: string) => void } | undefined;
    let passed = 0;
    const server = http.createServer((request, response) => {
        const dropping = rule && request.method === "POST" && rule.creates.test(request.url ?? "") ? rule : undefined;
        const forward = https.request(
            {
                host: upstream.hostname,
                port: upstream.port || 443,
                method: request.method,
                path: request.url,
                headers: {
                    ...request.headers,
                    host: upstream.host,
                    ...(user.token && { authorization: `Bearer ${user.token}` }),
                },
                agent,
            },
            (answer) => {
                if (dropping && passed++ >= dropping.passFirst) {
                    // The server has made (or refused) the object; its answer goes nowhere.
                    answer.resume();
                    if (dropping.then === "cut") {
                        rule = undefined;
                        for (const socket of sockets) socket.destroy();
                        server.close();
                    }
                    dropping.dropped(request.url ?? "");
                    return;
                }
                response.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(response);
            },
        );
        forward.on("error", () => response.destroy());
        request.pipe(forward);
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    let port = 0;
    const listen = () =>
        new Promise<void>((resolve) =>
            server.listen(port, "127.0.0.1", () => {
                port = (server.address() as net.AddressInfo).port;
                resolve();
            }),
        );
    await listen();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-proxy-")), "kubeconfig");
    fs.writeFileSync(
        file,
        yaml.dump({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "proxy", cluster: { server: `http://127.0.0.1:${port}` } }],
            users: [{ name: "proxy", user: {} }],
            contexts: [{ name: "proxy", context: { cluster: "proxy", user: "proxy" } }],
            "current-context": "proxy",
        }),
    );
    return {
        kubeconfig: file,
        dropAnswers: (creates, passFirst, then) =>
            new Promise((dropped) => {
                passed = 0;
                let first = true;
                rule = {
                    creates,
                    passFirst,
                    then,
                    dropped: (path) => {
                        if (first) dropped(path);
                        first = false;
                    },
                };
            }),
        reopen: async () => {
            rule = undefined;
            if (!server.listening) await listen();
        },
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                agent.destroy();
                server.listening ? server.close(() => resolve()) : resolve();
            }),
    };
}
