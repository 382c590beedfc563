// The istio-gateway-tls program: one SecureIngress built from this stack's config.
// It is exported as a function, as Automation API inline programs are: Pulumi runs it and takes what it
// returns as the stack's outputs, and tests run it under mocks many times in one process.
import * as pulumi from "@pulumi/pulumi";
import { SecureIngress } from "./components";
import { clusterProvider } from "./components/secureIngress/providers";
import { programClock, readProjectConfig } from "./config/load";
import { parseStackConfig } from "./config/resolve";
import { delegationSummary } from "./components/summaries";

/**
 * The program. Pulumi calls it with no argument; tests pass resource transformations (the supported way to
 * see a resource's options under mocks), which every resource it creates carries on to its children.
 */
export = async function istioGatewayTls(options: Pick<pulumi.ResourceOptions, "transformations"> = {}) {
    const now = programClock();
    // Bad config fails here, listing every problem, before anything (the provider included) is registered.
    const { program, ingress: ingressConfig, resolved } = parseStackConfig(readProjectConfig(), now);
    const { renderDir, controlPlane } = program;
    // Render mode writes manifests instead of reaching a cluster. With a separate control plane or several
    // data planes, each plane renders into its own folder, for a GitOps tool per cluster.
    const separate = controlPlane !== undefined || ingressConfig.dataPlanes !== undefined;
    const render = (plane: string) => renderDir && (separate ? `${renderDir}/${plane}` : renderDir);
    const secret = (kubeconfig: string | undefined) =>
        kubeconfig === undefined ? undefined : pulumi.secret(kubeconfig);

    // An explicit provider (a renewed certificate then updates its Secret in place, see clusterProvider),
    // which does not read `kubernetes:*` stack config by itself, so the usual keys are passed on.
    const kubernetesConfig = new pulumi.Config("kubernetes");
    const kubernetes = clusterProvider(
        "kubernetes",
        {
            context: kubernetesConfig.get("context"),
            kubeconfig: kubernetesConfig.get("kubeconfig"),
            renderDir: render("data-plane"),
            holdsSecrets: true,
        },
        options,
    );
    // ASM (and an external istiod) keep Istio objects on the mesh control plane's API server.
    const controlPlaneProvider =
        controlPlane &&
        clusterProvider(
            "control-plane",
            {
                context: controlPlane.context,
                kubeconfig: secret(controlPlane.kubeconfig),
                renderDir: render("control-plane"),
                holdsSecrets: false,
            },
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
                clusterProvider(
                    `data-plane-${plane.name}`,
                    {
                        context: plane.context,
                        kubeconfig: secret(plane.kubeconfig),
                        renderDir: render(`data-plane-${plane.name}`),
                        holdsSecrets: true,
                    },
                    options,
                ),
            ]),
        );
    const ingress = new SecureIngress(
        "ingress",
        { ...ingressConfig, now: now.toISOString(), labelSampleNamespace: renderDir === undefined },
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
        /** With delegations: the Gateway and the hosts delegated to each namespace, for the teams' AppRoutes. */
        ...(resolved.delegations.length > 0 && {
            delegations: delegationSummary(resolved.gateway, resolved.delegations),
        }),
    };
};
