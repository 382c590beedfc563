// A TCP proxy in front of the test API server that the suite can stop and start: "the API server is gone"
// without touching the server itself. TLS passes through untouched (the server's certificate names 127.0.0.1).

import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { currentCluster } from "./stacks";

export interface ApiProxy {
    /** A copy of the kubeconfig whose server is the proxy. */
    kubeconfig: string;
    /** Refuses new connections and cuts the open ones, as a server that went away. */
    stop(): Promise<void>;
    start(): Promise<void>;
}

export async function apiProxy(kubeconfigFile: string): Promise<ApiProxy> {
    const config = yaml.load(fs.readFileSync(kubeconfigFile, "utf8")) as any;
    const { cluster } = currentCluster(config);
    const upstream = new URL(cluster.server);
    const sockets = new Set<net.Socket>();
    let server: net.Server | undefined;
    let port = 0;
    const start = () =>
        new Promise<void>((resolve, reject) => {
            if (server?.listening) return resolve();
            server = net.createServer((client) => {
                const target = net.connect(Number(upstream.port || 443), upstream.hostname);
                for (const socket of [client, target]) {
                    sockets.add(socket);
                    socket.on("close", () => sockets.delete(socket));
                    socket.on("error", () => socket.destroy());
                }
                client.pipe(target).pipe(client);
            });
            server.once("error", reject);
            server.listen(port, "127.0.0.1", () => {
                port = (server!.address() as net.AddressInfo).port;
                resolve();
            });
        });
    await start();
    cluster.server = `https://127.0.0.1:${port}`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "igt-itest-proxy-")), "kubeconfig");
    fs.writeFileSync(file, yaml.dump(config));
    return {
        kubeconfig: file,
        start,
        stop: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                server?.listening ? server.close(() => resolve()) : resolve();
            }),
    };
}
