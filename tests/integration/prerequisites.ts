// What the integration suite needs, checked before it starts: a Pulumi CLI with the kubernetes and tls
// provider plugins, and a reachable cluster (KUBECONFIG) with Istio's CRDs. Each gap is named with its fix.

import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { importUntyped } from "../esm";
import type { Engine } from "./runRecord";

function onPath(binary: string): boolean {
    return (process.env.PATH ?? "")
        .split(path.delimiter)
        .some((dir) => dir !== "" && fs.existsSync(path.join(dir, binary)));
}

/** The plugins in the plugin cache, by `pulumi plugin ls --json` ([] when it cannot say). */
function cachedPlugins(): { name: string; kind: string; version: string }[] {
    const listed = spawnSync("pulumi", ["plugin", "ls", "--json"], { encoding: "utf8" });
    try {
        return listed.status === 0 ? JSON.parse(listed.stdout) : [];
    } catch {
        return [];
    }
}

/** A resource plugin in the plugin cache, or ambient on PATH. */
function hasPlugin(name: string): boolean {
    return onPath(`pulumi-resource-${name}`) || cachedPlugins().some((p) => p.name === name && p.kind === "resource");
}

/** Undefined when everything is there; otherwise one line saying what is missing and how to provide it. */
export async function missingPrerequisite(): Promise<string | undefined> {
    if (spawnSync("pulumi", ["version"], { encoding: "utf8" }).status !== 0) {
        return "no pulumi CLI on PATH: install it (https://www.pulumi.com/docs/iac/download-install/), then `pulumi plugin install resource kubernetes` and `pulumi plugin install resource tls`";
    }
    const plugins = ["kubernetes", "tls"].filter((name) => !hasPlugin(name));
    if (plugins.length > 0)
        return `the pulumi CLI lacks the ${plugins.join(" and ")} plugin(s): ${plugins.map((p) => `pulumi plugin install resource ${p}`).join("; ")}`;
    if (!process.env.KUBECONFIG)
        return "KUBECONFIG is not set: point it at a test cluster with Istio's CRDs (kind create cluster, then istioctl install or the base chart)";
    const { KubeConfig, ApiextensionsV1Api } = await importUntyped("@kubernetes/client-node");
    const kubeconfig = new KubeConfig();
    try {
        kubeconfig.loadFromDefault();
        await kubeconfig
            .makeApiClient(ApiextensionsV1Api)
            .readCustomResourceDefinition({ name: "gateways.networking.istio.io" });
    } catch (error) {
        const reason =
            (error as { code?: number }).code === 404
                ? "has no Istio CRDs (gateways.networking.istio.io): install Istio's base chart"
                : `is not reachable (${(error as Error).message.split("\n")[0]})`;
        return `the cluster in KUBECONFIG (${process.env.KUBECONFIG}) ${reason}`;
    }
    return undefined;
}

/**
 * What a plugin binary says its version is, asked as the engine asks: start it, then GetPluginInfo over
 * gRPC (not every plugin has a -version flag).
 */
async function askVersion(binary: string, kind: "language" | "resource"): Promise<string | undefined> {
    const grpc = require("@grpc/grpc-js");
    const services = require(`@pulumi/pulumi/proto/${kind === "language" ? "language" : "provider"}_grpc_pb.js`);
    const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");
    const Client = kind === "language" ? services.LanguageRuntimeClient : services.ResourceProviderClient;
    // The engine's address is only dialled when the plugin logs; GetPluginInfo does not.
    const child = spawn(binary, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
        const port = await new Promise<string>((resolve, reject) => {
            child.stdout.once("data", (data: Buffer) => resolve(data.toString().trim()));
            child.once("exit", () => reject(new Error("exited")));
        });
        const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return await new Promise((resolve) =>
            client.getPluginInfo(new Empty(), (error: Error | null, info: { getVersion(): string }) =>
                resolve(error ? undefined : info.getVersion().replace(/^v/, "")),
            ),
        );
    } catch {
        return undefined;
    } finally {
        child.kill();
    }
}

/** The version of a plugin on PATH (as it reports it), or the newest of that name in the plugin cache. */
async function pluginVersion(kind: "language" | "resource", name: string): Promise<string | undefined> {
    const binary = `pulumi-${kind}-${name}`;
    if (onPath(binary)) {
        const version = await askVersion(binary, kind);
        return version ? `${version} (on PATH)` : "(on PATH, version unknown)";
    }
    const cached = cachedPlugins()
        .filter((p) => p.name === name && p.kind === kind)
        .map((p) => p.version)
        .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    return cached.length > 0 ? `${cached[cached.length - 1]} (plugin cache)` : undefined;
}
/** The version @pulumi/<name> has in package-lock.json: what users' plugins are. */
function sdkVersion(name: string): string {
    const lock = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package-lock.json"), "utf8"));
    return lock.packages[`node_modules/@pulumi/${name}`].version;
}

/** Since 4.29 a kubernetes provider creates without adopting an existing object; older ones behave otherwise. */
export const KUBERNETES_CREATE_WITHOUT_ADOPTION = "4.29.0";

/** What the suite runs on: the CLI, the language hosts and each provider plugin beside its SDK's version. */
export async function engineOf(): Promise<Engine> {
    const cli = spawnSync("pulumi", ["version"], { encoding: "utf8" }).stdout.trim();
    const languages: Engine["languages"] = {};
    for (const name of ["nodejs", "yaml", "go"]) languages[name] = (await pluginVersion("language", name)) ?? "absent";
    const providers: Engine["providers"] = {};
    for (const name of ["kubernetes", "tls"])
        providers[name] = { plugin: (await pluginVersion("resource", name)) ?? "absent", sdk: sdkVersion(name) };
    return { cli, languages, providers };
}

/** One line naming the engine. A kubernetes provider older than 4.29 is named as not matching the SDK. */
export function engineLine(engine: Engine): string {
    const parts = [`pulumi CLI ${engine.cli}`];
    for (const [name, version] of Object.entries(engine.languages)) parts.push(`language ${name} ${version}`);
    for (const [name, { plugin, sdk }] of Object.entries(engine.providers)) {
        const old =
            name === "kubernetes" &&
            /^\d/.test(plugin) &&
            plugin.localeCompare(KUBERNETES_CREATE_WITHOUT_ADOPTION, undefined, { numeric: true }) < 0;
        parts.push(
            `${name} provider ${plugin} (SDK ${sdk})` +
                (old
                    ? ` NOT MATCHING THE SDK: before ${KUBERNETES_CREATE_WITHOUT_ADOPTION} a create adopts an existing object`
                    : ""),
        );
    }
    return `engine: ${parts.join("; ")}`;
}
