// The two roots of the model: the stack file (everything under `istio-gateway-tls:*`) and SecureIngress's
// args. Both hold the ingress and the clusters; only the stack file holds the program-only keys. Each concern's
// fields are declared in its own file; the types derived here are the values as given ("Plain", because the
// component's generated args types of the same concept, components/types.ts, take Inputs).

import { alerts, certManager, issuer } from "./certManager";
import { certificate, clientCa, type existing, type subject } from "./certificates";
import { type TypeOf, list, object, string } from "./fields";
import { gateway } from "./gateway";
import { delegation, delegations } from "./delegations";
import { type controlPlane, type dataPlane, PLANES } from "./planes";
import { clusterDomain, route, sampleApps } from "./routes";

/** The ingress: the gateway, its credentials, routes and backends; what resolution and the rules judge. */
const INGRESS_FIELDS = {
    gateway,
    certificates: list(certificate, {
        doc: "Credentials served by the gateway, one HTTPS server each.",
        example: () =>
            "pulumi config set --path 'certificates[0].name' my-credential && " +
            "pulumi config set --path 'certificates[0].hosts[0]' '*.example.com'",
    }),
    routes: list(route, { doc: "Host routes, one VirtualService (or HTTPRoute) per host." }),
    clusterDomain,
    delegations,
    sampleApps,
    issuers: list(issuer, {
        doc: "cert-manager issuers the stack makes, named by certificates' `certManager.issuer`.",
    }),
    alerts,
};

/** Keys only the program (index.ts) reads: it turns them into providers. SecureIngress refuses them. */
export const PROGRAM_ONLY_FIELDS = {
    renderDir: string({
        doc: "Write Kubernetes manifests to this folder instead of applying them (GitOps); Secrets are written in plaintext.",
    }),
};

/** Root of the stack file: the stack config under `istio-gateway-tls:*`. */
export const STACK_FILE_MODEL = object(
    { ...INGRESS_FIELDS, ...PROGRAM_ONLY_FIELDS, ...PLANES },
    { doc: "The stack config under `istio-gateway-tls:*`.", required: ["certificates"] },
);

/** Root of SecureIngress's args: the ingress, and the API servers its objects go to. */
export const COMPONENT_ARGS_MODEL = object(
    { ...INGRESS_FIELDS, ...PLANES },
    {
        name: "SecureIngressConfig",
        doc: "Everything SecureIngress takes from config: the ingress, and the API server its Istio objects go to.",
        required: ["certificates"],
    },
);

/** The declarations of the entries that resolution and the rules walk. */
export const MODELS = {
    clusterDomain,
    delegation,
    gateway,
    certificate,
    clientCa,
    route,
    sampleApps,
    certManager,
    issuer,
    alerts,
} as const;

type ProgramKey = keyof typeof PROGRAM_ONLY_FIELDS | keyof typeof PLANES;
export type PlainStackFileConfig = TypeOf<typeof STACK_FILE_MODEL>;
/** The ingress part of a stack file. */
export type PlainIngressConfig = Omit<PlainStackFileConfig, ProgramKey>;
/** The program's part of a stack file: its own keys and the clusters. */
export type PlainProgramConfig = Pick<PlainStackFileConfig, ProgramKey>;
export type PlainSecureIngressConfig = TypeOf<typeof COMPONENT_ARGS_MODEL>;
export type PlainGatewayConfig = TypeOf<typeof gateway>;
export type PlainSubjectConfig = TypeOf<typeof subject>;
export type PlainCertificateConfig = TypeOf<typeof certificate>;
export type PlainExistingCertificateConfig = TypeOf<typeof existing>;
export type PlainCertManagerConfig = TypeOf<typeof certManager>;
export type PlainIssuerConfig = TypeOf<typeof issuer>;
export type PlainRouteConfig = TypeOf<typeof route>;
export type PlainSampleAppsConfig = TypeOf<typeof sampleApps>;
export type PlainControlPlaneConfig = TypeOf<typeof controlPlane>;
export type PlainDataPlaneConfig = TypeOf<typeof dataPlane>;
export type PlainDelegationConfig = TypeOf<typeof delegation>;
