// The credentials of one certificate entry: its root CA, its server credential(s) on every data plane, and
// its client CA with an optional sample client. An `external` entry has none: its Secret is managed elsewhere.

import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedCertificate, ResolvedClientCa, ResolvedGateway } from "../../config/resolved";
import { secondaryAlgorithm } from "../../domain/keys";
import { issuanceTrigger, renewalGeneration } from "../../domain/renewal";
import { credentialNamespace, secondarySuffix } from "../../domain/secretNames";
import { CertManagerCredential } from "../certManager/certManagerCredential";
import { CertificateAuthority } from "../pki/certificateAuthority";
import { ClientCertificate } from "../pki/clientCertificate";
import { type DataPlaneTarget, GatewayCredential } from "../pki/gatewayCredential";
import type { ExistingCertificateConfig } from "../types";

export interface CertificateResources {
    /** With certManager: the Certificate cert-manager issues into the credential's Secret. */
    managed?: CertManagerCredential;
    authority?: CertificateAuthority;
    credential?: GatewayCredential;
    secondary?: GatewayCredential;
    clientAuthority?: CertificateAuthority;
    sampleClient?: ClientCertificate;
}

/** Where and when one entry's credentials are made. */
export interface CredentialContext {
    readonly parent: pulumi.Resource;
    readonly now: Date;
    readonly gateway: ResolvedGateway;
    /** With several data planes: each gets the Secret. */
    readonly planes?: DataPlaneTarget[];
    /** The issuers the stack makes, by name: a Certificate that names one waits for it. */
    readonly issuers?: Record<string, pulumi.Resource>;
}

/** The CA, server credential(s) and client CA of one certificate entry, named `prefix…`. */
export function certificateResources(
    prefix: string,
    cert: ResolvedCertificate,
    existing: ExistingCertificateConfig | undefined,
    { parent, now, gateway, planes, issuers }: CredentialContext,
): CertificateResources {
    if (cert.external) return {};
    if (cert.certManager) {
        const issuer = issuers?.[cert.certManager.issuerRef.name];
        const args = {
            secretName: cert.secretName,
            namespace: credentialNamespace(gateway),
            settings: cert.certManager,
            ...(planes !== undefined && { planes }),
        };
        return { managed: new CertManagerCredential(prefix, args, { parent, ...(issuer && { dependsOn: [issuer] }) }) };
    }
    const renewal = (validityDays: number) => renewalGeneration(validityDays, cert.renewBeforeDays, now);
    const client =
        cert.clientCa?.generate && clientAuthority(prefix, cert.name, cert.clientCa.generate, renewal, parent);
    const clients = { clientAuthority: client?.authority, sampleClient: client?.sample };
    const common = {
        ...(planes !== undefined && { planes }),
        namespace: credentialNamespace(gateway),
        clientCaPem: client ? client.authority.certPem : cert.clientCa?.certPem,
    };
    if (!cert.issue) {
        const source = { kind: "existing" as const, ...existing! };
        const credential = new GatewayCredential(
            prefix,
            { ...common, secretName: cert.secretName, source },
            { parent },
        );
        return { credential, ...clients };
    }
    const { ca, ...settings } = cert.issue;
    const authority = new CertificateAuthority(
        prefix,
        {
            subject: ca.subject,
            validityDays: ca.validityDays,
            key: settings,
            renewalTrigger: `renewal=${renewal(ca.validityDays)}`,
        },
        { parent },
    );
    const source = {
        kind: "issued" as const,
        authority,
        settings,
        issuanceTrigger: issuanceTrigger(cert.rotation, renewal(settings.validityDays)),
    };
    const credential = new GatewayCredential(prefix, { ...common, secretName: cert.secretName, source }, { parent });
    // dualStack: the same hosts with the other key algorithm, signed by the same CA.
    const secondary =
        cert.secondarySecretName === undefined
            ? undefined
            : new GatewayCredential(
                  `${prefix}${secondarySuffix(settings.keyAlgorithm)}`,
                  {
                      ...common,
                      secretName: cert.secondarySecretName,
                      source: {
                          ...source,
                          settings: { ...settings, keyAlgorithm: secondaryAlgorithm(settings.keyAlgorithm) },
                      },
                  },
                  { parent },
              );
    return { authority, credential, secondary, ...clients };
}

/** A generated client CA for MUTUAL / OPTIONAL_MUTUAL, and optionally a sample client certificate it signs. */
function clientAuthority(
    prefix: string,
    certName: string,
    generate: NonNullable<ResolvedClientCa["generate"]>,
    renewal: (validityDays: number) => number,
    parent: pulumi.Resource,
) {
    const authority = new CertificateAuthority(
        `${prefix}-client`,
        {
            subject: { commonName: generate.commonName },
            validityDays: generate.validityDays,
            key: { keyAlgorithm: "ECDSA", rsaBits: 2048, ecdsaCurve: "P256" },
            renewalTrigger: `renewal=${renewal(generate.validityDays)}`,
        },
        { parent },
    );
    const sample = generate.sampleClient
        ? new ClientCertificate(
              `${prefix}-sample-client`,
              {
                  authority,
                  commonName: `${certName}-sample-client`,
                  validityDays: Math.min(365, generate.validityDays),
              },
              { parent },
          )
        : undefined;
    return { authority, sample };
}
