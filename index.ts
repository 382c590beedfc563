// The istio-gateway-tls program: one SecureIngress built from this stack's config.
// It is exported as a function, as Automation API inline programs are: Pulumi runs it and takes what it
// returns as the stack's outputs, and tests run it under mocks many times in one process.
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { SecureIngress, type SecureIngressArgs } from "./components";
import { programClock, readProjectConfig } from "./config/load";
import type { PlainSecureIngressConfig } from "./config/model/stack";
import { parseStackConfig } from "./config/resolve";

/**
 * The program. Pulumi calls it with no argument; tests pass resource transformations (the supported way to
 * see a resource's options under mocks), which every resource it creates carries on to its children.
 */
export = async function istioGatewayTls(options: Pick<pulumi.ResourceOptions, "transformations"> = {}) {
    const now = programClock();
    // Bad config fails here, listing every problem, before anything (the provider included) is registered.
    const { program, ingress: ingressConfig } = parseStackConfig(readProjectConfig(), now);
    const { renderDir, controlPlane } = program;
    // Render mode writes manifests instead of reaching a cluster. With a separate control plane, each plane
    // renders into its own folder, for a GitOps tool per cluster. The provider refuses a kubeconfig beside
    // renderYamlToDirectory, and its SDK fills an unset kubeconfig from $KUBECONFIG: "" keeps it unset.
    const separate = controlPlane !== undefined || ingressConfig.dataPlanes !== undefined;
    const target = (plane: string, context?: string, kubeconfig?: pulumi.Input<string>) =>
        renderDir === undefined
            ? { context, kubeconfig }
            : { renderYamlToDirectory: separate ? `${renderDir}/${plane}` : renderDir, kubeconfig: "" };

    // An explicit provider, so that a renewed certificate updates its secret in place instead of the default
    // delete-then-create of a Secret whose data changed, which would leave the gateway without a credential.
    // An explicit provider does not read `kubernetes:*` stack config by itself, so pass the usual keys on.
    const kubernetesConfig = new pulumi.Config("kubernetes");
    const kubernetes = new Provider(
        "kubernetes",
        {
            enableSecretMutable: true,
            ...target("data-plane", kubernetesConfig.get("context"), kubernetesConfig.get("kubeconfig")),
        },
        options,
    );
    // ASM (and an external istiod) keep Istio objects on the mesh control plane's API server.
    const controlPlaneProvider =
        controlPlane &&
        new Provider(
            "control-plane",
            target(
                "control-plane",
                controlPlane.context,
                controlPlane.kubeconfig === undefined ? undefined : pulumi.secret(controlPlane.kubeconfig),
            ),
            options,
        );
    if (renderDir !== undefined) {
        pulumi.log.warn(
            `renderDir is set: manifests are written to ${renderDir}/ instead of being applied, and the credential ` +
                "Secrets in them are PLAINTEXT (tls.key included). Keep that folder out of git and treat it as secret.",
        );
        if (ingressConfig.sampleApps?.enabled) {
            // A rendered namespace patch would be a whole Namespace manifest that the GitOps tool would own.
            const namespace = ingressConfig.sampleApps.namespace ?? "default";
            pulumi.log.warn(
                `render mode does not label namespace ${namespace} for sidecar injection: kubectl label namespace ${namespace} istio-injection=enabled`,
            );
        }
    }

    // Several data planes: one provider each, named after the cluster; each gets every credential Secret.
    const dataPlaneProviders =
        ingressConfig.dataPlanes &&
        Object.fromEntries(
            ingressConfig.dataPlanes.map((plane) => [
                plane.name,
                new Provider(
                    `data-plane-${plane.name}`,
                    {
                        enableSecretMutable: true,
                        ...target(
                            `data-plane-${plane.name}`,
                            plane.context,
                            plane.kubeconfig === undefined ? undefined : pulumi.secret(plane.kubeconfig),
                        ),
                    },
                    options,
                ),
            ]),
        );
    const ingress = new SecureIngress(
        "ingress",
        { ...componentArgs(ingressConfig), now: now.toISOString(), labelSampleNamespace: renderDir === undefined },
        { ...options, providers: { kubernetes }, controlPlaneProvider, dataPlaneProviders },
    );

    return {
        /** Per credential: secret name and namespace, hosts, expiry, fingerprint and CA certificate. No key material. */
        credentials: ingress.credentialSummaries,
        /** Per routed path: host, path, covering credential and a curl check. */
        routes: ingress.routeSummaries,
        /** Sample client certificates and keys of MUTUAL credentials, by certificate name. A secret: `--show-secrets`. */
        sampleClients: ingress.sampleClients,
        /** The Gateway that VirtualServices bind to, as `<namespace>/<name>`. */
        gateway: ingress.gateway.apply((gateway) => `${gateway.namespace}/${gateway.name}`),
    };
};

/** Stack config as component args: a rotation label set as a number in YAML is passed as its decimal string. */
function componentArgs(config: Omit<PlainSecureIngressConfig, "controlPlane">): SecureIngressArgs {
    const certificates = config.certificates.map((cert) =>
        typeof cert.rotation === "number" ? { ...cert, rotation: String(cert.rotation) } : cert,
    );
    // A spread keeps the resolution parseStackConfig attached, so the component does not validate again.
    return { ...config, certificates } as SecureIngressArgs;
}
