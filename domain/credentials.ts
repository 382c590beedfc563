// What a stack provides as gateway credentials, and the names the component writes on its objects for the
// policy pack to read. The one definition of both: `npm run schemas` copies this file, as it is, into
// policy/shared.ts, so that the pack stays self-contained for `pulumi policy publish`. No imports here.

/** The Secret type of every gateway credential. */
export const TLS_SECRET_TYPE = "kubernetes.io/tls";
/** ASM rejects credential secrets whose names start with these (its docs; upstream Istio dropped the rule in 1.9). */
export const RESERVED_SECRET_PREFIXES = ["istio", "prometheus"] as const;
/** Recorded on an Istio Gateway by SecureIngress: the namespace of the gateway pods, where credentials must live. */
export const WORKLOAD_NAMESPACE_ANNOTATION = "istio-gateway-tls.io/workload-namespace";
/** The Gateway's annotation listing credential Secrets managed elsewhere (`external`), comma-separated. */
export const EXTERNAL_CREDENTIALS_ANNOTATION = "istio-gateway-tls.io/external-credentials";
/** Where gateway pods run when a Gateway does not say otherwise. */
export const DEFAULT_WORKLOAD_NAMESPACE = "istio-system";
/** The label (key and value) on every Secret and Certificate this package manages. */
export const PART_OF_LABEL = ["app.kubernetes.io/part-of", "istio-gateway-tls"] as const;

/** Pulumi type tokens of what provides a credential. */
export const SECRET_RESOURCE_TYPE = "kubernetes:core/v1:Secret";
export const CERTIFICATE_RESOURCE_TYPE = "kubernetes:cert-manager.io/v1:Certificate";

/** A resource as a policy sees it: its type token and its (unwrapped) inputs. */
export interface ResourceLike {
    readonly type: string;
    readonly props: {
        readonly type?: unknown;
        readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
        readonly spec?: { readonly secretName?: unknown };
    };
}

/** A Secret that a stack's resource puts in a namespace for a gateway to load. */
export interface ProvidedCredential {
    readonly namespace: string;
    readonly name: string;
    /** The Secret's type: `kubernetes.io/tls` for a cert-manager Certificate's. */
    readonly secretType: string;
    /** What provides it: a Secret the stack writes, or a cert-manager Certificate that issues into it. */
    readonly by: "Secret" | "Certificate";
}

/**
 * The credentials a stack provides: each Secret it manages (of any type, so a rule can say why the wrong one
 * does not serve), and each cert-manager Certificate's `secretName`, in the Certificate's namespace.
 * Names still unknown (a preview) are left out.
 */
export function providedCredentials(resources: readonly ResourceLike[]): ProvidedCredential[] {
    return resources.flatMap((r): ProvidedCredential[] => {
        const namespace = String(r.props.metadata?.namespace ?? "default");
        const name = r.props.metadata?.name;
        if (r.type === SECRET_RESOURCE_TYPE && typeof name === "string") {
            return [{ namespace, name, secretType: String(r.props.type ?? "Opaque"), by: "Secret" }];
        }
        if (r.type === CERTIFICATE_RESOURCE_TYPE && typeof r.props.spec?.secretName === "string") {
            return [{ namespace, name: r.props.spec.secretName, secretType: TLS_SECRET_TYPE, by: "Certificate" }];
        }
        return [];
    });
}
