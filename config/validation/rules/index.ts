// Rules of Istio, ASM and TLS on config values whose shape is right, across the whole config, one module per
// concern. Each takes the readable part of a config (shape.ts) and returns its problems; every part that is
// there is checked, so one run reports every independent mistake. Pure functions.

import type { Problem } from "../problems";
import type { ReadableConfig } from "../readable";
import { certManagerProblems } from "./certManager";
import { certificateProblems } from "./certificates";
import { gatewayApiProblems, gatewayProblems } from "./gateway";
import { coverageProblems, hostOwnership } from "./hosts";
import { delegationProblems } from "./delegations";
import { dataPlaneProblems, planeProblems } from "./planes";
import { clusterDomainProblems, routeProblems, sampleAppsProblems } from "./routes";

/** Every rule's problems for the readable part of a config, as of `now` (brought certificates' expiry). */
export function checkConfigRules(config: ReadableConfig, now: Date = new Date()): Problem[] {
    const gateway = config.gateway ?? {};
    const certificates = config.certificates ?? [];
    const routes = config.routes ?? [];
    // Which certificate lists which host: its problems, and then the index that coverage is judged on.
    const hosts = hostOwnership(certificates);
    return [
        ...gatewayProblems(gateway),
        ...gatewayApiProblems(config),
        ...planeProblems(config),
        ...dataPlaneProblems(config),
        ...sampleAppsProblems(config.sampleApps ?? {}),
        ...certificateProblems(certificates, gateway, now),
        ...certManagerProblems(config),
        ...hosts.problems,
        ...routeProblems(routes),
        ...clusterDomainProblems(config.clusterDomain),
        ...delegationProblems(config),
        ...coverageProblems(routes, config.certificates, hosts.owners),
    ];
}
