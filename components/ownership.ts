// The stack's mark on each object it creates (domain/ownership.ts says why).
import * as pulumi from "@pulumi/pulumi";
import { STACK_ANNOTATION, stackIdentity } from "../domain/ownership";

/** `{ "istio-gateway-tls.io/stack": "<project>/<stack>" }`, for an object's `metadata.annotations`. */
export function stackAnnotation(): Record<string, string> {
    return { [STACK_ANNOTATION]: stackIdentity(pulumi.getProject(), pulumi.getStack()) };
}
