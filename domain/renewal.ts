// When a generated certificate is re-issued. The program cannot read when the certificate in state was
// issued, so renewal runs on a fixed calendar: every (validityDays - renewBeforeDays) days counted from
// RENEWAL_EPOCH. A certificate issued at any time is re-issued at the next boundary, at most that many days
// later, so it never has fewer than renewBeforeDays left when `pulumi up` runs after the boundary. Between
// boundaries the value is constant, so previews stay quiet.

export const DAY_MS = 24 * 60 * 60 * 1000;
export const RENEWAL_EPOCH = new Date(Date.UTC(2020, 0, 1));

function periodMs(validityDays: number, renewBeforeDays: number): number {
    return (validityDays - renewBeforeDays) * DAY_MS;
}

/** The renewal period `now` falls in; a change of it re-issues the certificate. */
export function renewalGeneration(validityDays: number, renewBeforeDays: number, now: Date): number {
    return Math.floor((now.getTime() - RENEWAL_EPOCH.getTime()) / periodMs(validityDays, renewBeforeDays));
}

/** The first instant of the next renewal period: the first `pulumi up` from then on re-issues. */
export function nextRenewal(validityDays: number, renewBeforeDays: number, now: Date): Date {
    const generation = renewalGeneration(validityDays, renewBeforeDays, now);
    return new Date(RENEWAL_EPOCH.getTime() + (generation + 1) * periodMs(validityDays, renewBeforeDays));
}

/** Whole days from `now` until `notAfter` (negative once expired). */
export function daysRemaining(notAfter: string | Date, now: Date): number {
    return Math.floor((new Date(notAfter).getTime() - now.getTime()) / DAY_MS);
}

/** The key's replacement trigger: a new value means a new key, CSR, certificate and secret data. */
export function issuanceTrigger(rotation: string | undefined, generation: number): string {
    return `rotation=${rotation ?? "none"};renewal=${generation}`;
}
