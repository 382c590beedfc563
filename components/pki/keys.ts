// Key and usage settings shared by the CA and the server certificate.

import type * as tls from "@pulumi/tls";
import type { IssuanceSettings } from "../../config/resolved";

export type KeySettings = Pick<IssuanceSettings, "keyAlgorithm" | "rsaBits" | "ecdsaCurve">;

/** PrivateKey inputs with only the field of the chosen algorithm set: @pulumi/tls defaults ECDSA to P224. */
export function privateKeyArgs(key: KeySettings): tls.PrivateKeyArgs {
    return key.keyAlgorithm === "RSA"
        ? { algorithm: "RSA", rsaBits: key.rsaBits }
        : { algorithm: "ECDSA", ecdsaCurve: key.ecdsaCurve };
}

/** Key usages of a TLS server certificate. Key encipherment applies to RSA key exchange only. */
export function serverCertificateUses(algorithm: KeySettings["keyAlgorithm"]): string[] {
    return algorithm === "RSA"
        ? ["digital_signature", "key_encipherment", "server_auth"]
        : ["digital_signature", "server_auth"];
}

/** Key usages of a root CA (@pulumi/tls takes them in snake_case). */
export const CA_USES = ["cert_signing", "crl_signing", "digital_signature"];

/** PrivateKey outputs that hold key material; marked secret whatever the provider's schema says. */
export const PRIVATE_KEY_SECRET_OUTPUTS = ["privateKeyPem", "privateKeyOpenssh", "privateKeyPemPkcs8"];

export const HOURS_PER_DAY = 24;
