export { SecureIngress } from "./secureIngress";
export type { SecureIngressArgs, SecureIngressOptions } from "./secureIngress/args";
export { CertificateSource, curlCheck } from "./summaries";
export type { CredentialSummary, RouteSummary, SampleClient } from "./summaries";
export * from "./types";
export { CertificateAuthority } from "./pki/certificateAuthority";
export type { CertificateAuthorityArgs } from "./pki/certificateAuthority";
export { GatewayCredential, MANAGED_LABELS } from "./pki/gatewayCredential";
export { ClientCertificate } from "./pki/clientCertificate";
export type { ClientCertificateArgs } from "./pki/clientCertificate";
export type { ExistingSource, GatewayCredentialArgs, IssuedSource } from "./pki/gatewayCredential";
export { IstioGateway } from "./gateway/istioGateway";
export type { GatewayArgs } from "./gateway/istioGateway";
export { KubernetesGateway } from "./gateway/kubernetesGateway";
export { SampleBackends } from "./backends/sampleBackends";
export { AppRoutes, checkedRoutes } from "./appRoutes";
export type { AppRoutesArgs, DelegatedGateway, DelegationOutput } from "./appRoutes";
export { HostDelegation } from "./delegation/hostDelegation";
export type { DelegationSummary } from "./summaries";
export type { SampleBackendsArgs } from "./backends/sampleBackends";
export { ConfigError } from "../config/validation/problems";
export type { Problem } from "../config/validation/problems";
/** @deprecated Renamed ExistingCertificateConfig: the same type in args as in config. */
export type ExistingCertificateInput = import("./types").ExistingCertificateConfig;
/** @deprecated Renamed ExistingCertificateConfig (one name per concept: `existing`, as in config). */
export type BroughtCertificateInput = import("./types").ExistingCertificateConfig;
/** @deprecated Renamed GatewayArgs: IstioGateway's and KubernetesGateway's args. */
export type IngressGatewayArgs = import("./gateway/istioGateway").GatewayArgs;
/** @deprecated Renamed IstioGateway: in Istio, the ingress gateway is the Envoy workload this object configures. */
export { IstioGateway as IngressGateway } from "./gateway/istioGateway";
