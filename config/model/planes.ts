// The clusters of the mesh: where the Istio objects go (a control plane, as ASM's), and every cluster that
// runs an ingress gateway.

import { list, object, string } from "./fields";

export const controlPlane = object(
    {
        kubeconfig: string({
            doc: "Kubeconfig of the control plane (ASM console, connection details); set it with `--secret`.",
            input: true,
        }),
        context: string({ doc: "Context to use, in `kubeconfig` or in the default kubeconfig." }),
    },
    {
        name: "ControlPlaneConfig",
        doc:
            "A separate API server for the Istio objects (ASM's \"two API servers\", or an external istiod's " +
            "cluster): the Gateway and the VirtualServices go there; Secrets and workloads stay on the data plane.",
    },
);

export const dataPlane = object(
    {
        name: string({
            doc: "A stable name for the cluster, used in resource names and outputs: a DNS label such as `hangzhou`.",
            example: (at: string) => `pulumi config set --path '${at}.name' hangzhou`,
        }),
        kubeconfig: string({ doc: "Kubeconfig of the cluster; set it with `--secret`.", input: true }),
        context: string({ doc: "Context to use, in `kubeconfig` or in the default kubeconfig." }),
    },
    {
        name: "DataPlaneConfig",
        doc: "One data-plane cluster: it gets every credential Secret, and without a control plane, the Istio objects.",
        required: ["name"],
    },
);

/** The clusters of the mesh: where the Istio objects go, and every cluster that runs an ingress gateway. */
export const PLANES = {
    controlPlane,
    dataPlanes: list(dataPlane, {
        doc:
            "Every cluster that runs an ingress gateway; each gets every credential Secret. Without `controlPlane` " +
            "(Istio multi-primary) each also gets the Gateway and routes. Unset: the one cluster of `kubernetes:*`.",
        example: () =>
            "pulumi config set --path 'dataPlanes[0].name' hangzhou && pulumi config set --path 'dataPlanes[0].context' hangzhou",
    }),
};
