// The private keys the stack issues, in @pulumi/tls's own spelling: what the model offers and the PKI makes.

/** Key algorithms accepted by @pulumi/tls. */
export const KEY_ALGORITHMS = ["RSA", "ECDSA"] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** RSA sizes we issue: 2048 is the floor browsers and Istio accept. */
export const RSA_BITS = [2048, 3072, 4096] as const;

/** ECDSA curves we issue. @pulumi/tls defaults to P224, which we never want. */
export const ECDSA_CURVES = ["P256", "P384"] as const;

/** The second key algorithm of a dualStack credential. */
export function secondaryAlgorithm(primary: KeyAlgorithm): KeyAlgorithm {
    return primary === "RSA" ? "ECDSA" : "RSA";
}
