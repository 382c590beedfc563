// Why a cert-manager certificate is not Ready, in cert-manager's own words: the Certificate's Ready
// condition, then its newest CertificateRequest's, then that request's ACME Order and Challenges, found
// through their owner references. An `up` that waited out a Certificate's timeout only says "Ready=False";
// `npm run verify -- --issuance` says why.

import { execFileSync } from "node:child_process";
import { MANAGED_LABELS } from "../components/pki/gatewayCredential";

/** The cert-manager objects of a namespace, as `kubectl get -o json` lists them. */
export interface IssuanceObjects {
    certificates: KubeObject[];
    certificaterequests: KubeObject[];
    orders: KubeObject[];
    challenges: KubeObject[];
}

interface Condition {
    type: string;
    status: string;
    reason?: string;
    message?: string;
}

export interface KubeObject {
    metadata: {
        name: string;
        namespace?: string;
        creationTimestamp?: string;
        annotations?: Record<string, string>;
        labels?: Record<string, string>;
        ownerReferences?: { kind: string; name: string }[];
    };
    spec?: { dnsName?: string };
    status?: { conditions?: Condition[]; state?: string; reason?: string };
}

export interface IssuanceReport {
    certificate: string;
    ready: boolean;
    /** From the Certificate down to its Challenges, one line each. */
    lines: string[];
}

/** Whether an object carries this package's label (MANAGED_LABELS), as its Certificates do. */
export const isManaged = (object: KubeObject) => object.metadata.labels?.[PART_OF] === MANAGED_LABELS[PART_OF];

const PART_OF = "app.kubernetes.io/part-of";

const ownedBy = (owner: KubeObject) => (object: KubeObject) =>
    object.metadata.ownerReferences?.some((ref) => ref.name === owner.metadata.name) === true;

const readyOf = (object: KubeObject) => object.status?.conditions?.find((condition) => condition.type === "Ready");

const said = (condition: Condition | undefined) =>
    condition === undefined
        ? "no Ready condition yet"
        : `Ready=${condition.status} (${condition.reason ?? "no reason"}): ${condition.message ?? ""}`.trim();

/** The report of the Certificate named `name` (the credential's Secret name). */
export function issuanceReport(name: string, objects: IssuanceObjects): IssuanceReport {
    const certificate = objects.certificates.find((object) => object.metadata.name === name);
    if (certificate === undefined) {
        return { certificate: name, ready: false, lines: [`Certificate ${name}: not found in the namespace`] };
    }
    const ready = readyOf(certificate)?.status === "True";
    const lines = [`Certificate ${name}: ${said(readyOf(certificate))}`];
    if (ready) return { certificate: name, ready, lines };
    const revision = (object: KubeObject) =>
        Number(object.metadata.annotations?.["cert-manager.io/certificate-revision"] ?? 0);
    const [request] = objects.certificaterequests
        .filter(ownedBy(certificate))
        .sort((a, b) => revision(b) - revision(a));
    if (request === undefined) return { certificate: name, ready, lines: [...lines, "  no CertificateRequest yet"] };
    lines.push(`  CertificateRequest ${request.metadata.name}: ${said(readyOf(request))}`);
    for (const order of objects.orders.filter(ownedBy(request))) {
        lines.push(
            `    Order ${order.metadata.name}: ${order.status?.state ?? "no state"}${order.status?.reason ? `: ${order.status.reason}` : ""}`,
        );
        for (const challenge of objects.challenges.filter(ownedBy(order))) {
            const { state = "no state", reason } = challenge.status ?? {};
            lines.push(
                `      Challenge ${challenge.spec?.dnsName ?? challenge.metadata.name}: ${state}${reason ? `: ${reason}` : ""}`,
            );
        }
    }
    return { certificate: name, ready, lines };
}

const KINDS = {
    certificates: "certificates.cert-manager.io",
    certificaterequests: "certificaterequests.cert-manager.io",
    orders: "orders.acme.cert-manager.io",
    challenges: "challenges.acme.cert-manager.io",
} as const;

/** A namespace's cert-manager objects through kubectl (the ACME kinds are empty where cert-manager has no ACME CRDs). */
export function kubectlIssuance(context?: string): (namespace: string) => IssuanceObjects {
    const list = (kind: string, namespace: string): KubeObject[] => {
        const args = [...(context ? ["--context", context] : []), "get", kind, "-n", namespace, "-o", "json"];
        return JSON.parse(
            execFileSync("kubectl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 }),
        ).items;
    };
    return (namespace) =>
        Object.fromEntries(
            Object.entries(KINDS).map(([key, kind]) => [key, list(kind, namespace)]),
        ) as unknown as IssuanceObjects;
}
