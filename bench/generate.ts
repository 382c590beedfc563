// Stack config for H route hosts spread over D = max(1, H/50) wildcard certificates.

import type { PlainIngressConfig } from "../config/model/stack";

const HOSTS_PER_CERTIFICATE = 50;

export function certificateCount(hosts: number): number {
    return Math.max(1, Math.floor(hosts / HOSTS_PER_CERTIFICATE));
}

/** H routes `h<j>.d<k>.bench.example`, each under the wildcard certificate `*.d<k>.bench.example`. */
export function generateConfig(hosts: number): PlainIngressConfig {
    const domains = certificateCount(hosts);
    return {
        gateway: { name: "bench-gateway", namespace: "bench", workloadNamespace: "istio-system" },
        certificates: Array.from({ length: domains }, (_, k) => ({
            name: `bench-d${k}`,
            hosts: [`*.d${k}.bench.example`],
        })),
        routes: Array.from({ length: hosts }, (_, j) => ({
            host: `h${j}.d${j % domains}.bench.example`,
            service: `svc-${j % 7}`,
            namespace: "bench",
            port: 8080,
        })),
    };
}
