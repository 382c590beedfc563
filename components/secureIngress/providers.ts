// The one place a cluster's Kubernetes provider is made, for the program (index.ts) and the component alike.

import { Provider } from "@pulumi/kubernetes/provider";
import type * as pulumi from "@pulumi/pulumi";

/** How to reach a cluster: its kubeconfig and context, or a folder to render manifests into instead. */
export interface ClusterTarget {
    readonly kubeconfig?: pulumi.Input<string>;
    readonly context?: string;
    /** Write manifests here instead of applying them (render mode). */
    readonly renderDir?: string;
    /** Whether the stack's Secrets go to this cluster: not the control plane's, which holds only Istio objects. */
    readonly holdsSecrets: boolean;
}

/**
 * A cluster's provider. `enableSecretMutable`: a renewed certificate updates its Secret in place, instead of
 * the default delete-then-create of a Secret whose data changed, which would leave the gateway without a
 * credential. In render mode the provider refuses a kubeconfig beside renderYamlToDirectory, and its SDK
 * fills an unset kubeconfig from $KUBECONFIG: "" keeps it unset.
 */
export function clusterProvider(name: string, target: ClusterTarget, opts: pulumi.CustomResourceOptions): Provider {
    const reach =
        target.renderDir === undefined
            ? { kubeconfig: target.kubeconfig, context: target.context }
            : { renderYamlToDirectory: target.renderDir, kubeconfig: "" };
    return new Provider(name, { ...(target.holdsSecrets && { enableSecretMutable: true }), ...reach }, opts);
}
