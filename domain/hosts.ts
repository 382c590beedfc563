// Host names and Kubernetes names: what is valid, and which certificate host covers which route host.

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

/** Why `host` is not a usable SNI host / DNS SAN, or undefined when it is. */
export function hostProblem(host: string): string | undefined {
    if (host.length === 0) return "is empty";
    if (host.length > 253) return `is ${host.length} characters long; a DNS name has at most 253`;
    if (host.endsWith(".")) return "ends with a dot; SNI and SANs carry names without the root dot";
    if (host !== host.toLowerCase()) return "has uppercase letters; hosts are matched in lowercase";
    const labels = host.split(".");
    for (let i = 0; i < labels.length; i++) {
        const label = labels[i];
        if (label.includes("*")) {
            if (i > 0 || label !== "*") return "has a wildcard that is not the whole leftmost label";
            if (labels.length < 3) return "is a wildcard over a top-level domain or less";
            continue;
        }
        if (!LABEL.test(label)) {
            return `has the label "${label}", which is not RFC 1123 (a-z, 0-9 and inner "-", at most 63 characters)`;
        }
    }
    return undefined;
}

/** Whether a certificate host (SAN) covers a requested host, as TLS clients match: `*` spans one label. */
export function hostCovers(certificateHost: string, host: string): boolean {
    if (certificateHost === host) return true;
    if (!certificateHost.startsWith("*.") || host.startsWith("*.")) return false;
    const dot = host.indexOf(".");
    return dot > 0 && host.slice(dot + 1) === certificateHost.slice(2);
}

/** The certificate hosts that could cover `host`: itself, and the wildcard over its parent. Keeps lookups O(1). */
export function coveringCandidates(host: string): string[] {
    const dot = host.indexOf(".");
    if (host.startsWith("*.") || dot <= 0) return [host];
    return [host, `*${host.slice(dot)}`];
}

/** Why `name` is not a DNS-1123 subdomain (Secret, Gateway, VirtualService names), or undefined. */
export function subdomainProblem(name: string): string | undefined {
    if (name.length === 0) return "is empty";
    if (name.length > 253) return `is ${name.length} characters long; at most 253 are allowed`;
    if (!SUBDOMAIN.test(name) || name.split(".").some((label) => label.length === 0)) {
        return "is not a DNS-1123 subdomain (lowercase a-z, 0-9, '-' and '.', starting and ending alphanumeric)";
    }
    return undefined;
}

/** Why `name` is not a DNS-1123 label (namespace names), or undefined. */
export function labelProblem(name: string): string | undefined {
    if (name.length === 0) return "is empty";
    if (name.length > 63) return `is ${name.length} characters long; at most 63 are allowed`;
    if (!LABEL.test(name))
        return "is not a DNS-1123 label (lowercase a-z, 0-9 and '-', starting and ending alphanumeric)";
    return undefined;
}

/** A lowercase DNS-1123 form of any text, for suggesting a fix. */
export function toKubernetesName(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, "-")
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "")
        .slice(0, 253);
}

/** The name of the route object (VirtualService or HTTPRoute) of a routed host: the host itself, with a wildcard label spelled `wildcard`. */
export function routeObjectName(host: string): string {
    return host.replace(/^\*\./, "wildcard.");
}

/** The host a check requests for a route host: a wildcard route is probed as `www.` under it. */
export function probeHostOf(host: string): string {
    return host.replace(/^\*\./, "www.");
}

const SERVICE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Why a route destination is refused at apply time, or undefined: a short name must be a Kubernetes Service
 * name (a DNS-1035 label), and a fully qualified host must be a DNS name without a wildcard, as Istio's
 * VirtualService validation requires of a destination host.
 */
export function serviceProblem(service: string): string | undefined {
    if (service === "") return undefined; // reported as empty on its own
    if (!service.includes(".")) {
        return SERVICE_NAME.test(service)
            ? undefined
            : "is not a Service name (lowercase a-z, 0-9 and inner '-', starting with a letter, at most 63 characters), so Istio would refuse it as a destination host";
    }
    const found = service.includes("*") ? "has a wildcard" : hostProblem(service);
    return found === undefined ? undefined : `is not a destination host Istio accepts: it ${found}`;
}
