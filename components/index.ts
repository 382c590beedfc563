export { SecureIngress, curlCheck } from "./secureIngress";
export type { BroughtCertificateInput, SecureIngressArgs, CredentialSummary, RouteSummary } from "./secureIngress";
export { CertificateAuthority } from "./pki/certificateAuthority";
export type { CertificateAuthorityArgs } from "./pki/certificateAuthority";
export { GatewayCredential, MANAGED_LABELS } from "./pki/gatewayCredential";
export { ClientCertificate } from "./pki/clientCertificate";
export type { ClientCertificateArgs } from "./pki/clientCertificate";
export type { BroughtSource, GatewayCredentialArgs, IssuedSource } from "./pki/gatewayCredential";
export { IngressGateway } from "./gateway/ingressGateway";
export type { IngressGatewayArgs } from "./gateway/ingressGateway";
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
