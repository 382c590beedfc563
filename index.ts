// The istio-gateway-tls program: one SecureIngress built from this stack's config.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SecureIngress } from "./components";
import { readProjectConfig } from "./stacks/load";
import { IngressConfig, ProgramConfig } from "./stacks/schema";
import { resolveIngressConfig } from "./stacks/validate";

const now = new Date();
const stackConfig = readProjectConfig() as unknown as IngressConfig & ProgramConfig;
// Bad config fails here, listing every problem, before anything (the provider included) is registered.
resolveIngressConfig(stackConfig, now);
const { renderDir, ...ingressConfig } = stackConfig;

// An explicit provider, so that a renewed certificate updates its secret in place instead of the default
// delete-then-create of a Secret whose data changed, which would leave the gateway without a credential.
// An explicit provider does not read `kubernetes:*` stack config by itself, so pass the usual keys on.
const kubernetesConfig = new pulumi.Config("kubernetes");
const kubernetes = new k8s.Provider("kubernetes", {
    enableSecretMutable: true,
    context: kubernetesConfig.get("context"),
    kubeconfig: kubernetesConfig.get("kubeconfig"),
    ...(renderDir !== undefined && { renderYamlToDirectory: renderDir }),
});
if (renderDir !== undefined) {
    pulumi.log.warn(
        `renderDir is set: manifests are written to ${renderDir}/ instead of being applied, and the credential ` +
            "Secrets in them are PLAINTEXT (tls.key included). Keep that folder out of git and treat it as secret.",
    );
}

const ingress = new SecureIngress("ingress", { ...ingressConfig, now }, { providers: { kubernetes } });

/** Per credential: secret name and namespace, hosts, expiry, fingerprint and CA certificate. No key material. */
export const credentials = ingress.credentialSummaries;
/** Per routed path: host, path, covering credential and a curl check. */
export const routes = ingress.routeSummaries;
/** Sample client certificates and keys of MUTUAL credentials, by certificate name. A secret: `--show-secrets`. */
export const sampleClients = ingress.sampleClients;
/** The Gateway that VirtualServices bind to, as `<namespace>/<name>`. */
export const gateway = `${ingress.config.gateway.namespace}/${ingress.config.gateway.name}`;
