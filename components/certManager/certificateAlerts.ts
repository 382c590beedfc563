// Alerts on the stack's cert-manager Certificates, from cert-manager's own metrics: one not Ready, and one
// whose renewal is overdue: still not renewed an hour past the renewal time cert-manager set for it (at that
// time a renewal only starts, so an alert then would fire on every renewal that takes minutes). Envoy's
// `server.days_until_first_cert_expiring` cannot serve here: it is the minimum over every certificate the
// proxy holds, its own 24-hour workload certificate included (docs/operations.md).

import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCertificate } from "../../config/resolved";
import { stackAnnotation } from "../ownership";

export interface CertificateAlertsArgs {
    /** The Certificates' namespace. */
    namespace: string;
    /** The certificates cert-manager issues (their `certManager` is set). */
    certificates: ResolvedCertificate[];
    labels?: Record<string, string>;
    forMinutes: number;
}

export class CertificateAlerts extends pulumi.ComponentResource {
    readonly rule: CustomResource;

    constructor(name: string, args: CertificateAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-gateway-tls:certManager:CertificateAlerts", name, {}, opts);
        this.rule = new CustomResource(
            `${name}-rule`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: { name, namespace: args.namespace, labels: args.labels, annotations: stackAnnotation() },
                spec: { groups: [{ name: "istio-gateway-tls-certificates", rules: certificateRules(args) }] },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

/** How long past its renewal time a Certificate may still be renewing before NotRenewed holds (then `for`). */
export const RENEWAL_GRACE_SECONDS = 3600;

/** Two alerts per certificate, selecting its Certificate by namespace and name. */
export function certificateRules({ namespace, certificates, forMinutes }: CertificateAlertsArgs) {
    return certificates.flatMap((cert) => {
        const selector = `namespace="${namespace}", name="${cert.secretName}"`;
        const labels = { severity: "warning", certificate: cert.name };
        return [
            {
                alert: "IstioGatewayTlsCertificateNotReady",
                expr: `max by (namespace, name) (certmanager_certificate_ready_status{${selector}, condition!="True"}) == 1`,
                for: `${forMinutes}m`,
                labels,
                annotations: {
                    summary: `cert-manager Certificate ${namespace}/${cert.secretName} is not Ready`,
                    description:
                        "kubectl describe certificate gives cert-manager's reason; the gateway keeps serving the Secret's current certificate.",
                },
            },
            {
                alert: "IstioGatewayTlsCertificateNotRenewed",
                expr: `time() - certmanager_certificate_renewal_timestamp_seconds{${selector}} > ${RENEWAL_GRACE_SECONDS}`,
                for: `${forMinutes}m`,
                labels,
                annotations: {
                    summary: `cert-manager Certificate ${namespace}/${cert.secretName} is overdue for renewal`,
                    description:
                        "Its renewal time (renewBeforeDays before expiry) passed over an hour ago and it was not renewed; kubectl describe certificate and its CertificateRequests give cert-manager's reason.",
                },
            },
        ];
    });
}
