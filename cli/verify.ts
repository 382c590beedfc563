// istio-gateway-tls-verify: checks, for every route of the stack, the certificate the gateway serves and the
// response it routes to. Exit 0 only when every route passes.
//   npm run verify -- --ingress <address>[:port]... [--outputs <file|->] [--host h]... [--json] [--timeout ms] [--ca file]
//   npm run verify -- --loaded [--selector k=v] [--pod name]... [--context c]: what the gateway pods have loaded

import * as fs from "node:fs";
import {
    type RouteObject,
    gatewayOfOutputs,
    kubectlRouteObjects,
    routesOfObjects,
    withClusterRoutes,
} from "../verify/clusterRoutes";
import { type CommandIo, parseCommandLine } from "./commandLine";
import { verifyIngress } from "../verify/check";
import { type LoadedResult, type PodSource, formatLoaded, judgeLoaded, kubectlPods } from "../verify/loaded";
import { type ClientPem, type StackOutputs, readOutputs } from "../verify/outputs";
import {
    type IssuanceObjects,
    type IssuanceReport,
    isManaged,
    issuanceReport,
    kubectlIssuance,
} from "../verify/issuance";
import { formatJson, formatTable } from "../verify/report";

export const USAGE = `usage: istio-gateway-tls-verify --ingress <address>[:port] [options]
       istio-gateway-tls-verify --loaded [--selector k=v] [--pod <name>]... [--context <name>] [--outputs ...]
       istio-gateway-tls-verify --issuance [--context <name>] [--outputs ...]

  --ingress <address>[:port]  ingress gateway address every host resolves to (like curl --resolve);
                              repeat it for the gateway of each data-plane cluster: each is checked
  --outputs <file|->          stack outputs as JSON (default: pulumi stack output --json)
  --stack <name>              stack to read outputs of (default: the selected stack)
  --host <host>               check only this route host (repeatable)
  --ca <file>                 verify against this CA instead of the stack's caCertPem
  --client-cert <file>        client certificate to present to MUTUAL credentials (with --client-key);
                              default: sampleClients from outputs read with --show-secrets
  --client-key <file>         its private key
  --timeout <ms>              bound each connection (default 5000)
  --min-days <n>              fail when a served certificate expires within n days
                              (default: its credential's renewBeforeDays)
  --json                      machine-readable output
  --loaded                    instead of connecting: read the SDS secrets each gateway pod's Envoy has
                              loaded (its admin config dump, through kubectl exec) and compare them with
                              the stack's certificates; no key material is read or printed
  --selector <k=v,...>        with --loaded: the gateway pods' labels (default istio=ingressgateway)
  --pod <name>                with --loaded: this pod instead (repeatable)
  --context <name>            with --loaded, --issuance or --routes-from-cluster: the kubectl context
  --routes-from-cluster       also check every route the cluster binds to the stack's Gateway (teams' AppRoutes)
  --issuance                  instead of connecting: why each cert-manager certificate is not Ready, in
                              cert-manager's words (its Certificate, CertificateRequest, Order, Challenges)`;

export interface Io extends CommandIo {
    /** Whether to draw a progress line (a terminal). */
    progress: boolean;
    now?: Date;
    /** How --loaded reaches the pods; kubectl by default. */
    pods?: PodSource;
    /** How --issuance lists a namespace's cert-manager objects; kubectl by default. */
    issuance?: (namespace: string) => IssuanceObjects;
    /** How --routes-from-cluster lists the route objects; kubectl by default. */
    routeObjects?: (api: string, context?: string) => RouteObject[];
}

/** Splits `address[:port]`, IPv6 in brackets (`[::1]:8443`). */
export function parseIngress(value: string): { address: string; port?: number } {
    const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(value);
    if (!match) throw new Error(`--ingress ${JSON.stringify(value)} is not <address>[:port]`);
    const port = match[3] === undefined ? undefined : Number(match[3]);
    if (port !== undefined && (port < 1 || port > 65535))
        throw new Error(`--ingress port ${port} is not from 1 to 65535`);
    return { address: match[1] ?? match[2], port };
}

export async function main(argv: string[], io: Io): Promise<number> {
    const values = parseCommandLine(
        argv,
        {
            ingress: { type: "string", multiple: true },
            outputs: { type: "string" },
            stack: { type: "string" },
            host: { type: "string", multiple: true },
            ca: { type: "string" },
            "client-cert": { type: "string" },
            "client-key": { type: "string" },
            timeout: { type: "string", default: "5000" },
            "min-days": { type: "string" },
            json: { type: "boolean", default: false },
            loaded: { type: "boolean", default: false },
            issuance: { type: "boolean", default: false },
            "routes-from-cluster": { type: "boolean", default: false },
            selector: { type: "string", default: "istio=ingressgateway" },
            pod: { type: "string", multiple: true },
            context: { type: "string" },
        },
        USAGE,
        io,
    );
    if (typeof values === "number") return values;
    if (values.loaded) return checkLoaded(values, io);
    if (values.issuance) return checkIssuance(values, io);
    const timeoutMs = Number(values.timeout);
    const minDays = values["min-days"] === undefined ? undefined : Number(values["min-days"]);
    if (minDays !== undefined && !(Number.isInteger(minDays) && minDays >= 0)) {
        io.stderr(`--min-days takes a whole number of days, not ${values["min-days"]}\n${USAGE}\n`);
        return 2;
    }
    const ingresses = values.ingress ?? [];
    if (ingresses.length === 0 || !Number.isInteger(timeoutMs) || timeoutMs <= 0) {
        io.stderr(
            `${ingresses.length === 0 ? "--ingress is required" : "--timeout takes a whole number of milliseconds"}\n${USAGE}\n`,
        );
        return 2;
    }
    let outputs: StackOutputs;
    let targets: ReturnType<typeof parseIngress>[];
    let caPem: string | undefined;
    let clients: Record<string, ClientPem> | undefined;
    try {
        targets = ingresses.map(parseIngress);
        outputs = readOutputs(values.outputs, values.stack);
        caPem = values.ca === undefined ? undefined : fs.readFileSync(values.ca, "utf8");
        const [clientCert, clientKey] = [values["client-cert"], values["client-key"]];
        if ((clientCert === undefined) !== (clientKey === undefined))
            throw new Error("--client-cert and --client-key go together");
        clients =
            clientCert && clientKey
                ? { "*": { certPem: fs.readFileSync(clientCert, "utf8"), keyPem: fs.readFileSync(clientKey, "utf8") } }
                : outputs.sampleClients;
        if (values["routes-from-cluster"]) {
            const gateway = gatewayOfOutputs(outputs);
            const port = outputs.routes[0]?.gatewayPort ?? 443;
            const objects = (io.routeObjects ?? kubectlRouteObjects)(gateway.api, values.context);
            outputs = {
                ...outputs,
                routes: withClusterRoutes(outputs.routes, routesOfObjects(objects, gateway, outputs.credentials, port)),
            };
        }
        const routes = outputs.routes;
        const unknown = (values.host ?? []).filter((h) => !routes.some((r) => r.host === h));
        if (unknown.length)
            throw new Error(
                `--host ${unknown.join(", ")}: no such route host; routes: ${outputs.routes.map((r) => r.host).join(", ")}`,
            );
    } catch (error) {
        io.stderr(`${(error as Error).message}\n`);
        return 2;
    }
    // One gateway per data-plane cluster: each must serve every route, so each is checked in turn.
    const checked = [];
    for (const [i, target] of targets.entries()) {
        const results = await verifyIngress(target, outputs, {
            timeoutMs,
            caPem,
            clients,
            now: io.now ?? new Date(),
            ...(minDays !== undefined && { minDays }),
            hosts: values.host,
            onProgress: io.progress
                ? (done, total) => io.stderr(`\rchecking routes: ${done}/${total} done`)
                : undefined,
        });
        if (io.progress) io.stderr("\n");
        checked.push({ ingress: ingresses[i], results });
    }
    if (checked.length === 1) {
        const [{ results }] = checked;
        io.stdout(`${values.json ? formatJson(results) : formatTable(results)}\n`);
    } else if (values.json) {
        io.stdout(
            `[${checked.map((c) => `{"ingress":${JSON.stringify(c.ingress)},"results":${formatJson(c.results)}}`).join(",")}]\n`,
        );
    } else {
        io.stdout(`${checked.map((c) => `ingress ${c.ingress}\n${formatTable(c.results)}`).join("\n\n")}\n`);
    }
    return checked.every((c) => c.results.every((r) => r.ok)) ? 0 : 1;
}

/** --loaded: each gateway pod's loaded SDS secrets against the stack's credentials. */
function checkLoaded(
    values: { outputs?: string; stack?: string; selector?: string; pod?: string[]; context?: string; json?: boolean },
    io: Io,
): number {
    let results: LoadedResult[];
    try {
        const outputs = readOutputs(values.outputs, values.stack);
        const source = io.pods ?? kubectlPods(values.context);
        const namespace = outputs.credentials.find((c) => c.secretNamespace)?.secretNamespace ?? "istio-system";
        const selector = Object.fromEntries(
            (values.selector ?? "").split(",").map((pair) => pair.split("=").map((part) => part.trim())),
        );
        const pods = values.pod?.length ? values.pod : source.pods(namespace, selector);
        if (pods.length === 0) {
            throw new Error(`no gateway pod in ${namespace} with labels ${values.selector}: pass --selector or --pod`);
        }
        results = pods.flatMap((pod) => judgeLoaded(pod, source.dump(namespace, pod), outputs.credentials));
    } catch (error) {
        io.stderr(`${(error as Error).message.split("\n")[0]}\n`);
        return 2;
    }
    const { text, ok } = formatLoaded(results);
    io.stdout(`${values.json ? JSON.stringify({ ok, results }, null, 2) : text}\n`);
    return ok ? 0 : 1;
}

function checkIssuance(values: { outputs?: string; stack?: string; context?: string }, io: Io): number {
    let reports: IssuanceReport[];
    try {
        const outputs = readOutputs(values.outputs, values.stack);
        const read = io.issuance ?? kubectlIssuance(values.context);
        // The outputs' Certificates, and every other of this package's in their namespaces: after a failed
        // up, the Certificate that did not become Ready is not in the outputs yet.
        const managed = outputs.credentials
            .filter((credential) => credential.source === "cert-manager")
            .map((credential) => ({
                namespace: credential.secretNamespace ?? "istio-system",
                name: credential.secretName ?? credential.name,
            }));
        const namespaces = [...new Set(managed.map((credential) => credential.namespace))];
        reports = namespaces.flatMap((namespace) => {
            const objects = read(namespace);
            const names = new Set([
                ...managed
                    .filter((credential) => credential.namespace === namespace)
                    .map((credential) => credential.name),
                ...objects.certificates.filter(isManaged).map((certificate) => certificate.metadata.name),
            ]);
            return [...names].sort().map((name) => issuanceReport(name, objects));
        });
    } catch (error) {
        io.stderr(`${(error as Error).message.split("\n")[0]}\n`);
        return 2;
    }
    if (reports.length === 0) {
        io.stdout("no credential of this stack comes from cert-manager\n");
        return 0;
    }
    io.stdout(`${reports.flatMap((report) => report.lines).join("\n")}\n`);
    return reports.every((report) => report.ready) ? 0 : 1;
}

/** Runs the CLI in this process, with its arguments and terminal. */
export function run(): void {
    main(process.argv.slice(2), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        progress: process.stderr.isTTY === true,
    }).then((code) => (process.exitCode = code));
}
