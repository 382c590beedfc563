// The istio-gateway-tls program: one SecureIngress built from this stack's config.
import { SecureIngress } from "./components";
import { readProjectConfig } from "./stacks/load";
import { IngressConfig } from "./stacks/schema";

// The component validates the config before registering anything, and reports every problem at once.
const ingress = new SecureIngress("ingress", readProjectConfig() as unknown as IngressConfig);

/** Per credential: secret name and namespace, hosts, expiry, fingerprint and CA certificate. No key material. */
export const credentials = ingress.credentialSummaries;
/** Per routed path: host, path, covering credential and a curl check. */
export const routes = ingress.routeSummaries;
/** The Gateway that VirtualServices bind to, as `<namespace>/<name>`. */
export const gateway = `${ingress.config.gateway.namespace}/${ingress.config.gateway.name}`;
