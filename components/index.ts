export { SecureIngress, curlCheck } from "./secureIngress";
export type { ExistingCertificateInput, SecureIngressArgs, CredentialSummary, RouteSummary } from "./secureIngress";
export { CertificateAuthority } from "./pki/certificateAuthority";
export type { CertificateAuthorityArgs } from "./pki/certificateAuthority";
export { GatewayCredential, MANAGED_LABELS } from "./pki/gatewayCredential";
export { ClientCertificate } from "./pki/clientCertificate";
export type { ClientCertificateArgs } from "./pki/clientCertificate";
export type { ExistingSource, GatewayCredentialArgs, IssuedSource } from "./pki/gatewayCredential";
export { IngressGateway } from "./gateway/ingressGateway";
export type { GatewayArgs } from "./gateway/ingressGateway";
export { KubernetesGateway } from "./gateway/kubernetesGateway";
export { SampleBackends } from "./backends/sampleBackends";
export type { SampleBackendsArgs } from "./backends/sampleBackends";
export { ConfigError } from "../config/validation/problems";
export type { Problem } from "../config/validation/problems";
export type {
    CaConfig,
    CertificateConfig,
    ClientCaConfig,
    ExistingCertificateConfig,
    GatewayConfig,
    IngressConfig,
    RouteConfig,
    RouteExpectation,
    SampleAppsConfig,
    SubjectConfig,
} from "../config/model/stack";
/** @deprecated Renamed ExistingCertificateInput (one name per concept: `existing`, as in config). */
export type BroughtCertificateInput = import("./secureIngress").ExistingCertificateInput;
/** @deprecated Renamed GatewayArgs: IstioGateway's and KubernetesGateway's args. */
export type IngressGatewayArgs = import("./gateway/ingressGateway").GatewayArgs;
