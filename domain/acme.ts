// Which ACME challenge cert-manager answers a host with: the rule that refuses what cannot succeed and the
// gateway that opens port 80 for what can both read it here.

interface SolverLike {
    readonly dnsZones?: readonly (string | undefined)[];
    readonly dns01?: unknown;
    readonly http01?: unknown;
}

/** The solvers cert-manager would pick for a host: those whose dnsZones match it, else those without zones. */
export function solversFor<S extends SolverLike>(host: string, solvers: readonly S[]): S[] {
    const name = host.replace(/^\*\./, "");
    const zoned = solvers.filter((solver) =>
        (solver.dnsZones ?? []).some((zone) => zone !== undefined && (name === zone || name.endsWith(`.${zone}`))),
    );
    return zoned.length > 0 ? zoned : solvers.filter((solver) => solver.dnsZones === undefined);
}

/** Whether a host's challenge is answered over HTTP on port 80: solvers apply, and none of them is DNS-01. */
export function answersHttp01(host: string, solvers: readonly SolverLike[]): boolean {
    const applying = solversFor(host, solvers);
    return applying.length > 0 && !applying.some((solver) => solver.dns01 !== undefined);
}
